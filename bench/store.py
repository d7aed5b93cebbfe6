"""Stores and scale (issue: stores): build throughput, query latency, memory, incremental merge, remote load.

Baselines measured in the same run: pyoxigraph bulk-loading the very N-Quads file our build produced
(the raw engine), and rdflib parsing it into an in-memory Dataset. Each measurement runs in its own
process so its peak RSS (VmHWM) is its own.
Run: `.venv/bin/python -m bench.store [TRIPLES ...]` (default 1,000,000 and 10,000,000).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from bench.common import CACHE, QUADS_PER_FACT, TreePeak, in_child, markdown_table, peak_rss_mb, write_result

SIZES = (1_000_000, 10_000_000)


def _corpus(triples: int) -> Path:
    from cyberkg.graph.generate import generate, write_corpus

    root = CACHE / f"corpus-{triples}"
    if not (root / "DONE").exists():
        write_corpus(generate(triples // QUADS_PER_FACT, seed=7), root)
        (root / "DONE").write_text("ok\n")
    return root


def child_build(triples: int, infer: bool = True) -> dict:
    """Ours, as graph/build.py's bulk path does it: read the seed files, then check and populate N-Quads (with
    their entailments unless `infer` is off) into the pipe the engine bulk-loads from in its own thread, swap
    in. Afterwards, untimed, the same N-Quads are written to a file for the raw baseline."""
    import shutil

    from cyberkg.graph.populate import populate_nquads
    from cyberkg.graph.seedset import load_seedset
    from cyberkg.graph.store import OxigraphStore

    seeds_dir, work = _corpus(triples), CACHE / (f"build-{triples}" + ("" if infer else "-noinfer"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    start, cpu = time.perf_counter(), time.process_time()
    held = [load_seedset(seeds_dir)]
    read = time.perf_counter() - start
    python_peak = peak_rss_mb()  # the parsed seeds (the YAML's node trees are the peak of the Python part)
    populated: list[float] = []

    def produce(out):
        written = populate_nquads(held.pop(), out, infer=infer)  # the seeds are freed once written, as in build()
        populated.append(time.perf_counter() - start - read)
        return written

    store = OxigraphStore(work / "store", create=True)
    written = store.replace_all_stream(produce)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu  # CPU: all threads, the engine's too
    with open(work / "graph.nq", "wb") as out:  # the very quads, for the raw baseline (untimed)
        populate_nquads(load_seedset(seeds_dir), out, infer=infer)
    return {
        "cpu_s": cpu,
        "read_s": read,
        "populate_s": populated[0],
        "load_s": total - read - populated[0],
        "total_s": total,
        "triples": sum(1 for _ in store.triples()),
        "lines": sum(1 for _ in open(work / "graph.nq", "rb")),
        "inferred": written.inferred,
        "rss_mb": peak_rss_mb(),
        "python_rss_mb": python_peak,
    }


def child_raw(triples: int) -> dict:
    import shutil

    import pyoxigraph as ox

    work = CACHE / f"build-{triples}"
    shutil.rmtree(work / "raw", ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    store = ox.Store(str(work / "raw"))
    store.bulk_load(path=str(work / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    result = {
        "total_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "rss_mb": peak_rss_mb(),
    }  # the engine's own peak
    del store
    shutil.rmtree(work / "raw", ignore_errors=True)  # only its timing is needed (disk: GBs at 12M)
    return result


RDFLIB_CAP_S = 60


def child_rdflib(triples: int) -> dict:
    """rdflib's own engine is pure Python: SIGALRM can stop a query that passes the cap."""
    from rdflib import Dataset

    start = time.perf_counter()
    ds = Dataset()
    ds.parse(str(CACHE / f"build-{triples}" / "graph.nq"), format="nquads")
    parsed = time.perf_counter() - start
    latencies = _latencies(lambda text: list(ds.query(text)), runs=1, cap_s=RDFLIB_CAP_S)
    return {"total_s": parsed, "rss_mb": peak_rss_mb(), "latency": latencies}


class _Cap(Exception):
    pass


def _alarm(*_) -> None:
    raise _Cap


def _latencies(run, runs: int, cap_s: int | None = None) -> dict:
    import signal

    from cyberkg.queries.runner import named_queries

    signal.signal(signal.SIGALRM, _alarm)
    out = {}
    for named in named_queries():
        if named.federated:
            continue
        times, rows = [], 0
        for attempt in range(runs):
            if attempt >= 3 and times[0] > 2000:  # slow, output-bound queries: three runs are enough
                break
            start = time.perf_counter()
            try:
                if cap_s:
                    signal.alarm(cap_s)
                rows = len(run(named.text))
            except _Cap:
                rows = -1
            finally:
                signal.alarm(0)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[named.name] = {"p50": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)], "rows": rows}
    return out


