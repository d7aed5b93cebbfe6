"""Ingest throughput (issue: ingest): articles per second per core on 1,000 generated articles.

Baseline, same run: spaCy's blank English tokenizer alone over the same texts (the floor of any spaCy
pipeline). Measured: read + extract + write candidates, in one process (one core).
Run: `.venv/bin/python -m bench.ingest [ARTICLES]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.common import CACHE, markdown_table, peak_rss_mb, write_result

SIZES = (1000,)


def _measure(files: list[Path]) -> list:
    import spacy

    from cyberkg.graph.extract import Extractor
    from cyberkg.graph.merge import write_candidates
    from cyberkg.graph.reader import read_article

    texts = [f.read_text(encoding="utf-8") for f in files]
    blank = spacy.blank("en")
    start = time.perf_counter()
    for text in texts:
        blank(text)
    tokenize = time.perf_counter() - start
    extractor = Extractor({})
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        relations = 0
        for path in files:
            extraction = extractor.extract(read_article(path), None)
            write_candidates(extraction, Path(tmp), {})
            relations += len(extraction.relations)
        ours = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return [f"{len(files):,}", f"{words / len(files):.0f}", f"{len(files) / tokenize:,.0f}",
            f"{len(files) / ours:,.0f}", f"{ours / tokenize:.1f}x", f"{relations:,}", round(peak_rss_mb())]


def main(sizes: list[int]) -> str:
    from cyberkg.graph.generate import generate, write_corpus

    articles = sizes[0] if sizes else SIZES[0]
    corpus = CACHE / f"ingest-{articles}"
    if not (corpus / "DONE").exists():
        write_corpus(generate(articles * 19, seed=5, states=60), corpus)  # about 19 facts per story
        (corpus / "DONE").write_text("ok\n")
    files = sorted((corpus / "articles").glob("story-*.txt"))[:articles]
    long_dir = CACHE / f"ingest-{articles}-long"
    if not (long_dir / "DONE").exists():  # news-length articles: eight stories as eight paragraphs
        long_dir.mkdir(parents=True, exist_ok=True)
        stories = [f.read_text(encoding="utf-8") for f in files]
        for k in range(len(files)):
            text = "\n\n".join(stories[(k + i) % len(stories)] for i in range(8))
            (long_dir / f"long-{k:05d}.txt").write_text(text, encoding="utf-8")
        (long_dir / "DONE").write_text("ok\n")
    rows = [_measure(files), _measure(sorted(long_dir.glob("long-*.txt")))]
    body = ("Generated stories (`cyberkg generate`), one process on one core: 1,000 short ones, and 1,000 of news "
            "length (eight stories as eight paragraphs). *Ingest* = read the file, extract (spaCy tokenizer, "
            "sentencizer, EntityRuler, Matcher, the relation rules, dates) and write the candidate YAML.\n\n"
            + markdown_table(["articles", "words/article", "tokenizer only (baseline) articles/s",
                              "ingest articles/s", "ingest / tokenizer", "relations found", "peak RSS MB"], rows)
            + f"\n_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}._\n")
    print(write_result("ingest", "Ingest throughput", body))
    return body


if __name__ == "__main__":
    print(main([int(a) for a in sys.argv[1:]] or list(SIZES)))
