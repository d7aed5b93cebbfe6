"""Source documents: their verbatim text, and where a quote occurs in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cyberkg.errors import InputError
from cyberkg.graph.records import Quote, Record
from cyberkg.safeio import MAX_SEED_BYTES, inside, read_bytes


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    record: Record

    def locate(self, quote: Quote) -> tuple[int, int]:
        """Character offsets (code points) of the first verbatim occurrence of the quote."""
        start = self.text.find(quote.text)
        if start < 0:
            hint = _near_miss(self.text, quote.text)
            raise InputError(
                f"quote not found verbatim in document '{self.id}': {quote.text[:60]!r}{hint}", quote.path, quote.line
            )
        return start, start + len(quote.text)


def load_documents(records: list[Record], seeds_dir: Path) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for record in records:
        if not record.file:
            raise InputError(f"source document '{record.id}' needs 'file'", record.path, record.line)
        # the box: a documents.yaml names files inside its own directory, never /etc/passwd or ../x
        path = inside(seeds_dir, record.file, record.path, record.line)
        raw = read_bytes(path, MAX_SEED_BYTES, record.path, record.line, follow=False, what="article", name=record.file)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(f"article is not UTF-8 text (byte {exc.start})", str(path), line) from None
        if "\x00" in text:
            raise InputError("article contains NUL bytes: not a text file", str(path), text[: text.index("\x00")].count("\n") + 1)
        if record.id in docs:
            raise InputError(f"duplicate document id '{record.id}'", record.path, record.line)
        docs[record.id] = Document(record.id, text, record)
    return docs


def _near_miss(text: str, quote: str) -> str:
    """Point at the usual culprit: straight vs curly quotes and apostrophes."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    if quote.translate(table) in text.translate(table):
        return " (it differs only in curly vs straight quotes/apostrophes)"
    return ""
