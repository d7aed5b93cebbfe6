"""`cyberkg import misp-galaxy`: the MISP galaxy Threat Actor cluster as threat actors and claims.

Per actor (record /values/N): a `cko:ThreatActor` with its name (rdfs:label), synonyms (skos:altLabel, so
the extractor finds them in articles), ATT&CK group ids (cko:attackId, and skos:exactMatch to the group's
attack.mitre.org page), description and references (cko:reference). What the dataset says about states is
never a fact about the state, always a claim about the actor's operations (a `cko:Incident` per actor,
"Operations of APT1"), with the dataset as its source (Evidence pointing at the record):
- `cfr-suspected-state-sponsor`: an AttributionClaim by the Council on Foreign Relations (its Cyber
  Operations Tracker, whose page is cited where the record gives it), role 'suspected state sponsor';
- `country`: an AttributionClaim by the MISP Project, role 'country of origin';
- both keep `attribution-confidence` (cko:attributionConfidence, 0-100);
- `cfr-suspected-victims` and `cfr-target-category`: one TargetingClaim by CFR per record, whose alleged
  victims are states (when the name is a state of the gazetteer) and `cko:Sector`s ("Government"), and
  whose other victims stay words (cko:victimText: "Middle East", "U.S. satellite and aerospace sector");
- `related` (to another actor of the cluster): an Assessment by the MISP Project with the relation type and
  its estimative likelihood. "Unknown" sponsors and places that are not states make no state claim.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from cyberkg.errors import InputError
from cyberkg.graph.datasets import DatasetGraph, Fetched
from cyberkg.graph.states import StateIndex, StateRef
from cyberkg.namespaces import CKO, CKR

CFR = CKR["council-on-foreign-relations"]
MISP = CKR["misp-project"]
ATTACK_ID = re.compile(r"^G\d{4}$")
LIKELIHOOD = re.compile(r'likelihood-probability="([a-z-]+)"')
NOT_A_SPONSOR = {"unknown", ""}


@dataclass
class ImportSummary:
    actors: int = 0
    synonyms: int = 0
    attack_ids: int = 0
    sponsor_claims: int = 0
    origin_claims: int = 0
    targeting_claims: int = 0
    state_victims: set[tuple[str, str]] = field(default_factory=set)  # (claim, ISO code): a state named twice is one
    text_victims: set[tuple[str, str]] = field(default_factory=set)
    sector_victims: set[tuple[str, str]] = field(default_factory=set)
    related: int = 0
    new_states: set[str] = field(default_factory=set)
    not_states: dict[str, int] = field(default_factory=dict)  # sponsor/country values that name no state
    facts: int = 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


def parse(fetched: Fetched) -> dict:
    try:
        data = json.loads(fetched.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not a MISP galaxy cluster: {' '.join(str(exc).split())}", fetched.display, line) from None
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise InputError("not a MISP galaxy cluster: no 'values' list", fetched.display)
    for i, v in enumerate(data["values"]):
        if not isinstance(v, dict) or not isinstance(v.get("value"), str) or not isinstance(v.get("uuid"), str):
            raise InputError(f"record /values/{i} has no 'value' or 'uuid'", fetched.display)
        if not isinstance(v.get("meta", {}), dict):
            raise InputError(f"record /values/{i}: 'meta' is not an object", fetched.display)
    return data


def actor_ids(values: list[dict]) -> dict[str, str]:
    """uuid -> entity id 'ta-<name>', disambiguated by the uuid when two names slug alike."""
    seen: dict[str, int] = {}
    for v in values:
        seen[slug(v["value"])] = seen.get(slug(v["value"]), 0) + 1
    return {v["uuid"]: f"ta-{slug(v['value'])}" + (f"-{v['uuid'][:8]}" if seen[slug(v["value"])] > 1 else "") for v in values}


class _Importer:
    def __init__(self, out: DatasetGraph, states: StateIndex, ids: dict[str, str]) -> None:
        self.out, self.states, self.ids = out, states, ids
        self.summary = ImportSummary()
        self.sectors: dict[str, URIRef] = {}

    @staticmethod
    def actor_of(ops: URIRef) -> URIRef:
        return URIRef(str(ops).removesuffix("-operations"))

    def state(self, ref: StateRef, pointer: str, quote: str) -> URIRef:
        if not ref.in_graph:
            self.summary.new_states.add(ref.label)
        return self.out.state(ref, pointer, quote)

    def actor(self, i: int, v: dict) -> None:
        meta, base = v.get("meta") or {}, f"/values/{i}"
        a = CKR[self.ids[v["uuid"]]]
        name = v["value"]
        f = self.out.fact
        f(a, RDF.type, CKO.ThreatActor, f"{base}/value", name)
        f(a, RDFS.label, Literal(name), f"{base}/value", name)
        self.summary.actors += 1
        for k, syn in enumerate(_strings(meta.get("synonyms"))):
            if ATTACK_ID.match(syn):
                f(a, CKO.attackId, Literal(syn), f"{base}/meta/synonyms/{k}", syn)
                f(a, SKOS.exactMatch, URIRef(f"https://attack.mitre.org/groups/{syn}/"), f"{base}/meta/synonyms/{k}", syn)
                self.summary.attack_ids += 1
            elif syn.strip() and syn != name:
                f(a, SKOS.altLabel, Literal(syn), f"{base}/meta/synonyms/{k}", syn)
                self.summary.synonyms += 1
        if isinstance(v.get("description"), str) and v["description"].strip():
            f(a, CKO.description, Literal(v["description"]), f"{base}/description", v["description"])
        refs = _strings(meta.get("refs"))
        for k, url in enumerate(refs):
            if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
                f(a, CKO.reference, Literal(url, datatype=XSD.anyURI), f"{base}/meta/refs/{k}", url)
        self.claims(i, v, a, meta, refs)

    def claims(self, i: int, v: dict, a: URIRef, meta: dict, refs: list[str]) -> None:
        base, name, f = f"/values/{i}", v["value"], self.out.fact
        sponsor = meta.get("cfr-suspected-state-sponsor")
        country = meta.get("country")
        victims = _strings(meta.get("cfr-suspected-victims"))
        categories = _strings(meta.get("cfr-target-category"))
        if not (sponsor or country or victims or categories):
            return
        ops = CKR[f"{self.ids[v['uuid']]}-operations"]
        kinds = _strings(meta.get("cfr-type-of-incident"))
        f(ops, RDF.type, CKO.EspionageCampaign if "Espionage" in kinds else CKO.Incident, base, name)
        f(ops, RDFS.label, Literal(f"Operations of {name}"), base, name)
        f(ops, CKO.participant, a, base, name)
        for kind in kinds:
            f(ops, CKO.incidentType, Literal(kind), f"{base}/meta/cfr-type-of-incident", kind)
        confidence = _confidence(meta.get("attribution-confidence"))
        cfr_page = next((u for u in refs if "cfr.org/" in u and "cyber-operations" in u), None)
        if isinstance(sponsor, str) and sponsor.strip().lower() not in NOT_A_SPONSOR:
            self.attribution(
                ops,
                name,
                "sponsor",
                CFR,
                sponsor,
                f"{base}/meta/cfr-suspected-state-sponsor",
                "suspected state sponsor",
                confidence,
                cfr_page,
            )
        if isinstance(country, str) and country.strip():
            self.attribution(ops, name, "origin", MISP, country, f"{base}/meta/country", "country of origin", confidence, None)
        if victims or categories:
            self.targeting(ops, name, victims, categories, f"{base}/meta", cfr_page)

    def attribution(
        self,
        ops: URIRef,
        name: str,
        role_id: str,
        claimant: URIRef,
        value: str,
        pointer: str,
        role: str,
        confidence: int | None,
        page: str | None,
    ) -> None:
        ref = self.states.resolve(value)
        if ref is None:
            self.summary.not_states[value] = self.summary.not_states.get(value, 0) + 1
            return
        f = self.out.fact
        claim = CKR[f"{ops.rsplit('/', 1)[-1]}-{role_id}-claim"]
        state = self.state(ref, pointer, value)
        f(claim, RDF.type, CKO.AttributionClaim, pointer, value)
        who = "CFR" if claimant == CFR else "MISP"
        f(claim, RDFS.label, Literal(f"{who}: {name} — {role} {ref.label}"), pointer, value)
        f(claim, CKO.claimant, claimant, pointer, value)
        f(claim, CKO.subject, ops, pointer, value)
        f(claim, CKO.aboutActor, self.actor_of(ops), pointer, value)
        f(claim, CKO.attributedTo, state, pointer, value)
        f(claim, CKO.attributionRole, Literal(role), pointer, value)
        if confidence is not None:
            f(
                claim,
                CKO.attributionConfidence,
                Literal(confidence, datatype=XSD.integer),
                pointer.rsplit("/", 1)[0] + "/attribution-confidence",
                str(confidence),
            )
        if page:
            f(claim, CKO.reference, Literal(page, datatype=XSD.anyURI), pointer, value)
        if role_id == "sponsor":
            self.summary.sponsor_claims += 1
        else:
            self.summary.origin_claims += 1

    def targeting(
        self, ops: URIRef, name: str, victims: list[str], categories: list[str], pointer: str, page: str | None
    ) -> None:
        """One claim per record: CFR's list of the actor's suspected victims and target categories."""
        f = self.out.fact
        claim = CKR[f"{ops.rsplit('/', 1)[-1]}-targets-claim"]
        where = f"{pointer}/cfr-suspected-victims" if victims else f"{pointer}/cfr-target-category"
        words = ", ".join(victims or categories)
        f(claim, RDF.type, CKO.TargetingClaim, where, words)
        f(claim, RDFS.label, Literal(f"CFR: {name} targeted {_clip(words, 80)}"), where, words)
        f(claim, CKO.claimant, CFR, where, words)
        f(claim, CKO.subject, ops, where, words)
        f(claim, CKO.aboutActor, self.actor_of(ops), where, words)
        if page:
            f(claim, CKO.reference, Literal(page, datatype=XSD.anyURI), where, words)
        self.summary.targeting_claims += 1
        for k, value in enumerate(victims):
            ref, at = self.states.resolve(value), f"{pointer}/cfr-suspected-victims/{k}"
            if ref is not None:
                f(claim, CKO.allegedVictim, self.state(ref, at, value), at, value)
                self.summary.state_victims.add((str(claim), ref.alpha2))
            else:
                f(claim, CKO.victimText, Literal(value), at, value)
                self.summary.text_victims.add((str(claim), value))
        for k, value in enumerate(categories):
            at = f"{pointer}/cfr-target-category/{k}"
            sector = self.sector(value, at)
            f(claim, CKO.allegedVictim, sector, at, value)
            self.summary.sector_victims.add((str(claim), str(sector)))

    def sector(self, value: str, pointer: str) -> URIRef:
        key = value.strip().casefold()
        if key not in self.sectors:  # "Civil society" and "Civil Society" are one sector
            iri = CKR[f"sector-{slug(value)}"]
            self.out.fact(iri, RDF.type, CKO.Sector, pointer, value)
            self.out.fact(iri, RDFS.label, Literal(f"{value.strip()} (sector)"), pointer, value)
            self.sectors[key] = iri
        return self.sectors[key]

    def related(self, i: int, v: dict) -> None:
        a, name = CKR[self.ids[v["uuid"]]], v["value"]
        for k, rel in enumerate(v.get("related") or []):
            dest = self.ids.get(str(rel.get("dest-uuid"))) if isinstance(rel, dict) else None
            if dest is None:  # a tool or another galaxy's cluster: not an actor of this one
                continue
            kind = str(rel.get("type") or "related")
            likelihood = next((m.group(1) for t in _strings(rel.get("tags")) if (m := LIKELIHOOD.search(t))), None)
            pointer, quote = f"/values/{i}/related/{k}", f"{kind} {rel['dest-uuid']}"
            claim = CKR[f"{self.ids[v['uuid']]}-{slug(kind)}-{dest}"]
            f = self.out.fact
            f(claim, RDF.type, CKO.Assessment, pointer, quote)
            f(claim, RDFS.label, Literal(f"MISP: {name} {kind} {dest[3:]}"), pointer, quote)
            f(claim, CKO.claimant, MISP, pointer, quote)
            f(claim, CKO.subject, a, pointer, quote)
            f(claim, CKO.relatedActor, CKR[dest], pointer, quote)
            f(claim, CKO.relationType, Literal(kind), pointer, quote)
            if likelihood:
                f(claim, CKO.likelihood, Literal(likelihood), pointer, quote)
            self.summary.related += 1


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _confidence(value: object) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 <= number <= 100 else None


def build_graph(fetched: Fetched, states: StateIndex) -> tuple[DatasetGraph, ImportSummary]:
    data = parse(fetched)
    out = DatasetGraph(fetched)
    version = str(data.get("version")) if data.get("version") is not None else None
    out.describe(
        f"MISP galaxy: {data.get('name', 'Threat Actor')} cluster" + (f", version {version}" if version else ""), version
    )
    for iri, cls, label, alias in (
        (CFR, CKO.Organisation, "Council on Foreign Relations", "CFR"),
        (MISP, CKO.Organisation, "MISP Project", "MISP"),
    ):
        out.curated(iri, RDF.type, cls)
        out.curated(iri, RDFS.label, Literal(label))
        out.curated(iri, SKOS.altLabel, Literal(alias))
    values = sorted(enumerate(data["values"]), key=lambda iv: iv[1]["uuid"])  # the file's order may change
    importer = _Importer(out, states, actor_ids([v for _, v in values]))
    for i, v in values:
        importer.actor(i, v)
    for i, v in values:
        importer.related(i, v)
    importer.summary.facts = out.facts
    return out, importer.summary
