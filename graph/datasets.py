"""Reference datasets (README § Reference datasets): where they come from, how they are fetched, and how
one becomes a source in the graph.

A dataset is a `cko:Dataset` (a kind of source document) with its own named graph `ckg:<id>`, so
`cyberkg retract <id>` removes it and corroboration counts it as one source. Every fact taken from it has a
`cko:Evidence` node, like a quote from an article, except that it locates the fact by a record pointer
(a JSON Pointer, a CSV row) instead of character offsets; `cko:quote` holds the record's words.

Files come from a path, a URL, or (nothing given) the public copy at the pinned commit of
`../shared/datasets/README.md`; downloads have a timeout and a size limit and are cached. Offline with no
path, the error names the URL to download and the store is not touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from cyberkg.errors import DownloadError, InputError
from cyberkg.graph.sink import NQuadsSink
from cyberkg.graph.store import Store
from cyberkg.namespaces import CKO, CKR, CURATION_GRAPH, DOC, GRAPH, TIME

if TYPE_CHECKING:
    from cyberkg.graph.states import StateRef

log = logging.getLogger(__name__)
MAX_BYTES = int(os.environ.get("CYBERKG_DATASET_MAX_BYTES", 50 * 1024 * 1024))
USER_AGENT = "cyberkg/0.1 (knowledge graph of cyber diplomacy; dataset import)"


@dataclass(frozen=True)
class DatasetSpec:
    id: str  # also the document id and the named graph's local name
    title: str
    repository: str  # owner/name on GitHub
    commit: str
    path: str
    licence: str  # SPDX
    sha256: str  # of the file at that commit (the unchanged copy in ../shared/datasets): same digest, same commit

    @property
    def url(self) -> str:
        return f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/{self.path}"

    @property
    def page(self) -> str:
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}"


MISP_THREAT_ACTORS = DatasetSpec(
    "misp-galaxy-threat-actor",
    "MISP galaxy Threat Actor cluster",
    "MISP/misp-galaxy",
    "9434ace4eb925c9a1c9b3bccf014a25f9d14f0b0",
    "clusters/threat-actor.json",
    "CC0-1.0",
    "4c58a48ed54636926c555b24c6aec8ffeaca44e6cdcc9d7c664bd8ab813dbefc",
)
COUNTRY_CODES = DatasetSpec(
    "country-codes",
    "Country codes (datasets/country-codes)",
    "datasets/country-codes",
    "caa72d1e0e5af8876c170bb36a9e4d64a01bba88",
    "data/country-codes.csv",
    "PDDL-1.0",
    "67b009b529330b0a6043551189f43faa785c9c3cc0011ad2bdb4eac876356c43",
)
SPECS = {s.id: s for s in (MISP_THREAT_ACTORS, COUNTRY_CODES)}


@dataclass(frozen=True)
class Fetched:
    spec: DatasetSpec
    data: bytes
    source_url: str  # where it came from (the public URL for a local copy of the pinned file)
    sha256: str
    commit: str | None  # known only when the digest is the pinned file's
    date: dt.date  # download date, or the local copy's modification date
    display: str  # for messages: the path or URL read


def cache_dir() -> Path:
    return Path(os.environ.get("CYBERKG_CACHE", "var/cache")) / "datasets"


def fetch(spec: DatasetSpec, source: str | None = None, timeout: float = 30.0, limit: int = MAX_BYTES) -> Fetched:
    """Read `source` (a path or an http(s) URL) or, with none, the pinned public file (cached)."""
    if source and not source.startswith(("http://", "https://")):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"no such file (download {spec.url})", source)
        if path.stat().st_size > limit:
            raise InputError(f"file is larger than the {limit:,}-byte limit", source)
        data = path.read_bytes()
        date = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
        return _fetched(spec, data, None, date, source)
    url = source or spec.url
    cached = cache_dir() / spec.id / (hashlib.sha256(url.encode()).hexdigest()[:16] + Path(spec.path).suffix)
    if not cached.is_file():
        data = _download(spec, url, timeout, limit, explicit=source is not None)
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(cached)
        log.info("downloaded %s (%d bytes) to %s", url, len(data), cached)
    data = cached.read_bytes()
    date = dt.datetime.fromtimestamp(cached.stat().st_mtime, dt.UTC).date()
    return _fetched(spec, data, url, date, url)


def _fetched(spec: DatasetSpec, data: bytes, url: str | None, date: dt.date, display: str) -> Fetched:
    digest = hashlib.sha256(data).hexdigest()
    commit = spec.commit if digest == spec.sha256 else None
    return Fetched(spec, data, url or (spec.page if commit else spec.url), digest, commit, date, display)


def offline_help(spec: DatasetSpec) -> str:
    return f"download {spec.url} ({spec.repository} @ {spec.commit[:12]}, licence {spec.licence}) and give its path"


def _download(spec: DatasetSpec, url: str, timeout: float, limit: int, explicit: bool) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
            buffer = io.BytesIO()
            while chunk := response.read(1 << 16):
                buffer.write(chunk)
                if buffer.tell() > limit:
                    raise DownloadError(f"{url} is larger than the {limit:,}-byte limit; nothing imported")
            return buffer.getvalue()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        what = f"could not download {url} ({reason}); nothing imported"
        raise DownloadError(what if explicit else f"{what}. Offline? {offline_help(spec)}") from None


class DatasetGraph:
    """Quads of one dataset's named graph, each fact with its record-pointer evidence."""

    def __init__(self, fetched: Fetched) -> None:
        self.fetched = fetched
        self.doc = DOC[fetched.spec.id]
        self.graph = GRAPH[fetched.spec.id]
        self.buffer = io.BytesIO()
        self.sink = NQuadsSink(self.buffer)
        self.facts = 0
        self.states: dict[str, URIRef] = {}  # alpha-2 -> the state node this graph names
        self.digest: str | None = None

    def state(self, ref: StateRef, pointer: str, quote: str) -> URIRef:
        """A state this dataset names (a states.StateRef): typed and labelled in this graph too, so the graph
        stands alone when another source is retracted; with pycountry's ISO codes unless the build gave them."""
        from cyberkg.graph import links

        iri = URIRef(ref.iri)
        if ref.alpha2 in self.states:
            return iri
        self.states[ref.alpha2] = iri
        self.fact(iri, RDF.type, CKO.State, pointer, quote)
        self.fact(iri, RDFS.label, Literal(ref.label), pointer, quote)
        if not ref.iso_curated:
            links.emit(links.iso_code_links(ref.iri.rsplit("/", 1)[-1], ref.alpha2), self.sink, self.graph, self.doc)
        return iri

    def fact(self, s: URIRef, p: URIRef, o: Node, pointer: str, quote: str) -> None:
        self.sink.add(s, p, o, self.graph)
        digest = hashlib.sha256("\x1f".join((s.n3(), p.n3(), o.n3(), str(self.doc), pointer)).encode()).hexdigest()[:20]
        ev = CKR[f"evidence/{digest}"]
        for q, v in (
            (RDF.type, CKO.Evidence),
            (RDF.subject, s),
            (RDF.predicate, p),
            (RDF.object, o),
            (PROV.wasQuotedFrom, self.doc),
            (CKO.quote, Literal(_excerpt(quote))),
            (CKO.recordPointer, Literal(pointer)),
        ):
            self.sink.add(ev, q, v, self.graph)
        self.facts += 1

    def curated(self, s: URIRef, p: URIRef, o: Node) -> None:
        """Knowledge the dataset implies but does not spell (who CFR is): curation, kept across imports."""
        self.sink.add(s, p, o, CURATION_GRAPH)

    def describe(self, title: str, version: str | None) -> None:
        """The dataset as a source document: name, version, commit or date, licence, URL, digest."""
        f, d = self.fetched, self.doc
        day = Literal(f.date.isoformat(), datatype=XSD.date)
        for p, o in (
            (RDF.type, CKO.Dataset),
            (RDFS.label, Literal(title)),
            (CKO.date, day),
            (CKO.datePrecision, TIME.unitDay),
            (CKO.dateNotBefore, day),
            (CKO.dateNotAfter, day),
            (CKO.dateIsDerived, Literal(False)),
            (CKO.language, Literal("en")),
            (CKO.licence, Literal(f.spec.licence)),
            (CKO.sha256, Literal(f.sha256)),
            (CKO.sourceURL, Literal(f.source_url, datatype=XSD.anyURI)),
        ):
            self.sink.add(d, p, o, self.graph)
        if version:
            self.sink.add(d, CKO.datasetVersion, Literal(version), self.graph)
        if f.commit:
            self.sink.add(d, CKO.sourceCommit, Literal(f.commit), self.graph)
        self.sink.add(self.graph, PROV.wasDerivedFrom, d, CURATION_GRAPH)

    def nquads(self) -> bytes:
        """The graph, ending with its own digest: an import that would write the same quads is the same import
        (the file's sha256 alone would miss a change in how cyberkg reads it)."""
        if self.digest is None:
            self.sink.flush()
            self.digest = hashlib.sha256(self.buffer.getvalue()).hexdigest()
            self.sink.add(self.doc, CKO.graphDigest, Literal(self.digest), self.graph)
            self.sink.flush()
        return self.buffer.getvalue()


