"""`cyberkg query` takes a named query, a .rq file, or inline SPARQL with our prefixes."""

from __future__ import annotations

import json

from cyberkg.cli import main


def test_query_file_and_inline_sparql(built_store, tmp_path, capsys):
    rq = tmp_path / "parties.rq"
    rq.write_text("PREFIX cko: <https://w3id.org/cyberkg/ontology#>\n"
                  "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?a cko:hasParty ?p }\n", encoding="utf-8")
    assert main(["query", "--store", built_store.location, "-f", "json", str(rq)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["results"]["bindings"][0]["n"]["value"] == "3"

    # inline, relying on the built-in prefixes (ckr:, rdfs:)
    assert main(["query", "--store", built_store.location, "-f", "csv",
                 "SELECT ?l WHERE { ckr:li-keqiang rdfs:label ?l }"]) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Li Keqiang"]

    assert main(["query", "--store", built_store.location, "ASK { ckr:canada a cko:State }"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_named_graphs_hold_each_sources_facts(built_store, capsys):
    # Who says the NRC was the victim? Only article-001 (the Infosecurity Magazine piece).
    assert main(["query", "--store", built_store.location, "-f", "csv",
                 "SELECT ?g WHERE { GRAPH ?g { ckr:nrc-intrusion-2014 cko:victim ckr:nrc } }"]) == 0
    assert capsys.readouterr().out.splitlines() == ["g", "https://w3id.org/cyberkg/graph/article-001"]
