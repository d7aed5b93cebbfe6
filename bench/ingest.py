"""Ingest throughput (issues: ingest, 13): articles per second on one core over generated articles.

Baseline, same run: the bare model pipeline (en_core_web_sm as shipped, `nlp.pipe`, same batch size) over
the same texts — the floor of any extractor built on that model. Measured: read + extract (the model with
the rules' EntityRuler, Matcher, the parse-based and relation rules, dates) + write candidates, in one
process. The two take turns, a chunk of articles each, and both CPU time (what one free core gives; the
ratio) and wall time (what the shared machine gave) are reported. Target (issue 13): >= 10 news-length
articles/s, and at most 1.5x the bare pipeline's time.
Run: `taskset -c 0 .venv/bin/python -m bench.ingest [ARTICLES]`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CACHE, markdown_table, peak_rss_mb, write_result

SIZES = (500,)


CHUNK = 32  # articles per turn: the bare model and ours take turns, so a change in the machine's load hits both


def _measure(files: list[Path]) -> list:
    """Bare model and ingest over the same articles, taking turns chunk by chunk; CPU time of this process
    (pinned to one core) as well as wall time, since other processes share the core."""
    from cyberkg.graph.extract import Extractor
    from cyberkg.graph.extract_model import BATCH_SIZE, bare_pipeline
    from cyberkg.graph.merge import write_candidates
    from cyberkg.graph.reader import read_article

    texts = [f.read_text(encoding="utf-8") for f in files]
    bare = bare_pipeline()
    list(bare.pipe(texts[:BATCH_SIZE], batch_size=BATCH_SIZE))  # warm both before timing
    extractor = Extractor({})
    list(extractor.extract_all([(read_article(f), None) for f in files[:BATCH_SIZE]]))
    spent = {"bare": [0.0, 0.0], "ours": [0.0, 0.0]}  # [cpu, wall]
    relations = 0

    def timed(key: str, work, *args) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        work(*args)
        spent[key][0] += time.process_time() - cpu
        spent[key][1] += time.perf_counter() - wall

    def model(chunk: list[str]) -> None:
        for _ in bare.pipe(chunk, batch_size=BATCH_SIZE):
            pass

    def ours(chunk: list[Path], tmp: Path) -> None:
        nonlocal relations
        for extraction in extractor.extract_all((read_article(path), None) for path in chunk):
            write_candidates(extraction, tmp, {})
            relations += len(extraction.relations)

    with tempfile.TemporaryDirectory() as tmp:
        for start in range(0, len(files), CHUNK):
            timed("bare", model, texts[start : start + CHUNK])
            timed("ours", ours, files[start : start + CHUNK], Path(tmp))
    words = sum(len(t.split()) for t in texts)
    (bare_cpu, bare_wall), (ours_cpu, ours_wall) = spent["bare"], spent["ours"]
    return [
        f"{len(files):,}",
        f"{words / len(files):.0f}",
        f"{len(files) / bare_cpu:,.1f}",
        f"{len(files) / ours_cpu:,.1f}",
        f"{ours_cpu / bare_cpu:.2f}x",
        f"{len(files) / bare_wall:,.1f} / {len(files) / ours_wall:,.1f} ({ours_wall / bare_wall:.2f}x)",
        f"{relations:,}",
        round(peak_rss_mb()),
    ]


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
    body = (
        f"Generated stories (`cyberkg generate`), one process pinned to one core (`taskset -c 0`): {articles:,} "
        f"short ones, and {articles:,} of news length (eight stories as eight paragraphs). *Bare model* = "
        "en_core_web_sm 3.8.0 as shipped over the same texts with `nlp.pipe` (the baseline, same run). "
        "*Ingest* = read the file, extract (the model with the rules' EntityRuler before its NER, Matcher, "
        "parse-based and relation rules, dates) and write the candidate YAML. The two take turns, "
        f"{CHUNK} articles at a time, and are timed in CPU time of the process (what one free core would "
        "give) beside wall time (what this shared machine gave). Targets (issue 13): >= 10 "
        "news-length articles/s; ingest / bare <= 1.5x.\n\n"
        + markdown_table(
            [
                "articles",
                "words/article",
                "bare model (baseline) articles/CPU-s",
                "ingest articles/CPU-s",
                "ingest / bare model (CPU time)",
                "wall: bare / ingest articles/s (ratio)",
                "relations found",
                "peak RSS MB",
            ],
            rows,
        )
        + f"\n_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average at the end "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine: absolute rates scale with it, "
        "the ratio to the bare model, measured in the same run, much less)._\n"
    )
    print(write_result("ingest", "Ingest throughput", body))
    return body


if __name__ == "__main__":
    print(main([int(a) for a in sys.argv[1:]] or list(SIZES)))
