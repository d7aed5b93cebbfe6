"""One state node per state, whatever a dataset calls it: "Iran (Islamic Republic of)", "Russian Federation",
"Korea (Democratic People's Republic of)", "IR" and "Iran" all resolve to the gazetteer's (or the graph's) Iran.

A name resolves through the gazetteer's names and aliases and the graph's state labels and aliases, then
through pycountry's names (name, official and common name, and their inverted forms: "Korea, Republic of"
-> "Republic of Korea", "Congo (the)" -> "Congo"), to an ISO 3166-1 alpha-2 code; the code leads to the
state already in the graph or, failing that, to the gazetteer's entry. Names of places that are not
states of the gazetteer ("Hong Kong", "Middle East", "Palestine") resolve to nothing: they stay words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from cyberkg.graph.store import Store
from cyberkg.namespaces import CKO, CKR, LINKS_GRAPH

_STATES = f"""
SELECT ?e ?name ?label ?code ?curated WHERE {{
  ?e a <{CKO}State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name }} UNION {{ ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?name }}
  OPTIONAL {{ ?e <{CKO}iso3166Alpha2> ?code }}
  OPTIONAL {{ GRAPH <{LINKS_GRAPH}> {{ ?e <{CKO}iso3166Alpha2> ?curated }} }}
}}"""


@dataclass(frozen=True)
class StateRef:
    iri: str
    label: str
    alpha2: str
    in_graph: bool  # False: a gazetteer state the graph does not hold yet (the importer adds it)
    gazetteer_id: str | None
    iso_curated: bool = False  # its ISO codes come from the build (ckg:links), not from a dataset's graph


def norm(name: str) -> str:
    text = re.sub(r"\s*\*$", "", name.strip()).casefold().replace("’", "'")
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _forms(name: str) -> set[str]:
    """A name and its inversions: 'Korea, Republic of' and 'Korea (Republic of)' -> 'Republic of Korea'."""
    forms = {norm(name)}
    m = re.match(r"^(.*?)\s*(?:,\s*(.+)|\((.+)\))$", name.strip().rstrip("*").strip())
    if m:
        head, tail = m.group(1), (m.group(2) or m.group(3)).strip()
        forms.add(norm(f"{tail} {head}"))
        if not tail.lower().endswith(("of", "of the")):  # "Holy See (Vatican City State)": a gloss, not an inversion
            forms.add(norm(head))
    return {f for f in forms if f}


@lru_cache(maxsize=1)
def _pycountry_index() -> dict[str, str]:
    import pycountry

    index: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            for form in _forms(name) if name else ():
                index.setdefault(form, set()).add(c.alpha_2)
    return {form: next(iter(codes)) for form, codes in index.items() if len(codes) == 1}


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict, ...]:
    path = resources.files("cyberkg.seeds") / "gazetteer" / "states.yaml"
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")))


def alpha2_of(name: str) -> str | None:
    index = _pycountry_index()
    if re.fullmatch(r"[A-Z]{2}", name.strip()):
        return name.strip() if any(c == name.strip() for c in index.values()) else None
    return next((index[f] for f in _forms(name) if f in index), None)


@lru_cache(maxsize=1)
def gazetteer_by_alpha2() -> dict[str, dict]:
    out = {}
    for entry in gazetteer():
        code = next((c for n in (entry["name"], *entry.get("aliases", [])) if (c := alpha2_of(n))), None)
        if code:
            out[code] = entry
    return out


class StateIndex:
    """Resolves state names and ISO codes to one node each: the graph's state, else the gazetteer's."""

    def __init__(self, store: Store | None = None) -> None:
        self.by_code: dict[str, StateRef] = {}
        self.by_name: dict[str, str] = {}  # normalised name -> alpha-2
        for code, entry in gazetteer_by_alpha2().items():
            self.by_code[code] = StateRef(str(CKR[entry["id"]]), entry["name"], code, False, entry["id"])
            for name in (entry["name"], *entry.get("aliases", [])):
                self.by_name.setdefault(norm(name), code)
        graph_names: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        codes: dict[str, str] = {}
        curated: set[str] = set()
        for row in store.rows(_STATES) if store is not None else ():
            iri, name, label = str(row[0]), str(row[1]), str(row[2])  # required by the query, so bound
            curated_code, iso = row[3], row[4]
            graph_names.setdefault(iri, set()).add(name)
            labels[iri] = label
            if curated_code:
                codes[iri] = curated_code
            if iso:
                curated.add(iri)
        for iri, names in sorted(graph_names.items()):
            alpha2 = codes.get(iri) or next((c for n in sorted(names) if (c := self._code(n))), None)
            if alpha2 is None:
                continue
            gaz = gazetteer_by_alpha2().get(alpha2)
            self.by_code[alpha2] = StateRef(iri, labels[iri], alpha2, True, gaz["id"] if gaz else None, iri in curated)
            for name in names:
                self.by_name[norm(name)] = alpha2

    def _code(self, name: str) -> str | None:
        return self.by_name.get(norm(name)) or alpha2_of(name)

    def resolve(self, name: str) -> StateRef | None:
        code = self._code(name)
        return self.by_code.get(code) if code else None

    def by_alpha2(self, code: str) -> StateRef | None:
        return self.by_code.get(code)
