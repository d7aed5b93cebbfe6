"""Projections of the stored RDF graph into networkx graphs (README § Network analyses).

Everything here is computed from one pass over the store's merged default graph (`Snapshot`), so a
projection is a function of the store, never a second hand-kept copy:

- entity graph (MultiDiGraph): every entity (anything typed with an ontology class, plus the scope
  topics) is a node; each object-property triple between two entities is an edge keyed by its
  predicate; literals (dates, labels, descriptions) become node attributes;
- actor graph (Graph): states, people, organisations and collectives, joined when they share an
  agreement, event, incident, claim or post ("hub"), or are linked directly (basedIn, memberOf, ...);
  the weight counts the connections;
- actor-event graph (bipartite Graph): actors on one side (bipartite=0), hubs on the other (1);
- sponsor-actor-victim graph (DiGraph): state -sponsor-> threat actor -targets-> state, from the claims
  (a suspected-sponsor AttributionClaim; a TargetingClaim's alleged victims, or the victim of an incident
  a claim attributes to the actor), each edge with its claimants and sources; and actor -based in-> state
  where a source places the actor (cko:basedIn), the articles' view beside the datasets' claims;
- time slices: any of them `as_of` a date drops what cannot yet have happened then
  (a dated thing whose earliest possible date, cko:dateNotBefore, is later).

Edges keep the predicate, the documents that support them (`sources`) and a date where an end has one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from cyberkg.errors import UsageError
from cyberkg.graph.store import Lit, Store
from cyberkg.namespaces import CKO, CKR, DOC, INFERRED_GRAPH, OWL, OWN_PREFIXES, PROV, RDF, RDFS, SKOS, TOPIC, shorten

_RDF_TYPE = str(RDF.type)
_RDF = str(RDF)
_LABEL = str(RDFS.label)
_SUBCLASS = str(RDFS.subClassOf)
_ALT_LABEL = str(SKOS.altLabel)
_PREF_LABEL = str(SKOS.prefLabel)
_QUOTED_FROM = str(PROV.wasQuotedFrom)
_CKO, _CKR, _DOC, _TOPIC = str(CKO), str(CKR), str(DOC), str(TOPIC)
_PRECISION = _CKO + "datePrecision"
_NOT_ENTITIES = {_CKO + "Evidence", _CKO + "Mapping", _CKO + "SourceDocument", _CKO + "NewsArticle", _CKO + "Dataset"}

# Broad groups give colours, shapes and the actor/hub split; the first matching class wins.
GROUPS: tuple[tuple[str, str], ...] = (
    ("State", "State"),
    ("Person", "Person"),
    ("Organisation", "Organisation"),
    ("Collective", "Collective"),
    ("Agreement", "Agreement"),
    ("Incident", "Incident"),
    ("Statement", "Statement"),
    ("Event", "Event"),
    ("Claim", "Claim"),
    ("Quotation", "Quotation"),
    ("Law", "Law"),
    ("Post", "Post"),
    ("PostTenure", "Post"),
    ("Asset", "Asset"),
    ("Website", "Asset"),
    ("RelativeTiming", "Other"),
)
ACTOR_GROUPS = frozenset({"State", "Person", "Organisation", "Collective"})
HUB_GROUPS = frozenset({"Agreement", "Incident", "Statement", "Event", "Claim", "Post"})


@dataclass
class Snapshot:
    """What the projections need from the store, read in one pass over its triples."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    literals: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    links: list[tuple[str, str, str]] = field(default_factory=list)
    sources: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    quotes: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, str] = field(default_factory=dict)  # labels of classes and properties

    def label(self, iri: str) -> str:
        labels = self.literals.get(iri, {}).get(_LABEL) or self.literals.get(iri, {}).get(_PREF_LABEL)
        return min(labels) if labels else self.names.get(iri) or short(iri)

    def is_entity(self, iri: str) -> bool:
        return iri in self.kind

    def __post_init__(self) -> None:
        self.kind: dict[str, str] = {}
        self.group: dict[str, str] = {}


def short(iri: str) -> str:
    """A node's id in the projections: entities and documents by their bare local id, terms as cko:/topic:."""
    return shorten(iri, OWN_PREFIXES, bare=("ckr", "doc"), fallback="iri")


_PROPERTIES_QUERY = f"""
SELECT DISTINCT ?p WHERE {{
  VALUES ?kind {{ <{OWL.ObjectProperty}> <{OWL.DatatypeProperty}> }}
  ?p a ?kind . FILTER(STRSTARTS(STR(?p), "{_CKO}"))
}}"""

