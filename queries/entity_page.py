"""Dereferenceable entities: every fact about an entity (both directions) with its sources and quotes,
as an HTML page (server-rendered, every string escaped) or as RDF through CONSTRUCT."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field

from cyberkg.namespaces import CKO, CKR, DOC, OWN_PREFIXES, PROV, RDF, RDFS, TOPIC, shorten

LOCAL_SPACES = {"id": str(CKR), "doc": str(DOC), "topic": str(TOPIC)}
_PREFIXES = f"""PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}>
PREFIX cko: <{CKO}>
"""


def iri_for_path(space: str, local: str) -> str | None:
    base = LOCAL_SPACES.get(space)
    return base + local if base and local and not any(c in local for c in '<>"{}|\\^` ') else None


def local_path(iri: str) -> str | None:
    """The server path that shows `iri`, if it is one of ours."""
    for space, base in LOCAL_SPACES.items():
        if iri.startswith(base):
            return f"/{space}/{iri[len(base) :]}"
    return None


def facts_query(iri: str, limit: int = 2000) -> str:
    """The IRI comes from a URL (/resource?iri=): it enters the text only as a term the engine's own IRI
    parser accepted and serialised (QueryError otherwise), never as pasted text."""
    iri = _term(iri)
    return (
        _PREFIXES
        + f"""
SELECT ?dir ?p ?plabel ?o ?olabel ?doc ?quote WHERE {{
  {{ BIND("out" AS ?dir) {iri} ?p ?o .
     OPTIONAL {{ ?ev rdf:subject {iri} ; rdf:predicate ?p ; rdf:object ?o ; prov:wasQuotedFrom ?doc ; cko:quote ?quote }} }}
  UNION
  {{ BIND("in" AS ?dir) ?o ?p {iri} . FILTER(?p NOT IN (rdf:subject, rdf:object, rdf:predicate))
     OPTIONAL {{ ?ev rdf:subject ?o ; rdf:predicate ?p ; rdf:object {iri} ; prov:wasQuotedFrom ?doc ; cko:quote ?quote }} }}
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{ ?o rdfs:label ?olabel }}
}} LIMIT {limit}"""
    )


def describe_query(iri: str) -> str:
    iri = _term(iri)
    return (
        _PREFIXES
        + f"""
CONSTRUCT {{ {iri} ?p ?o . ?s ?q {iri} . ?ev ?x ?y }} WHERE {{
  {{ {iri} ?p ?o }}
  UNION {{ ?s ?q {iri} . FILTER(?q NOT IN (rdf:subject, rdf:object, rdf:predicate)) }}
  UNION {{ ?ev rdf:subject {iri} ; a cko:Evidence ; ?x ?y }}
}}"""
    )


def _term(iri: str) -> str:
    from cyberkg.queries.sparql_guard import iri_term

    return iri_term(iri)


@dataclass
class _Value:
    term: dict
    label: str | None
    quotes: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class EntityFacts:
    iri: str
    label: str
    groups: dict[tuple[str, str, str], dict[str, _Value]]  # (direction, predicate, label) -> values

    @property
    def empty(self) -> bool:
        return not self.groups


def collect(iri: str, bindings: list[dict]) -> EntityFacts:
    """Group SPARQL JSON bindings of `facts_query` by direction and predicate."""
    groups: dict[tuple[str, str, str], dict[str, _Value]] = defaultdict(dict)
    label = None
    for row in bindings:
        p, o = row["p"]["value"], row["o"]
        key = (row["dir"]["value"], p, row.get("plabel", {}).get("value") or _short(p))
        value_key = o["type"] + "\x1f" + o["value"] + "\x1f" + o.get("xml:lang", "") + o.get("datatype", "")
        value = groups[key].setdefault(value_key, _Value(o, row.get("olabel", {}).get("value")))
        if "doc" in row and "quote" in row:
            value.quotes.add((_short(row["doc"]["value"]), row["quote"]["value"]))
        if key[0] == "out" and p == str(RDFS.label) and label is None:
            label = o["value"]
    return EntityFacts(iri, label or _short(iri), dict(groups))


def _short(iri: str) -> str:
    return shorten(iri, OWN_PREFIXES, fallback="name")


def _doc_href(doc: str) -> str:
    """The local page of a quoted document ("doc:..."), escaped for an attribute; empty when it has none."""
    return html.escape(local_path(DOC + doc[4:]) or "", quote=True)


def _term_html(value: _Value) -> str:
    term = value.term
    if term["type"] == "uri":
        path = local_path(term["value"])
        text = html.escape(value.label or _short(term["value"]))
        href = html.escape(path or term["value"], quote=True)
        extra = "" if path else ' rel="noopener noreferrer" class="external"'
        return f'<a href="{href}"{extra}>{text}</a>'
    text = html.escape(term["value"])
    lang = f' <span class="lang">@{html.escape(term["xml:lang"])}</span>' if term.get("xml:lang") else ""
    return f'<span class="literal">{text}</span>{lang}'


def render(facts: EntityFacts) -> str:
    title = html.escape(facts.label)
    sections = []
    for direction, heading in (("out", "Facts"), ("in", "Referenced by")):
        rows = []
        for (d, predicate, plabel), values in sorted(facts.groups.items(), key=lambda kv: (kv[0][2], kv[0][1])):
            if d != direction:
                continue
            for value in sorted(values.values(), key=lambda v: v.label or v.term["value"]):
                quotes = "".join(
                    f'<blockquote>“{html.escape(q)}” <cite><a href="{_doc_href(doc)}">{html.escape(doc)}</a></cite></blockquote>'
                    for doc, q in sorted(value.quotes)
                )
                sources = ", ".join(sorted({html.escape(doc) for doc, _ in value.quotes}))
                rows.append(
                    f'<tr><th scope="row" title="{html.escape(predicate, quote=True)}">{html.escape(plabel)}</th>'
                    f'<td>{_term_html(value)}{quotes}</td><td class="sources">{sources}</td></tr>'
                )
        if rows:
            sections.append(
                f"<h2>{heading}</h2><table><thead><tr><th>property</th><th>value and evidence</th>"
                f"<th>sources</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
    iri = html.escape(facts.iri)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — cyberkg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/app.css"></head>
<body class="entity-page"><header><a href="/">cyberkg</a> › entity</header>
<main><h1 id="entity-label">{title}</h1>
<p class="iri"><code>{iri}</code> · RDF: <a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a>
· <a href="/#graph={html.escape(facts.iri, quote=True)}">neighbourhood graph</a></p>
{"".join(sections) or "<p>No facts.</p>"}
</main></body></html>
"""
