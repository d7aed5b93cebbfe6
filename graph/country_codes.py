"""`cyberkg link --dataset country-codes`: every state of the gazetteer and the graph gets its Wikidata item,
GeoNames feature, UN M49 code and UN (UNTERM) names from datasets/country-codes, as SSSOM-style Mapping
nodes (method 'dataset lookup', justification semapv:MappingChaining: our state -> its ISO 3166-1 code from
pycountry -> the dataset's row; cko:mappingSource the dataset) in the dataset's own named graph.

A row is found by the state's ISO alpha-2 code, never by name. Confidence 1.0 when the row's own names
also resolve to the state, 0.9 when only the code joins them. A link that contradicts a curated or
reconciled one (another Wikidata item or GeoNames feature for the same state) is reported and left out:
the curated link stands. Rows whose ISO alpha-3/numeric codes differ from pycountry's are reported too.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from types import ModuleType

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from cyberkg.errors import InputError
from cyberkg.graph import links
from cyberkg.graph.datasets import DatasetGraph, Fetched
from cyberkg.graph.states import StateIndex, StateRef
from cyberkg.graph.store import Store
from cyberkg.namespaces import CKO, GEONAMES, LINKS_GRAPH, WD

REQUIRED = (
    "ISO3166-1-Alpha-2",
    "ISO3166-1-Alpha-3",
    "ISO3166-1-numeric",
    "is_independent",
    "M49",
    "Geoname ID",
    "wikidata_id",
    "CLDR display name",
    "UNTERM English Short",
    "UNTERM English Formal",
)
FORMAL = {
    "en": "UNTERM English Formal",
    "fr": "UNTERM French Formal",
    "es": "UNTERM Spanish Formal",
    "ru": "UNTERM Russian Formal",
    "zh": "UNTERM Chinese Formal",
    "ar": "UNTERM Arabic Formal",
}
WIKIDATA = re.compile(r"^https?://www\.wikidata\.org/(?:wiki|entity)/(Q\d+)$")
_CURATED = f"""
SELECT ?e ?target WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?e <{SKOS.exactMatch}> ?target }} }}"""


@dataclass
class LinkSummary:
    rows: int = 0
    independent: int = 0
    states: int = 0  # states of ours that got a row
    wikidata: int = 0
    geonames: int = 0
    new_states: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # independent states of the dataset without a gazetteer entry
    disagreements: list[str] = field(default_factory=list)
    facts: int = 0


def read_rows(fetched: Fetched) -> list[tuple[int, dict]]:
    try:
        text = fetched.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", fetched.display) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"not the country-codes table: missing column(s) {', '.join(missing)}", fetched.display, 1)
    rows = []
    for row in reader:
        if None in row:  # more cells than header columns
            raise InputError("row has more cells than the header", fetched.display, reader.line_num)
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _curated(store: Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e, target in store.rows(_CURATED):
        found.setdefault(str(e), set()).add(str(target))  # both required by the query
    return found


def build_graph(fetched: Fetched, states: StateIndex, store: Store) -> tuple[DatasetGraph, LinkSummary]:
    import pycountry

    out, summary = DatasetGraph(fetched), LinkSummary()
    out.describe(f"{fetched.spec.title}, {fetched.spec.path}", None)
    curated = _curated(store)
    wanted = {code for code, ref in states.by_code.items() if ref.in_graph or ref.gazetteer_id}
    seen: set[str] = set()
    for line, row in read_rows(fetched):
        summary.rows += 1
        code, independent = row["ISO3166-1-Alpha-2"], row["is_independent"] == "Yes"
        summary.independent += independent
        ref = states.by_alpha2(code) if code in wanted else None
        if ref is None:
            if independent:
                summary.missing.append(f"{row['CLDR display name']} ({code})")
            continue
        seen.add(code)
        pointer, quote = f"row {line}", row["CLDR display name"] or row["UNTERM English Short"]
        out.state(ref, pointer, quote)
        if not ref.in_graph:
            summary.new_states.append(ref.label)
        summary.disagreements += _iso_check(pycountry, ref, row, line)
        found = [
            links.Link(
                _local(ref),
                p,
                t,
                "dataset lookup",
                _confidence(states, ref, row),
                True,
                f"{fetched.spec.id} {pointer}: ISO {code}",
            )
            for p, t in _targets(row)
        ]
        kept = _keep(found, curated.get(ref.iri, set()), ref, line, summary)
        links.emit(kept, out.sink, out.graph, out.doc)
        summary.wikidata += sum(1 for k in kept if str(k.target).startswith(str(WD)))
        summary.geonames += sum(1 for k in kept if str(k.target).startswith(GEONAMES))
        summary.states += 1
    summary.missing += [
        f"{ref.label} (no row for {code})" for code, ref in sorted(states.by_code.items()) if code in wanted and code not in seen
    ]
    summary.facts = out.facts
    return out, summary


def _local(ref: StateRef) -> str:
    return ref.iri.rsplit("/", 1)[-1]


def _targets(row: dict) -> list[tuple[URIRef, URIRef | Literal]]:
    found: list[tuple[URIRef, URIRef | Literal]] = []
    if m := WIKIDATA.match(row["wikidata_id"]):
        found.append((SKOS.exactMatch, WD[m.group(1)]))
    if row["Geoname ID"].isdigit():
        found.append((SKOS.exactMatch, URIRef(f"{GEONAMES}{row['Geoname ID']}/")))
    if row["M49"].isdigit():
        found.append((CKO.m49Code, Literal(row["M49"])))
    if row["UNTERM English Short"]:
        found.append((CKO.unNameShort, Literal(row["UNTERM English Short"], lang="en")))
    for lang, column in FORMAL.items():
        if row.get(column):
            found.append((CKO.unNameFormal, Literal(row[column], lang=lang)))
    return found


def _confidence(states: StateIndex, ref: StateRef, row: dict) -> float:
    names = (row["CLDR display name"], row["UNTERM English Short"], row.get("official_name_en", ""))
    return 1.0 if any((r := states.resolve(n)) is not None and r.alpha2 == ref.alpha2 for n in names if n) else 0.9


def _keep(found: list[links.Link], curated: set[str], ref: StateRef, line: int, summary: LinkSummary) -> list[links.Link]:
    kept = []
    for link in found:
        space = str(WD) if str(link.target).startswith(str(WD)) else GEONAMES
        rivals = {c for c in curated if c.startswith(space) and c != str(link.target)}
        if isinstance(link.target, URIRef) and rivals:
            summary.disagreements.append(
                f"row {line}: {ref.label}: the dataset gives {link.target}, the curated links give "
                f"{', '.join(sorted(rivals))}; kept the curated link"
            )
            continue
        kept.append(link)
    return kept


def _iso_check(pycountry: ModuleType, ref: StateRef, row: dict, line: int) -> list[str]:
    country = pycountry.countries.get(alpha_2=ref.alpha2)
    problems = []
    for column, ours in (("ISO3166-1-Alpha-3", country.alpha_3), ("ISO3166-1-numeric", country.numeric)):
        theirs = row[column]
        if theirs and theirs.zfill(3 if "numeric" in column else 0) != ours:
            problems.append(f"row {line}: {ref.label}: {column} is {theirs} in the dataset, {ours} in pycountry")
    return problems