def child_queries(triples: int, runs: int = 20) -> dict:
    from cyberkg.graph.store import OxigraphStore

    store = OxigraphStore(CACHE / f"build-{triples}" / "store")
    return {"latency": _latencies(lambda text: store.query(text).bindings, runs=runs), "rss_mb": peak_rss_mb()}


def child_before_after(triples: int) -> dict:
    """The queries rewritten for the materialised graph against what they were (class hierarchy walked and
    the most specific class recomputed at query time) on the same graph built without inference. Runs
    alternate before/after, so both see the same load on a shared machine. Two paths: `rows` (the engine
    and its strings, no rdflib) and `query` (what `cyberkg query` does: every term made an rdflib term)."""
    from cyberkg.graph.store import OxigraphStore
    from cyberkg.queries.runner import resolve_query

    runs = 7 if triples <= 1_000_000 else 3
    stores = {
        "before": OxigraphStore(CACHE / f"build-{triples}-noinfer" / "store"),
        "after": OxigraphStore(CACHE / f"build-{triples}" / "store"),
    }
    paths = {"rows": lambda store, text: list(store.rows(text)), "query": lambda store, text: store.query(text).bindings}
    out = {}
    for name in BEFORE_AFTER:
        texts = {"before": (Path(__file__).parent / "queries_before" / f"{name}.rq").read_text(), "after": resolve_query(name)}
        times: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}  # the query runs in this thread: CPU time is less swayed by other load
        answers: dict[str, list] = {}
        for _ in range(runs):
            for path, run in paths.items():
                for when, store in stores.items():
                    start, cpu = time.perf_counter(), time.process_time()
                    answer = run(store, texts[when])
                    times.setdefault(f"{when}/{path}", []).append((time.perf_counter() - start) * 1000)
                    cpus.setdefault(f"{when}/{path}", []).append((time.process_time() - cpu) * 1000)
                    if path == "rows":
                        answers[when] = answer
        for key, values in times.items():
            out[f"{name}/{key}"] = {"p50": statistics.median(values), "min": min(values), "cpu_p50": statistics.median(cpus[key])}
        out[f"{name}/rows"] = len(answers["after"])
        out[f"{name}/same"] = _canon(answers["before"]) == _canon(answers["after"])
        out[f"{name}/same_order"] = answers["before"] == answers["after"]
    return out


def child_infer_cpu(triples: int) -> dict:
    """The rule table's own cost, in CPU seconds (less swayed by other load than wall time): check and
    populate the corpus into /dev/null without and with inference, alternately, best of two each."""
    import os

    from cyberkg.graph.populate import populate_nquads
    from cyberkg.graph.seedset import load_seedset

    seeds = load_seedset(_corpus(triples))
    best: dict[str, float] = {}
    for infer in (False, True, False, True):
        with open(os.devnull, "wb") as sink:
            start = time.process_time()
            written = populate_nquads(seeds, sink, infer=infer)
            cpu = time.process_time() - start
        key = "with" if infer else "without"
        best[key] = min(best.get(key, cpu), cpu)
    return {"without_cpu_s": best["without"], "with_cpu_s": best["with"], "facts": written.facts, "inferred": written.inferred}


BEFORE_AFTER = ("timeline", "agreement-parties")


def _canon(rows) -> list[str]:
    """Rows compared as sets of values; a GROUP_CONCAT's order is the engine's, so its parts are sorted."""
    return sorted(str(tuple(", ".join(sorted(v.split(", "))) if v and ", " in v else v for v in row)) for row in rows)


def child_export(triples: int, fmt: str = "nq") -> dict:
    """`cyberkg export -f FMT` streaming to a file: wall and CPU time, the peak memory of this process and of the
    whole process tree (GNU sort runs in its own processes), sampled from /proc."""
    from cyberkg.graph.store import OxigraphStore
    from cyberkg.queries.export import export

    store = OxigraphStore(CACHE / f"build-{triples}" / "store")
    out = CACHE / f"export-{triples}.{fmt}"
    start, cpu = time.perf_counter(), time.process_time()
    with TreePeak() as tree:
        size = export(store, fmt, out)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = sum(1 for _ in open(out, "rb"))
    out.unlink()
    return {
        "s": elapsed,
        "cpu_s": cpu,
        "children_cpu_s": children.ru_utime + children.ru_stime,
        "bytes": size,
        "lines": lines,
        "rss_mb": peak_rss_mb(),
        "sort_rss_mb": tree.children_peak_mb(),
        "tree_rss_mb": tree.tree_mb,
        "children": sorted({name for name, _ in tree.children_mb.values()}),
    }