def _excerpt(text: str, limit: int = 120) -> str:
    """The record's words; a long text (a description) only begins here: the pointer locates all of it."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def installed_digest(store: Store, spec: DatasetSpec) -> str | None:
    rows = list(store.rows(f"SELECT ?h WHERE {{ GRAPH <{GRAPH[spec.id]}> {{ <{DOC[spec.id]}> <{CKO.graphDigest}> ?h }} }}"))
    return rows[0][0] if rows else None


def install(store: Store, dataset: DatasetGraph) -> str:
    """Put the dataset's graph in the store: 'unchanged' (the same graph is there: nothing to do), 'imported',
    or 'replaced' (another version was there: its graph is retracted first, then the new one added)."""
    from cyberkg.graph.infer import add_with_entailments
    from cyberkg.graph.retract import retract

    spec = dataset.fetched.spec
    data = dataset.nquads()
    present = installed_digest(store, spec)
    if present == dataset.digest:
        return "unchanged"
    if present is not None or store.query(f"ASK {{ GRAPH <{dataset.graph}> {{ ?s ?p ?o }} }}").askAnswer:
        retract(store, spec.id)
        add_with_entailments(store, data)
        return "replaced"
    add_with_entailments(store, data)  # its entailments (graph/infer.py) in the same write
    return "imported"
