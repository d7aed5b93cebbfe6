"""RDF terms as every store backend (store.py, remote.py) returns them: rdflib terms, or plain Python values.

Its own module so that the backends import it, not each other (store.open_store picks a backend). Oxigraph
types every plain literal xsd:string and rdflib leaves it untyped; the backends fold xsd:string away here,
so that the same graph reads the same from each."""

from __future__ import annotations

from typing import NamedTuple

from rdflib import BNode, Literal, URIRef

from cyberkg.namespaces import XSD

XSD_STRING = str(XSD.string)


class Lit(NamedTuple):
    """A literal as plain Python values, for code that reads the whole graph (projections) without rdflib's cost."""

    value: str
    datatype: str | None = None
    language: str | None = None


def rdf_literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """An rdflib literal, xsd:string folded into a plain one."""
    if language:
        return Literal(value, lang=language)
    return Literal(value) if datatype in (None, XSD_STRING) else Literal(value, datatype=datatype)


def plain_lit(value: str, datatype: str | None = None, language: str | None = None) -> Lit:
    """A Lit, xsd:string folded away (and no datatype beside a language tag)."""
    return Lit(value, None if language or datatype == XSD_STRING else datatype, language)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def nt_string(text: str) -> str:
    """A plain literal in N-Triples syntax: what nt_term gives for Literal(text), without making the Literal."""
    return f'"{_escape(text)}"'


def nt_term(term: object) -> str:
    """An rdflib term in N-Triples syntax (the N-Quads writers and the materialiser)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f'"{_escape(str(term))}"@{term.language}'
        if term.datatype:
            return f'"{_escape(str(term))}"^^<{term.datatype}>'
        return f'"{_escape(str(term))}"'
    raise TypeError(f"not an RDF term: {term!r}")
