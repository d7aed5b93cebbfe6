"""Entity resolution: ids, labels and aliases ("Beijing", "Chinese government") to one node each."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from cyberkg.errors import InputError
from cyberkg.graph.records import Record
from cyberkg.graph.vocab import Vocabulary
from cyberkg.namespaces import CKR, DOC


def name_key(name: str) -> str:
    """A name as names are compared everywhere: case folded, curly apostrophes straight, spaces collapsed."""
    return " ".join(name.replace("\u2019", "'").casefold().split())


class EntityIndex:
    """Every known entity by id, and by label/alias where that name is unambiguous."""

    def __init__(self, records: list[Record], documents: set[str], vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.records: dict[str, Record] = {}
        self.documents = documents
        self._names: dict[str, set[str]] = defaultdict(set)
        for record in records:
            if record.id in self.records:
                first = self.records[record.id]
                raise InputError(
                    f"duplicate id '{record.id}' (first defined at {first.path}:{first.line})", record.path, record.line
                )
            self.records[record.id] = record
            for name in [record.label, *record.aliases]:
                self._names[name_key(name)].add(record.id)

    def iri(self, entity_id: str) -> URIRef:
        return DOC[entity_id] if entity_id in self.documents else CKR[entity_id]

    def resolve(self, ref: str, path: str, line: int) -> str:
        """The id `ref` names: an id, or an unambiguous label or alias."""
        if ref in self.records:
            return ref
        ids = self._names.get(name_key(ref), set())
        if len(ids) == 1:
            return next(iter(ids))
        if len(ids) > 1:
            raise InputError(f"ambiguous entity '{ref}': could be {', '.join(sorted(ids))}", path, line)
        raise InputError(f"unknown entity '{ref}'", path, line)

    def lookup(self, name: str) -> list[str]:
        """Ids whose label or alias is `name` (case- and apostrophe-insensitive)."""
        return sorted(self._names.get(name_key(name), set()))

    def classes_of(self, entity_id: str) -> set[str]:
        out: set[str] = set()
        for t in self.records[entity_id].types:
            out |= self.vocab.ancestors(t)
        return out