_EVIDENCE_QUERY = f"""
SELECT ?s ?p ?o ?doc %s WHERE {{
  ?ev <{RDF.predicate}> ?p ;
      <{RDF.object}> ?o ;
      <{RDF.subject}> ?s ;
      <{PROV.wasQuotedFrom}> ?doc .
  FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{_CKO}") && ?p != <{_PRECISION}>)
  %s
}}"""
_INFERRED_QUERY = f"SELECT ?s ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s <%s> ?o FILTER(!isLiteral(?o)) }} }}"
_EVIDENCE_SKIPPED = {_CKO + "quote", _CKO + "charStart", _CKO + "charEnd"}


def read_snapshot(store: Store, with_quotes: bool = False) -> Snapshot:
    """Read only what projections need: one scan per useful predicate (so the evidence nodes' own triples,
    most of the store, are never read) and one SPARQL join for the documents behind each link."""
    snap = Snapshot()
    predicates = sorted({str(row[0]) for row in store.rows(_PROPERTIES_QUERY)} - _EVIDENCE_SKIPPED)
    for predicate in [_RDF_TYPE, _LABEL, _PREF_LABEL, _ALT_LABEL, _SUBCLASS, *predicates]:
        # links as asserted: their entailed inverses and mirror images would only double the edges
        inferred = set() if predicate == _RDF_TYPE else set(store.rows(_INFERRED_QUERY % predicate))
        for s, p, o in store.triples(predicate):
            if inferred and (s, o) in inferred:
                continue
            if isinstance(o, Lit):
                if p == _LABEL and not s.startswith(_CKR) and not s.startswith(_TOPIC):
                    snap.names.setdefault(s, o.value)
                else:
                    snap.literals[s][p].append(o.value)
            elif p == _RDF_TYPE:
                snap.types[s].add(o)
            elif p == _PRECISION:
                snap.literals[s][p].append(o.rsplit("#unit", 1)[-1].lower())
            elif p == _SUBCLASS:
                snap.parents[s].add(o)
            else:
                snap.links.append((s, p, o))
    quote_var, quote_pattern = ("?quote", f"?ev <{_CKO}quote> ?quote .") if with_quotes else ("", "")
    for row in store.rows(_EVIDENCE_QUERY % (quote_var, quote_pattern)):
        key = (str(row[0]), str(row[1]), str(row[2]))  # required by the query, so always bound
        doc = short(str(row[3]))
        snap.sources[key].add(doc)
        if with_quotes:
            snap.quotes[key].append((doc, str(row[4])))
    _classify(snap)
    return snap


def _ancestors(snap: Snapshot, cls: str, seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for parent in snap.parents.get(cls, ()):
        if parent not in seen:
            seen.add(parent)
            _ancestors(snap, parent, seen)
    return seen


def _classify(snap: Snapshot) -> None:
    """Give each entity its most specific class and a broad group."""
    closure: dict[str, set[str]] = {}
    for entity, classes in snap.types.items():
        own = {c for c in classes if c.startswith(_CKO)}
        if not own or own & _NOT_ENTITIES or entity.startswith(_CKO):
            continue
        for cls in own:
            if cls not in closure:
                closure[cls] = _ancestors(snap, cls) | {cls}
        inherited = set().union(*(closure[c] - {c} for c in own))
        specific = sorted(own - inherited) or sorted(own)
        snap.kind[entity] = short(specific[0])[4:]
        names = set().union(*(closure[c] for c in own))
        snap.group[entity] = next((g for cls, g in GROUPS if _CKO + cls in names), "Other")
    used = {o for _, _, o in snap.links if o.startswith(_TOPIC)}  # the scheme's other topics are vocabulary
    for entity in snap.types:
        if entity in used and entity not in snap.kind:
            snap.kind[entity], snap.group[entity] = "Topic", "Topic"


def _first(snap: Snapshot, iri: str, local: str) -> str | None:
    values = snap.literals.get(iri, {}).get(_CKO + local)
    return min(values) if values else None


def _not_before(snap: Snapshot, iri: str) -> dt.date | None:
    value = _first(snap, iri, "dateNotBefore")
    return dt.date.fromisoformat(value) if value else None


def parse_as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of wants a date like 2016-01-01, not '{text}'") from None


def _present(snap: Snapshot, iri: str, as_of: dt.date | None) -> bool:
    if as_of is None:
        return True
    start = _not_before(snap, iri)
    return start is None or start <= as_of


def _node_attributes(snap: Snapshot, iri: str) -> dict:
    attrs = {"label": snap.label(iri), "iri": iri, "class": snap.kind[iri], "group": snap.group[iri]}
    for predicate, values in sorted(snap.literals.get(iri, {}).items()):
        if predicate in (_LABEL, _PREF_LABEL):
            continue
        name = "altLabel" if predicate == _ALT_LABEL else short(predicate).removeprefix("cko:")
        if "/" in name or "#" in name:
            continue
        attrs[name] = "; ".join(sorted(set(values)))
    return attrs


def _edge_date(snap: Snapshot, s: str, o: str) -> str:
    return _first(snap, s, "date") or _first(snap, o, "date") or ""


def entity_graph(snap: Snapshot, as_of: dt.date | None = None) -> nx.MultiDiGraph:
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name="entity graph")
    for iri in sorted(snap.kind):
        if _present(snap, iri, as_of):
            graph.add_node(short(iri), **_node_attributes(snap, iri))
    for s, p, o in sorted(snap.links):
        u, v = short(s), short(o)
        if u in graph and v in graph:
            predicate = short(p).removeprefix("cko:")
            graph.add_edge(
                u,
                v,
                key=predicate,
                predicate=predicate,
                label=snap.names.get(p, predicate),
                sources=sorted(snap.sources.get((s, p, o), ())),
                date=_edge_date(snap, s, o),
                quotes=snap.quotes.get((s, p, o), []),
            )
    return graph


