"""Projection and analysis times and peak memory on generated graphs (issue: network analyses).

Baseline, measured in the same run: a bare scan of the store's triples (the floor of any projection).
Run: `make bench` (all suites) or `.venv/bin/python -m bench.analyses [SIZES...]`.
"""

from __future__ import annotations

import json
import sys
import time

from bench.common import in_child, markdown_table, peak_rss_mb, synthetic_store, timed, write_result

SIZES = (10_000, 100_000, 1_000_000)


def child(quads: int) -> dict:
    import networkx as nx

    from cyberkg.graph.store import OxigraphStore
    from cyberkg.queries import analyses
    from cyberkg.queries.projections import actor_event_graph, actor_graph, entity_graph, read_snapshot

    store = OxigraphStore(synthetic_store(quads))
    scan, triples = timed(lambda: sum(1 for _ in store.triples()))
    read, snap = timed(lambda: read_snapshot(store))
    t_entity, entities = timed(lambda: entity_graph(snap))
    t_actor, actors = timed(lambda: actor_graph(snap))
    t_bipartite, _ = timed(lambda: actor_event_graph(snap))
    rss_after_projection = peak_rss_mb()
    simple = nx.Graph(actors)
    t_pagerank, _ = timed(lambda: nx.pagerank(simple, weight="weight"))
    k = None if len(simple) <= 2000 else 200
    t_between, _ = timed(lambda: nx.betweenness_centrality(simple, k=k, seed=1))
    t_louvain, _ = timed(lambda: nx.community.louvain_communities(simple, weight="weight", seed=7))
    nodes = sorted(entities)
    t_paths, _ = timed(lambda: analyses.explain_paths(entities, nodes[0], nodes[-1], max_length=3, limit=5))
    t_timeline, _ = timed(lambda: analyses.timeline(entities))
    return {
        "quads": quads,
        "triples": triples,
        "scan_s": scan,
        "snapshot_s": read,
        "entity_s": t_entity,
        "actor_s": t_actor,
        "bipartite_s": t_bipartite,
        "entity_nodes": entities.number_of_nodes(),
        "entity_edges": entities.number_of_edges(),
        "actor_nodes": actors.number_of_nodes(),
        "actor_edges": actors.number_of_edges(),
        "pagerank_s": t_pagerank,
        "betweenness_s": t_between,
        "betweenness_k": k or "exact",
        "louvain_s": t_louvain,
        "paths_s": t_paths,
        "timeline_s": t_timeline,
        "rss_projection_mb": rss_after_projection,
        "rss_peak_mb": peak_rss_mb(),
    }


def main(sizes: list[int]) -> str:
    rows_p, rows_a = [], []
    for quads in sizes:
        synthetic_store(quads)  # build outside the measured child
        r = in_child("analyses", "--child", str(quads))
        project = r["snapshot_s"] + r["entity_s"]
        rows_p.append(
            [
                f"{r['triples']:,}",
                r["scan_s"],
                r["snapshot_s"],
                r["entity_s"],
                project,
                f"{project / r['scan_s']:.1f}x",
                r["actor_s"],
                r["bipartite_s"],
                f"{r['entity_nodes']:,} / {r['entity_edges']:,}",
                round(r["rss_projection_mb"]),
            ]
        )
        rows_a.append(
            [
                f"{r['triples']:,}",
                f"{r['actor_nodes']:,} / {r['actor_edges']:,}",
                r["pagerank_s"],
                f"{r['betweenness_s']:.2f} (k={r['betweenness_k']})",
                r["louvain_s"],
                r["paths_s"],
                r["timeline_s"],
            ]
        )
    body = (
        "Generated corpora (`cyberkg.graph.generate`), embedded Oxigraph store, 2 cores, seconds (best of 1).\n"
        "Baseline: a bare scan of the store's default-graph triples in the same run; *entity projection* = "
        "snapshot + entity graph, the ratio is to that scan.\n\n"
        + markdown_table(
            [
                "triples (default graph)",
                "scan (baseline)",
                "snapshot",
                "entity graph",
                "entity projection",
                "ratio to scan",
                "actor graph",
                "actor-event graph",
                "entity nodes / edges",
                "peak RSS MB",
            ],
            rows_p,
        )
        + "\nAnalyses on the actor graph (paths and timeline on the entity graph):\n\n"
        + markdown_table(
            ["triples", "actor nodes / edges", "PageRank", "betweenness", "Louvain", "paths (<=3 steps)", "timeline"], rows_a
        )
        + f"\n_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}._\n"
    )
    print(write_result("analyses", "Network projections and analyses", body))
    return body


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        print(main([int(a) for a in sys.argv[1:]] or list(SIZES)))
