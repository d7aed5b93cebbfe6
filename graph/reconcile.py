"""`cyberkg link`: reconcile entities that have no Wikidata link against a SPARQL endpoint (Wikidata's
public one by default, or any Wikidata-shaped endpoint) by label, alias, type and context.

Score of a candidate item (README § Linking):
  label  +0.6 exact rdfs:label match, +0.45 when only an alias (skos:altLabel) matches;
  type   +0.2 when its wdt:P31 is what our class expects (human; sovereign state/country; organisation
         types are not checked), -0.5 when it contradicts (a human for an organisation, or the reverse);
  place  +0.2 when its country (P27 citizenship / P17 country) is the Wikidata item of the state our
         graph ties the entity to, -0.5 when it names another country (a namesake elsewhere).
A candidate is accepted at 0.8 or more when no other candidate comes within 0.1 of it.

Polite: one request per entity, a timeout, retries with back-off, a descriptive User-Agent, answers
cached on disk (so a rerun asks nothing twice); unreachable endpoint -> a clear message, no change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cyberkg.errors import StoreError
from cyberkg.graph.links import LINKS_FILE
from cyberkg.graph.store import Store
from cyberkg.graph.wikidata import WikidataClient
from cyberkg.namespaces import CKO, RDFS, SKOS, WD

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
ACCEPT_AT, MARGIN = 0.8, 0.1
EXPECTED_TYPES = {"Person": {str(WD.Q5)}, "State": {str(WD.Q3624078), str(WD.Q6256)}}

_ENTITIES = f"""
SELECT DISTINCT ?e ?label ?kind WHERE {{
  VALUES ?kind {{ <{CKO}State> <{CKO}Person> <{CKO}Organisation> <{CKO}Law> }}
  ?e a ?kind ; <{RDFS.label}> ?label .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/cyberkg/id/"))
  FILTER NOT EXISTS {{ ?e <{CKO}isUnnamed> true }}
  FILTER NOT EXISTS {{ ?e <{SKOS.exactMatch}> ?w FILTER(STRSTARTS(STR(?w), "{WD}")) }}
}} ORDER BY ?e"""
_ALIASES = f"SELECT ?e ?alias WHERE {{ ?e <{SKOS.altLabel}> ?alias }}"
_PLACES = f"""
SELECT DISTINCT ?e ?place WHERE {{
  ?e (<{CKO}basedIn>|<{CKO}represents>|<{CKO}actsFor>|<{CKO}governmentOf>|<{CKO}locatedIn>
      |(<{CKO}holdsPost>/<{CKO}postIn>/<{CKO}governmentOf>)|(<{CKO}holdsPost>/<{CKO}postIn>)) ?state .
  ?state a <{CKO}State> ; <{SKOS.exactMatch}> ?place .
  FILTER(STRSTARTS(STR(?place), "{WD}"))
}}"""


@dataclass
class Candidate:
    entity: str
    item: str
    label: str
    score: float
    reasons: list[str] = field(default_factory=list)
    accepted: bool = False


@dataclass
class Outcome:
    candidates: list[Candidate]
    skipped: str | None = None  # why nothing was asked (offline)

    def accepted(self) -> list[Candidate]:
        return [c for c in self.candidates if c.accepted]


def _entities(store: Store) -> list[dict]:
    aliases, places = defaultdict(list), defaultdict(set)
    for e, alias in store.rows(_ALIASES):
        aliases[e].append(alias)
    for e, place in store.rows(_PLACES):
        places[e].add(place)
    found: dict[str, dict] = {}
    for e, label, kind in store.rows(_ENTITIES):
        assert e is not None and kind is not None  # required by the query
        entry = found.setdefault(e, {"iri": e, "label": label, "kinds": set(), "aliases": aliases[e], "places": places[e]})
        entry["kinds"].add(kind.rsplit("#", 1)[-1])
    return list(found.values())


def _candidate_query(names: list[str]) -> str:
    values = " ".join(json.dumps(n) + "@en" for n in sorted(set(names)))
    return f"""PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?item ?name ?how ?type ?country WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item <{RDFS.label}> ?name . BIND("label" AS ?how) }}
  UNION {{ ?item <{SKOS.altLabel}> ?name . BIND("alias" AS ?how) }}
  OPTIONAL {{ ?item wdt:P31 ?type }}
  OPTIONAL {{ ?item wdt:P27|wdt:P17 ?country }}
}}"""


def score(entity: dict, item_rows: list[dict]) -> Candidate:
    first = item_rows[0]
    how = {r["how"] for r in item_rows}
    types = {r["type"] for r in item_rows if "type" in r}
    countries = {r["country"] for r in item_rows if "country" in r}
    total, reasons = (0.6, ["label"]) if "label" in how else (0.45, ["alias"])
    for kind in sorted(entity["kinds"]):
        expected = EXPECTED_TYPES.get(kind)
        human = str(WD.Q5) in types
        if expected and types & expected:
            total += 0.2
            reasons.append(f"type {kind}")
        elif (kind == "Person" and types and not human) or (kind != "Person" and human):
            total -= 0.5
            reasons.append(f"type contradicts {kind}")
    if entity["places"] and countries:
        if countries & entity["places"]:
            total += 0.2
            reasons.append("country matches")
        else:
            total -= 0.5
            reasons.append("another country")
    return Candidate(entity["iri"], first["item"], first["name"], round(total, 3), reasons)


def reconcile(
    store: Store, endpoint: str = DEFAULT_ENDPOINT, cache_dir: Path | None = None, timeout: float = 20.0, retries: int = 3
) -> Outcome:
    cache = cache_dir or Path(os.environ.get("CYBERKG_CACHE", "var/cache")) / "link"
    client = WikidataClient(endpoint, cache, timeout, retries)
    candidates: list[Candidate] = []
    for entity in _entities(store):
        try:
            rows = client.select(_candidate_query([entity["label"], *entity["aliases"]]))
        except StoreError as exc:
            return Outcome(
                candidates,
                skipped=f"{endpoint} could not be reached ({exc}); reconciliation skipped, "
                "links unchanged (offline? try again with a network)",
            )
        by_item: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_item[row["item"]].append(row)
        scored = sorted((score(entity, r) for r in by_item.values()), key=lambda c: (-c.score, c.item))
        if scored and scored[0].score >= ACCEPT_AT and (len(scored) == 1 or scored[0].score - scored[1].score >= MARGIN):
            scored[0].accepted = True
        candidates += scored
    return Outcome(candidates)


def write_links(accepted: list[Candidate], seeds_dir: Path, endpoint: str) -> Path:
    """Append accepted links to the seeds' links.yaml (kept by every rebuild)."""
    path = seeds_dir / LINKS_FILE
    today = dt.date.today().isoformat()
    lines = [] if path.exists() and path.read_text(encoding="utf-8").endswith("\n") else [""]
    for c in accepted:
        qid = c.item.rsplit("/", 1)[-1]
        lines += [
            f"- entity: {c.entity.rsplit('/', 1)[-1]}",
            f"  target: wikidata:{qid}",
            "  method: reconciled",
            f"  confidence: {c.score}",
            "  verified: true",
            f"  note: {json.dumps(f'Reconciled against {endpoint} on {today}: ' + ', '.join(c.reasons))}",
        ]
    with open(path, "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return path