def _roles(entities: nx.MultiDiGraph) -> Iterable[tuple[str, str, dict]]:
    """Each (actor, hub, edge data) pair, whichever way the edge points."""
    for u, v, data in entities.edges(data=True):
        gu, gv = entities.nodes[u]["group"], entities.nodes[v]["group"]
        if gu in ACTOR_GROUPS and gv in HUB_GROUPS:
            yield u, v, data
        elif gv in ACTOR_GROUPS and gu in HUB_GROUPS:
            yield v, u, data


def actor_event_graph(snap: Snapshot, as_of: dt.date | None = None) -> nx.Graph:
    entities = entity_graph(snap, as_of)
    graph: nx.Graph = nx.Graph(name="actor-event graph")
    for actor, hub, data in sorted(_roles(entities), key=lambda t: (t[0], t[1], t[2]["predicate"])):
        for node, side in ((actor, 0), (hub, 1)):
            if node not in graph:
                graph.add_node(node, bipartite=side, **entities.nodes[node])
        if graph.has_edge(actor, hub):
            edge = graph.edges[actor, hub]
            edge["roles"] = sorted(set(edge["roles"]) | {data["predicate"]})
            edge["sources"] = sorted(set(edge["sources"]) | set(data["sources"]))
        else:
            graph.add_edge(actor, hub, roles=[data["predicate"]], sources=list(data["sources"]), date=data["date"])
    return graph


def _connect_actors(graph: nx.Graph, a: str, b: str, via: str, sources: Iterable[str], date: str) -> None:
    """One more connection between two actors: weight counts the distinct hubs or predicates (via)."""
    if a == b:
        return
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, via=[], sources=set(), dates=set())
    edge = graph.edges[a, b]
    if via not in edge["via"]:
        edge["via"].append(via)
        edge["weight"] += 1
    edge["sources"] |= set(sources)
    if date:
        edge["dates"].add(date)


