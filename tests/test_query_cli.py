"""`cyberkg query` takes a named query, a .rq file, or inline SPARQL with our prefixes."""

from __future__ import annotations

import json

from cyberkg.cli import main


def test_query_file_and_inline_sparql(built_store, tmp_path, capsys):
    rq = tmp_path / "parties.rq"
    rq.write_text(
        "PREFIX cko: <https://w3id.org/cyberkg/ontology#>\nSELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?a cko:hasParty ?p }\n",
        encoding="utf-8",
    )
    assert main(["query", "--store", built_store.location, "-f", "json", str(rq)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["results"]["bindings"][0]["n"]["value"] == "3"

    # inline, relying on the built-in prefixes (ckr:, rdfs:)
    assert main(["query", "--store", built_store.location, "-f", "csv", "SELECT ?l WHERE { ckr:li-keqiang rdfs:label ?l }"]) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Li Keqiang"]

    assert main(["query", "--store", built_store.location, "ASK { ckr:canada a cko:State }"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_named_graphs_hold_each_sources_facts(built_store, capsys):
    # Who says the NRC was the victim? Only article-001 (the Infosecurity Magazine piece).
    assert (
        main(
            [
                "query",
                "--store",
                built_store.location,
                "-f",
                "csv",
                "SELECT ?g WHERE { GRAPH ?g { ckr:nrc-intrusion-2014 cko:victim ckr:nrc } }",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["g", "https://w3id.org/cyberkg/graph/article-001"]


# -- issue 15 item 2: a query CLI that just works; each test fails on the code before it -------------------


def run(store, *args: str) -> int:
    return main(["query", "--store", store.location, *args])


def test_a_long_one_line_query_is_sparql_not_a_file_name(built_store, capsys):
    # 256-299 characters on one line used to be tried as a path first: "OSError: File name too long"
    padding = " ".join(f"?unused{i}" for i in range(40))
    query = "SELECT ?l WHERE { ckr:canada rdfs:label ?l OPTIONAL { ?l rdfs:comment ?c } } ORDER BY ?l"
    query = query.replace("ORDER BY ?l", f"ORDER BY ?l LIMIT 1 # {padding}")[:290]
    assert 256 <= len(query) < 300 and "\n" not in query
    assert run(built_store, "-f", "csv", query) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["l", "Canada"] and captured.err == ""


def test_text_that_is_sparql_never_reaches_the_filesystem(built_store, capsys, tmp_path, monkeypatch):
    # a file whose name is the query text must not be read in its place
    query = "SELECT ?l WHERE { ckr:canada rdfs:label ?l }"
    monkeypatch.chdir(tmp_path)
    (tmp_path / query).write_text("ASK {}\n", encoding="utf-8")
    assert run(built_store, "-f", "csv", query) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Canada"]


def test_a_leading_comment_and_comments_anywhere(built_store, capsys):
    query = (
        "# Which label has Canada? (a comment may say PREFIX or foo:bar)\n"
        "SELECT ?l # the label, not a prefix: foo:bar\n"
        "WHERE { ckr:canada rdfs:label ?l } # done"
    )
    assert run(built_store, "-f", "csv", query) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Canada"]


def test_prefix_inside_a_literal_keeps_the_automatic_prefixes(built_store, capsys):
    assert run(built_store, "-f", "csv", "SELECT ?l WHERE { ckr:canada rdfs:label ?l FILTER(?l != 'no PREFIX here') }") == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Canada"]


def test_own_prefix_declarations_and_ours_together(built_store, capsys):
    # declaring one prefix used to switch all of ours off
    assert (
        run(
            built_store,
            "-f",
            "csv",
            "PREFIX ex: <http://example.org/>\nSELECT ?l WHERE { ckr:canada rdfs:label ?l OPTIONAL { ?l ex:p ?o } }",
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["l", "Canada"]


def test_one_rule_decides_which_of_our_prefixes_a_text_needs():
    """issue 17: the CLI, the remote store and the endpoint's update path share sparql_text.prologue."""
    from cyberkg.queries.sparql_text import prologue

    ours = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "ckr": "https://w3id.org/cyberkg/id/", "ex": "http://e/"}
    assert prologue("SELECT ?l WHERE { ckr:canada rdfs:label ?l }", ours) == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX ckr: <https://w3id.org/cyberkg/id/>\n"
    )
    # the word PREFIX in a literal, a comment or an IRI declares nothing
    assert prologue("# PREFIX\nASK { <http://x/PREFIX> rdfs:label 'PREFIX ckr: <y>' }", ours).startswith("PREFIX rdfs:")
    # a text's own declaration stands; unused prefixes of ours are not added
    assert prologue("PREFIX ckr: <http://mine/> ASK { ckr:a rdfs:label ?l }", ours) == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    )
    assert prologue("ASK { ?s ?p ?o }", ours) == ""


def test_a_query_file_gets_the_automatic_prefixes_too(built_store, capsys, tmp_path):
    rq = tmp_path / "label.rq"
    rq.write_text("# Canada's label\nSELECT ?l WHERE { ckr:canada rdfs:label ?l }\n", encoding="utf-8")
    assert run(built_store, "-f", "csv", str(rq)) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Canada"]


def test_an_unknown_prefix_is_named_with_its_position(built_store, capsys, tmp_path):
    assert run(built_store, "SELECT ?x WHERE { ?x foo:bar ?y }") == 5
    err = capsys.readouterr().err
    assert "at 1:22: unknown prefix 'foo:'; known: cko, ckr, doc" in err
    assert len(err.strip().splitlines()) == 1
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x\nWHERE { ?x ex:p ?y }\n", encoding="utf-8")
    assert run(built_store, str(rq)) == 5
    assert f"{rq}: at 2:12: unknown prefix 'ex:'" in capsys.readouterr().err


def _error(call) -> str:
    from cyberkg.errors import QueryError

    try:
        call()
    except QueryError as exc:
        return str(exc)
    raise AssertionError("a broken query ran")


def test_syntax_errors_point_into_the_users_own_text(any_store):
    from cyberkg.graph.store import MemoryStore, OxigraphStore
    from cyberkg.namespaces import PREFIXES
    from cyberkg.queries.runner import run_query

    query = "SELECT ?x WHERE { ?x rdfs:label ?y . FILTER(?x = ) }"
    message = _error(lambda: run_query(any_store, query))
    assert "error at 1:" in message or "(line:1, col:" in message, message
    if isinstance(any_store, (OxigraphStore, MemoryStore)):
        # the engine's own answer when it is given the prefixes directly (no hidden text at all)
        assert message == _error(lambda: any_store.query(query, prefixes=PREFIXES))


def test_syntax_error_position_on_the_command_line(built_store, capsys):
    query = "SELECT ?x WHERE {\n  ?x rdfs:label ?y .\n  ?x ] ?y\n}"  # 4 lines: Oxigraph stops at the last
    assert run(built_store, query) == 5
    err = capsys.readouterr().err
    assert err.startswith("cyberkg: error: SPARQL syntax error: error at 4:1:") and err.count("\n") == 1


def test_construct_and_describe_use_our_prefixes(built_store, capsys):
    assert run(built_store, "CONSTRUCT { ?a cko:hasParty ?p } WHERE { ?a cko:hasParty ckr:canada, ?p }") == 0
    out = capsys.readouterr().out
    assert "@prefix cko: <https://w3id.org/cyberkg/ontology#>" in out and "cko:hasParty" in out
    assert "ckr:canada" in out and "ns1:" not in out
    assert run(built_store, "DESCRIBE ckr:canada") == 0
    out = capsys.readouterr().out
    assert "ckr:canada" in out and "rdfs:label" in out and "ns1:" not in out


def test_ask_ends_with_a_newline(built_store, capsys):
    assert run(built_store, "ASK { ckr:canada a cko:State }") == 0
    assert capsys.readouterr().out == "true\n"
    assert run(built_store, "-f", "csv", "ASK { ckr:canada a cko:Nothing }") == 0
    assert capsys.readouterr().out == "false\n"


def test_max_width_and_no_cutting_when_not_a_terminal(built_store, capsys):
    long = "x" * 120
    query = f"SELECT ?t WHERE {{ VALUES ?t {{ '{long}' }} }}"
    assert run(built_store, query) == 0  # capsys is not a tty: nothing is cut
    assert long in capsys.readouterr().out
    assert run(built_store, "--max-width", "20", query) == 0
    out = capsys.readouterr().out
    assert "x" * 19 + "…" in out and "x" * 20 not in out
    assert run(built_store, "--max-width", "0", query) == 0
    assert long in capsys.readouterr().out


def test_show_prints_what_a_named_query_runs(capsys):
    from cyberkg.queries.runner import named_queries

    timeline = next(q for q in named_queries() if q.name == "timeline")
    for flag in ("--show", "--explain"):
        assert main(["query", flag, "timeline"]) == 0
        assert capsys.readouterr().out == timeline.text
    # for inline text, the prefixes we add are shown: only the ones it uses
    assert main(["query", "--show", "SELECT ?l WHERE { ckr:canada rdfs:label ?l }"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "PREFIX ckr: <https://w3id.org/cyberkg/id/>",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
        "SELECT ?l WHERE { ckr:canada rdfs:label ?l }",
    ]


def test_names_files_and_text_are_told_apart(capsys, tmp_path, monkeypatch):
    from cyberkg.queries.runner import resolve

    monkeypatch.chdir(tmp_path)
    (tmp_path / "select.rq").write_text("ASK { ckr:canada a cko:State }", encoding="utf-8")
    assert resolve("select.rq").user_text == "ASK { ckr:canada a cko:State }"  # a path, though it says select
    assert resolve("timeline").origin == "named query 'timeline'"
    assert main(["query", "--show", "prefix.rq"]) == 5
    assert "prefix.rq: no such query file" in capsys.readouterr().err
    assert main(["query", "--show", "INSERT DATA { ckr:a ckr:b ckr:c }"]) == 5
    assert "SPARQL update" in capsys.readouterr().err
    assert main(["query", "--show", "x" * 5000]) == 5  # far too long for a file name: one clear line
    assert "is neither a named query" in capsys.readouterr().err


def test_a_terminal_gets_cells_cut_at_70_by_default(built_store):
    import os
    import pty
    import subprocess
    import sys

    query = "SELECT ?t WHERE { VALUES ?t { '" + "y" * 120 + "' } }"
    leader, follower = pty.openpty()  # a real terminal as standard output
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cyberkg", "query", "--store", built_store.location, query],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0, done.stderr
    text = out.decode("utf-8")
    assert "y" * 69 + "…" in text and "y" * 70 not in text


def test_a_path_that_is_no_regular_file_says_what_it_is(capsys, tmp_path):
    import os

    fifo = tmp_path / "waits.rq"
    os.mkfifo(fifo)  # reading it would block forever
    assert main(["query", "--show", str(fifo)]) == 5
    assert "is a FIFO, not a regular file" in capsys.readouterr().err
    assert main(["query", "--show", str(tmp_path)]) == 5
    assert "is a directory, not a regular file" in capsys.readouterr().err