def child_merge(triples: int) -> dict:
    """One more generated article (its facts as N-Quads) added to the built store, incrementally."""
    import io

    from cyberkg.graph.generate import generate, write_corpus
    from cyberkg.graph.infer import add_with_entailments
    from cyberkg.graph.populate import populate_nquads
    from cyberkg.graph.seedset import load_seedset
    from cyberkg.graph.store import OxigraphStore

    article = CACHE / "one-article"
    if not (article / "documents.yaml").exists():
        write_corpus(generate(120, seed=99, states=2), article)
    buffer = io.BytesIO()
    populate_nquads(load_seedset(article), buffer, infer=False)
    store = OxigraphStore(CACHE / f"build-{triples}" / "store")
    before = sum(1 for _ in store.triples())
    start = time.perf_counter()
    add_with_entailments(store, buffer.getvalue())  # what `cyberkg merge` does: the entailments kept exact
    elapsed = time.perf_counter() - start
    return {"merge_s": elapsed, "quads": buffer.getvalue().count(b"\n"), "added": sum(1 for _ in store.triples()) - before}


def child_remote(triples: int) -> dict:
    import tempfile

    from cyberkg.graph.remote import RemoteConfig, RemoteStore
    from tests.servers import oxigraph_server

    with tempfile.TemporaryDirectory() as tmp, oxigraph_server(Path(tmp)) as (url, _):
        store = RemoteStore(RemoteConfig.from_url(url))
        path = CACHE / f"build-{triples}" / "graph.nq"
        start = time.perf_counter()
        store.replace_all_file(path)
        elapsed = time.perf_counter() - start
        count = int(next(iter(store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])
    return {"load_s": elapsed, "triples": count}


def child(kind: str, triples: str) -> dict:
    return child_of("store", "--child", kind, triples)


def child_of(module: str, *args: str) -> dict:
    """A measurement in its own process; printed as it comes, so a long run's partial results are not lost."""
    result = in_child(module, *args)
    print(json.dumps({"child": [module, *args], "result": result}), file=sys.stderr, flush=True)
    return result


def _export_note(ours: dict, export: dict, fmt: str = "nq") -> str:
    return (
        f"- Export: `cyberkg export -f {fmt}` of the {ours['triples']:,}-triple store (streamed: dump, blank-node quads "
        f"canonicalised, GNU sort) wrote {export['lines']:,} lines ({export['bytes'] / 1e6:,.0f} MB) in "
        f"**{export['s']:.1f} s** ({export.get('cpu_s', 0):.1f} CPU s + {export.get('children_cpu_s', 0):.1f} in "
        f"GNU sort), **peak RSS {export['rss_mb']:,.0f} MB** (cyberkg) and {export.get('sort_rss_mb', 0):,.0f} MB "
        f"(GNU sort, its own process); the whole process tree at most "
        f"**{export.get('tree_rss_mb', export['rss_mb']):,.0f} MB** at once (sampled every 0.2 s)."
    )


def _write_store_result(sizes: list[int], builds: list, latency_tables: list, notes: list, engines: list) -> str:
    body = (
        "Generated corpora (`cyberkg generate`, seed 7), 2 cores shared with other work (ratios are within one run). "
        "*Ours* = `build --bulk`: read the YAML seed files, resolve and check every fact, stream N-Quads and their "
        "materialised entailments (graph/infer.py) into a pipe that the engine bulk-loads from as they come (its "
        "own thread), swap in; *populate* ends with the last quad written, *load* is the engine's work after it. "
        "*Without inference* = the same build with the entailments off. *Raw* = pyoxigraph `bulk_load` of a file "
        "holding the very N-Quads ours loaded (asserted and inferred), same run.\n\n"
        + markdown_table(
            [
                "triples (default graph)",
                "of them inferred",
                "N-Quads lines",
                "read s",
                "check+populate+infer s (engine loading alongside)",
                "load s (after the last quad)",
                "ours s",
                "without inference s",
                "materialisation cost (wall)",
                "materialisation cost (CPU s)",
                "raw pyoxigraph s",
                "ours / raw (wall)",
                "ours / raw (CPU s)",
                "lines/s",
                "peak RSS MB: after reading / whole build / raw load",
                "rdflib parse (same file)",
            ],
            builds,
        )
        + "".join(latency_tables)
        + "\n"
        + "\n".join(notes)
        + "\n"
        + (
            "\nMaterialisation engines (same rules; chosen: the rule table):\n\n"
            + markdown_table(["engine", "graph", "time", "entailments", "vs rule table"], engines)
            if engines
            else ""
        )
        + f"\n_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}._\n"
    )
    # a run of only the large size (it takes long) goes to its own file, next to the smaller sizes' one
    name = "store" if min(sizes) <= 1_000_000 else f"store-{max(sizes) // 1_000_000}m"
    print(write_result(name, "Stores and scale" + ("" if name == "store" else f" ({name[6:]})"), body))
    return body


def main(sizes: list[int], quick: bool = False, exports: tuple[str, ...] = ("nq",)) -> str:
    """`quick`: builds, before/after, export and merge only (no rdflib, engines, full latency table, remote).
    `exports`: the formats exported at the large sizes (nq first); the results file is rewritten after each, so
    a run stopped in a long export keeps what it measured."""
    import shutil

    builds, latency_tables, notes, engines = [], [], [], []
    render = lambda: _write_store_result(sizes, builds, latency_tables, notes, engines)  # noqa: E731
    for triples in sizes:
        _corpus(triples)
        plain = child("build-noinfer", str(triples))
        ours = child("build", str(triples))
        raw = child("raw", str(triples))
        cost = ours["total_s"] / plain["total_s"] - 1
        row = [
            f"{ours['triples']:,}",
            f"{ours['inferred']:,}",
            f"{ours['lines']:,}",
            ours["read_s"],
            ours["populate_s"],
            ours["load_s"],
            ours["total_s"],
            plain["total_s"],
            f"{cost:+.0%}",
            f"{ours['cpu_s'] / plain['cpu_s'] - 1:+.0%}",
            raw["total_s"],
            f"{ours['total_s'] / raw['total_s']:.2f}x",
            f"{ours['cpu_s'] / raw['cpu_s']:.2f}x",
            f"{ours['lines'] / ours['total_s']:,.0f}",
            f"{round(ours['python_rss_mb']):,} / {round(ours['rss_mb']):,} / {round(raw['rss_mb']):,}",
        ]
        small = triples <= 1_000_000 and not quick
        rdflib = child("rdflib", str(triples)) if small else None
        row += [
            f"{rdflib['total_s']:.1f} s / {round(rdflib['rss_mb']):,} MB"
            if rdflib
            else "not run (--quick)"
            if quick
            else "not run (memory)"
        ]
        builds.append(row)
        if small:
            sparql = child_of("reason", "sparql", str(triples))
            engines.append(
                [
                    "rule table (ours, in the build's stream)",
                    f"{ours['triples']:,}",
                    f"{ours['total_s'] - plain['total_s']:.1f} s (build with − without)",
                    f"{ours['inferred']:,}",
                    "reference",
                ]
            )
            engines.append(
                [
                    "SPARQL INSERT rules in Oxigraph (after the load)",
                    f"{ours['triples']:,}",
                    f"{sparql['s']:.1f} s",
                    f"{sparql['inferred']:,}",
                    "identical" if sparql["same"] else "DIFFERENT",
                ]
            )
        if triples > 1_000_000:  # the large size: builds, raw load and export only (each takes many minutes)
            shutil.rmtree(CACHE / f"build-{triples}-noinfer", ignore_errors=True)  # disk: only the timing was needed
            render()
            for fmt in exports:
                notes.append(_export_note(ours, child_of("store", "--child", "export", str(triples), fmt), fmt))
                render()
            continue
        cpu = child("infer-cpu", str(triples))
        notes.append(
            f"- The rule table's own cost: checking and populating the {cpu['facts']:,} quads took "
            f"{cpu['without_cpu_s']:.1f} CPU s without inference and {cpu['with_cpu_s']:.1f} CPU s with its "
            f"{cpu['inferred']:,} entailments (best of two each, same process) = "
            f"**{cpu['with_cpu_s'] / cpu['without_cpu_s'] - 1:+.0%}** on that step; the load grows with the "
            f"{ours['inferred'] * 2 / plain['lines']:.0%} more N-Quads lines."
        )
        pair = child("before-after", str(triples))
        rows = []
        for name in BEFORE_AFTER:
            cell = lambda when, path, stat="p50", name=name, pair=pair: pair[f"{name}/{when}/{path}"][stat]  # noqa: E731
            rows.append(
                [
                    name,
                    f"{pair[f'{name}/rows']:,}",
                    cell("before", "rows"),
                    cell("after", "rows"),
                    f"**{cell('before', 'rows') / cell('after', 'rows'):.1f}x**",
                    f"{cell('before', 'rows', 'min') / cell('after', 'rows', 'min'):.1f}x",
                    f"{cell('before', 'rows', 'cpu_p50') / cell('after', 'rows', 'cpu_p50'):.1f}x",
                    cell("before", "query"),
                    cell("after", "query"),
                    f"{cell('before', 'query') / cell('after', 'query'):.1f}x",
                    ("yes, same order" if pair[f"{name}/same_order"] else "yes") if pair[f"{name}/same"] else "NO",
                ]
            )
        latency_tables.append(
            f"\nBefore/after at {ours['triples']:,} triples, one run (runs alternate before/after, "
            "p50 and best of 7): *before* = the old query (`a/rdfs:subClassOf*`, most specific class "
            "recomputed in a subquery; bench/queries_before/) on the same corpus built without "
            "inference; *after* = queries/*.rq on the materialised graph. *rows*: the engine and its "
            "strings (`Store.rows`); *query*: as `cyberkg query` runs it, every term an rdflib term:\n\n"
            + markdown_table(
                [
                    "query",
                    "rows",
                    "before p50 ms (rows)",
                    "after p50 ms (rows)",
                    "speed-up p50",
                    "speed-up best",
                    "speed-up CPU p50",
                    "before p50 ms (query)",
                    "after p50 ms (query)",
                    "speed-up (query)",
                    "same answers",
                ],
                rows,
            )
        )
        export = child("export", str(triples))
        notes.append(_export_note(ours, export))
        if small:
            queries = child("queries", str(triples))["latency"]
            rows = []
            for name, q in queries.items():
                slow = rdflib["latency"][name]["rows"] == -1
                ratio = (
                    f"> {rdflib['latency'][name]['p50'] / max(q['p50'], 0.001):,.0f}x"
                    if slow
                    else f"{rdflib['latency'][name]['p50'] / max(q['p50'], 0.001):,.0f}x"
                )
                theirs = f"> {RDFLIB_CAP_S * 1000:,} (stopped)" if slow else rdflib["latency"][name]["p50"]
                rows.append([name, f"{q['rows']:,}", q["p50"], q["p95"], theirs, ratio])
            latency_tables.append(
                f"\nCompetency queries at {ours['triples']:,} triples (embedded, 20 runs; rdflib in "
                f"memory, 1 run, stopped at {RDFLIB_CAP_S} s):\n\n"
                + markdown_table(["query", "rows", "p50 ms", "p95 ms", "rdflib in-memory p50 ms", "rdflib / ours"], rows)
            )
        merge = child("merge", str(triples))
        notes.append(
            f"- Incremental: one generated article ({merge['quads']} N-Quads lines, {merge['added']} new "
            f"default-graph triples, entailments included) merged into the {ours['triples']:,}-triple store, "
            f"its entailments kept exact, in **{merge['merge_s']:.2f} s**."
        )
        if small:
            remote = child("remote", str(triples))
            notes.append(
                f"- Remote: the same {ours['lines']:,}-line N-Quads file into an Oxigraph server over HTTP "
                f"(Graph Store POSTs of 200,000 quads, `no_transaction`, two in flight) in "
                f"{remote['load_s']:.1f} s = **{ours['lines'] / remote['load_s']:,.0f} quads/s**."
            )
    if engines:  # owlrl on the seed graph: it cannot take the generated ones in reasonable time and memory
        owl = child_of("reason", "owlrl", "seed", "600")
        engines.append(
            [
                "owlrl 7 (OWL 2 RL, rdflib)",
                f"{owl['triples']:,} (the seed graph)",
                f"{owl['s']:.1f} s" + ("" if owl["finished"] else " (stopped)"),
                f"{owl['added']:,} (all of OWL 2 RL, incl. rdfs:Resource-style and schema triples)",
                "—",
            ]
        )
    return render()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind, triples, extra = sys.argv[2], int(sys.argv[3]), sys.argv[4:]
        print(
            json.dumps(
                {
                    "build": child_build,
                    "build-noinfer": lambda n: child_build(n, infer=False),
                    "raw": child_raw,
                    "rdflib": child_rdflib,
                    "queries": child_queries,
                    "before-after": child_before_after,
                    "export": child_export,
                    "merge": child_merge,
                    "infer-cpu": child_infer_cpu,
                    "remote": child_remote,
                }[kind](triples, *extra)
            )
        )
    else:
        args = [a for a in sys.argv[1:] if a != "--quick" and not a.startswith("--export=")]
        formats = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--export=")), "nq")
        print(main([int(a) for a in args] or list(SIZES), quick="--quick" in sys.argv, exports=tuple(formats.split(","))))