def actor_graph(snap: Snapshot, as_of: dt.date | None = None) -> nx.Graph:
    entities = entity_graph(snap, as_of)
    graph: nx.Graph = nx.Graph(name="actor graph")
    for node, attrs in entities.nodes(data=True):
        if attrs["group"] in ACTOR_GROUPS:
            graph.add_node(node, **attrs)

    def connect(a: str, b: str, via: str, sources: Iterable[str], date: str) -> None:
        _connect_actors(graph, a, b, via, sources, date)

    members: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for actor, hub, data in _roles(entities):
        members[hub][actor] |= set(data["sources"])
    for hub in sorted(members):
        actors = sorted(members[hub])
        hub_label, hub_date = entities.nodes[hub]["label"], entities.nodes[hub].get("date", "")
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                connect(a, b, hub_label, members[hub][a] & members[hub][b] or members[hub][a] | members[hub][b], hub_date)
    for u, v, data in sorted(entities.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        if u in graph and v in graph:
            connect(u, v, data["predicate"], data["sources"], data["date"])
    for _, _, edge in graph.edges(data=True):
        edge["via"].sort()
        edge["sources"], edge["dates"] = sorted(edge["sources"]), sorted(edge["dates"])
    return graph


def _ensure_nodes(graph: nx.DiGraph, snap: Snapshot, *nodes: str) -> None:
    for node in nodes:
        if short(node) not in graph:
            graph.add_node(short(node), **_node_attributes(snap, node))


def _claim_edge(graph: nx.DiGraph, snap: Snapshot, claimants: set[str], u: str, v: str, role: str, claim: str, via: str) -> None:
    """u -role-> v because of `claim` (whose claimants and documents the edge gathers)."""
    _ensure_nodes(graph, snap, u, v)
    key = (short(u), short(v))
    if not graph.has_edge(*key):
        graph.add_edge(
            *key,
            role=role,
            label=role,
            claimants=set(),
            sources=set(),
            claims=set(),
            colour="#b03a2e" if role == "sponsor" else "#7f8c8d",
        )
    data = graph.edges[key]
    data["claimants"] |= {snap.label(c) for c in claimants}
    data["sources"] |= set(snap.sources.get((claim, _CKO + via, v if via != "attributedTo" else u), ()))
    data["claims"].add(short(claim))


def _claim_roles(
    snap: Snapshot, out: dict[str, dict[str, set[str]]], actors: set[str], claim: str
) -> list[tuple[str, str, str, str]]:
    """The (from, to, role, predicate) edges one claim makes: state -sponsor-> actor, actor -targets-> state."""
    found = []
    incidents = out[claim]["subject"]
    doers = {a for i in incidents for a in out[i]["participant"] if a in actors}
    blamed = out[claim]["attributedTo"]
    roles = snap.literals.get(claim, {}).get(_CKO + "attributionRole", [])
    for state in sorted(b for b in blamed if snap.group.get(b) == "State"):
        if "suspected state sponsor" in roles:
            found += [(state, actor, "sponsor", "attributedTo") for actor in sorted(doers)]
    victims = out[claim]["allegedVictim"] | {v for i in incidents for v in out[i]["victim"]}
    for actor in sorted((doers if snap.kind[claim] == "TargetingClaim" else set()) | (blamed & actors)):
        found += [
            (actor, victim, "targets", "allegedVictim") for victim in sorted(v for v in victims if snap.group.get(v) == "State")
        ]
    return found


def sponsor_actor_victim_graph(snap: Snapshot, as_of: dt.date | None = None) -> nx.DiGraph:
    """Claimed sponsors, the threat actors they are claimed to sponsor, and the states those actors are
    claimed to have targeted. Only claims make edges; a claim's claimants and documents ride on its edge."""
    graph = nx.DiGraph(name="sponsor-actor-victim graph")
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in snap.links:
        out[s][p[len(_CKO) :] if p.startswith(_CKO) else p].add(o)
    actors = {i for i, g in snap.kind.items() if g == "ThreatActor"}
    claims = [c for c in out if snap.kind.get(c) in ("AttributionClaim", "TargetingClaim")]

    def edge(u: str, v: str, role: str, claim: str, via: str) -> None:
        if _present(snap, u, as_of) and _present(snap, v, as_of) and _present(snap, claim, as_of):
            _claim_edge(graph, snap, out[claim]["claimant"], u, v, role, claim, via)

    for claim in sorted(claims):
        for u, v, role, via in _claim_roles(snap, out, actors, claim):
            edge(u, v, role, claim, via)
    for actor in sorted(actors):  # where the sources place an actor (the articles' view, beside the claims)
        for state in sorted(o for o in out[actor]["basedIn"] if snap.group.get(o) == "State"):
            if _present(snap, actor, as_of):
                _ensure_nodes(graph, snap, actor, state)
                graph.add_edge(
                    short(actor),
                    short(state),
                    role="based in",
                    label="based in",
                    claimants=[],
                    claims=[],
                    sources=sorted(snap.sources.get((actor, _CKO + "basedIn", state), ())),
                    colour="#2e86c1",
                )
    sponsored = {n for u, v, d in graph.edges(data=True) for n in (u, v) if d["role"] in ("sponsor", "based in")}
    graph.remove_nodes_from([n for n in list(graph) if graph.nodes[n]["class"] == "ThreatActor" and n not in sponsored])
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])  # the chain, not every targeting claim
    for _, _, data in graph.edges(data=True):
        data["claimants"], data["sources"], data["claims"] = (
            sorted(data["claimants"]),
            sorted(data["sources"]),
            sorted(data["claims"]),
        )
    return graph


PROJECTIONS = {
    "entity": entity_graph,
    "actor": actor_graph,
    "actor-event": actor_event_graph,
    "sponsor-actor-victim": sponsor_actor_victim_graph,
}


def project(snap: Snapshot, name: str, as_of: dt.date | None = None) -> nx.Graph:
    try:
        return PROJECTIONS[name](snap, as_of)
    except KeyError:
        raise UsageError(f"unknown projection '{name}' (choose from {', '.join(PROJECTIONS)})") from None


def class_groups() -> dict[str, str]:
    """Every ontology class's broad group (for colours outside a projection, e.g. the web page)."""
    from cyberkg.graph.vocab import vocabulary

    vocab = vocabulary()
    return {name: next((g for cls, g in GROUPS if cls in vocab.ancestors(name)), "Other") for name in vocab.parents}
