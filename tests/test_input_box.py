"""Issue 14, items 4-6: inputs stay in their box, YAML aliases are refused, exports never replace anything
but a regular file, stores are recognised before anything is replaced, store problems are exit 4, and
CSV/TSV cells that a spreadsheet would run as formulas are neutralised.

Every case: one line on stderr, the documented exit code, nothing stored or replaced."""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from cyberkg.cli import main
from cyberkg.errors import InputError, UsageError
from cyberkg.graph.store import MARKER, OxigraphStore, is_store
from cyberkg.safeio import check_target, load_yaml_text, read_bytes

CANDIDATE_ID = "doc-0123456789ab"


def laughs() -> str:
    """A 'billion laughs': nine levels of nine aliases each, 9**9 strings once expanded, in ~400 bytes."""
    levels = ["&a [" + ",".join(["lol"] * 9) + "]"]
    levels += [f"&{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    return "[" + ", ".join(levels) + "]"


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("cyberkg: ") and "Traceback" not in err


def run(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cyberkg", *args], capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.fixture(scope="module")
def store(built_store, tmp_path_factory) -> OxigraphStore:
    copy = OxigraphStore(tmp_path_factory.mktemp("box") / "store", create=True)
    copy.replace_all(built_store.dump_nquads())
    return copy


def quads(store: OxigraphStore) -> list[bytes]:
    store.close()
    return sorted(store.dump_nquads().splitlines())


@pytest.fixture(scope="module")
def before(store) -> list[bytes]:
    return quads(store)


def candidates(root: Path, file: str, extra: str = "") -> Path:
    """A candidates directory whose one document is `file` (quoting 'root', which /etc/passwd has)."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "documents.yaml").write_text(
        f"- id: {CANDIDATE_ID}\n  type: NewsArticle\n  file: {file}\n{extra}  label: root\n"
        f'  mentions: {{{CANDIDATE_ID}: "root"}}\n',
        encoding="utf-8",
    )
    return root


# --- 4. candidate and seed files stay in their directory ----------------------------------------------------


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return secret


BOX_CASES = {
    # issue 14: candidates documents.yaml names /etc/passwd
    "absolute path": (lambda root, secret: "/etc/passwd", "absolute path"),
    # issue 14: candidates documents.yaml climbs out with ../
    "dot-dot": (lambda root, secret: "../outside/secret.txt", "contains '..'"),
    # issue 14: candidates file is a symlink pointing out
    "symlink out": (lambda root, secret: (root / "articles" / "a.txt").symlink_to(secret) or "articles/a.txt", "leads outside"),
    # issue 14: candidates file under a symlinked parent directory pointing out
    "symlinked parent": (
        lambda root, secret: (root / "articles" / "up").symlink_to(secret.parent, True) or "articles/up/secret.txt",
        "leads outside",
    ),
    # issue 14: candidates file is a directory
    "directory": (lambda root, secret: (root / "articles" / "d.txt").mkdir() or "articles/d.txt", "is a directory"),
}


@pytest.mark.parametrize("case", sorted(BOX_CASES))
def test_candidate_files_stay_in_their_directory(case, store, before, tmp_path, capsys):
    make, message = BOX_CASES[case]
    root = tmp_path / "cand"
    (root / "articles").mkdir(parents=True)
    file = make(root, _outside(tmp_path))
    candidates(root, file)
    code, err = cli(capsys, "merge", str(root), "--store", store.location)
    assert code == 2 and message in err and one_line(err), err
    assert f"{root / 'documents.yaml'}:1:" in err or "documents.yaml:" in err, err
    assert quads(store) == before  # nothing published through /sparql


def test_candidate_fifo_is_refused_without_hanging(store, before, tmp_path):
    # issue 14: a FIFO named by documents.yaml (open would block forever without O_NONBLOCK)
    root = tmp_path / "cand"
    (root / "articles").mkdir(parents=True)
    os.mkfifo(root / "articles" / "pipe.txt")
    candidates(root, "articles/pipe.txt")
    result = run("merge", str(root), "--store", store.location, timeout=60)
    assert result.returncode == 2 and "is a FIFO" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert quads(store) == before


def build_seeds(capsys, seeds: Path, tmp_path: Path) -> tuple[int, str]:
    """`cyberkg build` of a seeds directory into tmp_path's store, in-process: (exit code, stderr)."""
    args = ["--seeds", str(seeds), "--store", str(tmp_path / "store"), "--no-reason", "-q", "--out", str(tmp_path / "out")]
    return cli(capsys, "build", *args)


def test_seed_document_outside_the_seeds_is_refused(seeds_copy, tmp_path, capsys):
    # issue 14: a seeds directory (build) whose documents.yaml names an absolute path
    docs = seeds_copy / "documents.yaml"
    docs.write_text(
        docs.read_text(encoding="utf-8").replace("file: articles/000_142533a5061910c7.txt", "file: /etc/passwd", 1),
        encoding="utf-8",
    )
    code, err = build_seeds(capsys, seeds_copy, tmp_path)
    assert code == 2 and "absolute path" in err and "documents.yaml:" in err and one_line(err), err
    assert not (tmp_path / "store").exists()


def test_seed_entities_symlinked_out_are_refused(seeds_copy, tmp_path, capsys):
    # issue 14: entities/*.yaml is a symlink to a YAML file outside the seeds directory
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("[]\n", encoding="utf-8")
    (seeds_copy / "entities" / "zz-link.yaml").symlink_to(outside)
    code, err = build_seeds(capsys, seeds_copy, tmp_path)
    assert code == 2 and "leads outside" in err and "zz-link.yaml" in err and one_line(err), err


def test_ingest_dev_zero_is_refused(store, before, tmp_path, capsys):
    # issue 14: `cyberkg ingest /dev/zero` (stat says 0 bytes: the limit must hold while reading)
    code, err = cli(capsys, "ingest", "/dev/zero", "--store", store.location, "--out", str(tmp_path / "c"), "--merge")
    assert code == 2 and "/dev/zero: is a device, not a regular file" in err and one_line(err), err
    assert quads(store) == before


def test_ingest_fifo_is_refused_without_hanging(store, before, tmp_path):
    # issue 14: `cyberkg ingest FIFO` hung
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = run("ingest", str(fifo), "--store", store.location, "--out", str(tmp_path / "c"), "--merge", timeout=60)
    assert result.returncode == 2 and "is a FIFO" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert quads(store) == before


def test_ingest_directory_with_a_symlink_out_is_refused(store, before, tmp_path, capsys):
    # issue 14: a directory of articles holding a symlink to a file outside it
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Canada and China signed an agreement.\n", encoding="utf-8")
    (articles / "b.txt").symlink_to(_outside(tmp_path))
    code, err = cli(capsys, "ingest", str(articles), "--store", store.location, "--out", str(tmp_path / "c"), "--merge")
    assert code == 2 and "leads outside" in err and "b.txt" in err and one_line(err), err
    assert quads(store) == before and not (tmp_path / "c").exists()


def test_size_limit_holds_while_reading(tmp_path):
    # issue 14: the limit is counted on the bytes read (a file growing after stat, /dev/zero), not on stat
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    assert read_bytes(path, 5000) == b"x" * 5000
    with pytest.raises(Exception, match="over the 4,999-byte limit"):
        read_bytes(path, 4999)


# --- 4. YAML aliases ----------------------------------------------------------------------------------------


def test_billion_laughs_in_front_matter(store, before, tmp_path, capsys):
    # issue 14: a 600-byte billion laughs in ingest front matter took 29 s and 3 GB
    article = tmp_path / "laughs.md"
    article.write_text(
        f"---\nurl: {laughs()}\ntitle: [*i,*i,*i,*i,*i,*i,*i,*i,*i]\n---\nCanada and China signed.\n", encoding="utf-8"
    )
    assert article.stat().st_size < 600
    code, err = cli(capsys, "ingest", str(article), "--store", store.location, "--out", str(tmp_path / "c"), "--merge")
    assert code == 2 and "aliases" in err and f"{article}:2:" in err and one_line(err), err
    assert quads(store) == before


def test_billion_laughs_in_candidates(store, before, tmp_path, capsys):
    # issue 14: billion laughs in a candidates documents.yaml (merge)
    root = candidates(tmp_path / "cand", "articles/a.txt", extra=f"  note: {laughs()}\n")
    (root / "articles" / "a.txt").write_text("root\n", encoding="utf-8")
    text = (root / "documents.yaml").read_text(encoding="utf-8").replace("label: root", "label: *i")
    (root / "documents.yaml").write_text(text, encoding="utf-8")
    code, err = cli(capsys, "merge", str(root), "--store", store.location)
    assert code == 2 and "aliases" in err and "documents.yaml:" in err and one_line(err), err
    assert quads(store) == before


def test_billion_laughs_in_seed_yaml(seeds_copy, tmp_path, capsys):
    # issue 14: billion laughs in a seed YAML file (build)
    (seeds_copy / "entities" / "zz-laughs.yaml").write_text(
        f"- id: zz-laughs\n  type: State\n  note: {laughs()}\n  label: *i\n", encoding="utf-8"
    )
    code, err = build_seeds(capsys, seeds_copy, tmp_path)
    assert code == 2 and "aliases" in err and "zz-laughs.yaml:" in err and one_line(err), err


def test_modest_alias_reuse_still_loads():
    # issue 14: the budget refuses expansion, not reuse: PyYAML's dumper writes &id001/*id001 for shared values
    text = "- {id: a, evidence: &id001 {doc-1: quote}}\n- {id: b, evidence: *id001}\n"
    assert [r["evidence"] for r in load_yaml_text(text, "x.yaml")] == [{"doc-1": "quote"}] * 2
    with pytest.raises(InputError, match="inside its own anchor"):
        load_yaml_text("a: &x [1, *x]\n", "x.yaml")


def test_billion_laughs_in_gold_file(tmp_path, capsys):
    # issue 14: billion laughs in an evaluation gold file
    gold = tmp_path / "gold.yaml"
    gold.write_text(f"text: a.txt\nnote: {laughs()}\nentities: [{{type: State, name: *i}}]\n", encoding="utf-8")
    code, err = cli(capsys, "eval", str(gold), "--store", "memory:")
    assert code == 2 and "aliases" in err and one_line(err), err


# --- 4. exports ---------------------------------------------------------------------------------------------


def test_export_refuses_to_replace_a_symlink(built_store, tmp_path, capsys):
    # issue 14: `export -o` onto a symlink replaced the link (it replaced /dev/stdout)
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.nq"
    link.symlink_to(target)
    for fmt in ("nq", "graphml"):
        code, err = cli(capsys, "export", "--store", built_store.location, "-f", fmt, "-o", str(link))
        assert code == 64 and "is a symlink" in err and one_line(err), err
        assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"
    with pytest.raises(UsageError, match="symlink|device"):
        check_target(Path("/dev/stdout"))  # checked without writing anything near /dev


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_export_refuses_directories_and_fifos(kind, built_store, tmp_path, capsys):
    # issue 14: export onto a directory or a FIFO
    target = tmp_path / "target"
    target.mkdir() if kind == "directory" else os.mkfifo(target)
    code, err = cli(capsys, "export", "--store", built_store.location, "-o", str(target))
    assert code == 64 and ("is a directory" if kind == "directory" else "is a FIFO") in err and one_line(err), err
    assert target.is_dir() if kind == "directory" else target.is_fifo()


def test_export_replaces_a_regular_file_atomically_and_dash_is_stdout(built_store, tmp_path, capsys):
    # issue 14: exports go through a temporary file beside the target; `-o -` writes to standard output
    target = tmp_path / "graph.nq"
    target.write_text("old\n", encoding="utf-8")
    assert main(["export", "--store", built_store.location, "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"<") and sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq"]
    capsys.readouterr()
    assert main(["export", "--store", built_store.location, "-o", "-"]) == 0
    assert capsys.readouterr().out.encode("utf-8") == data


# --- 5. stores are recognised before anything is replaced ---------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_refuses_an_ordinary_directory(tmp_path, capsys):
    # issue 14: `build --store DIR` deleted the contents of an ordinary directory and exited 0
    victim = tmp_path / "documents"
    (victim / "sub").mkdir(parents=True)
    (victim / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    (victim / "sub" / "data.bin").write_bytes(bytes(range(256)))
    snapshot = _tree(victim)
    for command in (["build", "--no-reason", "-q", "--out", str(tmp_path / "out")], ["merge", str(tmp_path / "c")]):
        code, err = cli(capsys, *command, "--store", str(victim))
        assert code == 4 and "not a cyberkg store" in err and one_line(err), err
        assert _tree(victim) == snapshot and sorted(p.name for p in tmp_path.iterdir()) == ["documents"]


def test_build_refuses_a_file(tmp_path, capsys):
    # issue 14: `build --store FILE` moved the file aside
    victim = tmp_path / "notes.txt"
    victim.write_text("do not move me\n", encoding="utf-8")
    code, err = cli(capsys, "build", "--store", str(victim), "--no-reason", "-q", "--out", str(tmp_path / "out"))
    assert code == 4 and "is a file, not a cyberkg store" in err and one_line(err), err
    assert victim.read_text(encoding="utf-8") == "do not move me\n" and sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_empty_directory_becomes_a_marked_store_and_old_stores_are_recognised(tmp_path, capsys):
    # issue 14: an empty directory may be used; the store gets a marker; stores without one still open
    target = tmp_path / "store"
    target.mkdir()
    code, err = cli(capsys, "build", "--store", str(target), "--no-reason", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (target / MARKER).is_file() and is_store(target)
    (target / MARKER).unlink()  # a store written before the marker existed: RocksDB's CURRENT + MANIFEST
    assert is_store(target)
    OxigraphStore(target, create=True)  # not refused
    capsys.readouterr()
    assert main(["query", "--store", str(target), "ASK { ?s ?p ?o }"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_a_users_directory_named_like_a_leftover_is_not_touched(tmp_path):
    # issue 14: crash recovery renamed or deleted any `<store>.old` directory, whatever it held
    mine = tmp_path / "store.old"
    mine.mkdir()
    (mine / "letter.txt").write_text("mine\n", encoding="utf-8")
    OxigraphStore(tmp_path / "store", create=True)
    assert (mine / "letter.txt").read_text(encoding="utf-8") == "mine\n" and not (tmp_path / "store").exists()


def test_corrupt_store_is_exit_4(built_store, tmp_path, capsys):
    # issue 14: a corrupt store ended as "internal error" exit 1
    copy = tmp_path / "store"
    shutil.copytree(built_store.path, copy)
    (copy / "CURRENT").write_text("garbage\n", encoding="utf-8")
    code, err = cli(capsys, "query", "--store", str(copy), "timeline")
    assert code == 4 and "cannot open store" in err and one_line(err), err


def test_empty_store_variable_is_exit_4(tmp_path, monkeypatch, capsys):
    # issue 14: `CYBERKG_STORE=` (empty) ended as "internal error" exit 1 (and named the working directory)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("CYBERKG_STORE", "")
    for command in (["query", "timeline"], ["build", "--no-reason", "-q", "--out", "out"], ["stats"]):
        code, err = cli(capsys, *command)
        assert code == 4 and "store location is empty" in err and one_line(err), (command, err)
    assert sorted(os.listdir(tmp_path)) == ["keep.txt"]


def _without_dac_override() -> None:
    """Root ignores file permissions through CAP_DAC_OVERRIDE: drop it from the bounding set before exec,
    so the child meets a read-only directory as an ordinary user does."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")


def test_read_only_directory_is_exit_4(tmp_path):
    # issue 14: building into a read-only directory ended as "internal error" exit 1
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o555)
    try:
        result = run(
            "build",
            "--store",
            str(readonly / "store"),
            "--no-reason",
            "-q",
            "--out",
            str(tmp_path / "out"),
            preexec_fn=_without_dac_override if os.geteuid() == 0 else None,
        )
    finally:
        readonly.chmod(0o755)
    assert result.returncode == 4 and "cannot write the store" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and os.listdir(readonly) == []


def test_disk_full_is_exit_4_and_keeps_the_store(tmp_path):
    # issue 14: a full disk (here RLIMIT_FSIZE: writes fail with EFBIG) ended as "internal error" exit 1
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = run(
        "build", "--store", str(tmp_path / "store"), "--no-reason", "-q", "--out", str(tmp_path / "out"), preexec_fn=limit
    )
    assert result.returncode == 4 and "File too large" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "previous store kept" in result.stderr
    assert not (tmp_path / "store").exists() and not list(tmp_path.glob("store.new-*"))


# --- 6. CSV/TSV formula cells -------------------------------------------------------------------------------

FORMULA_QUERY = (
    'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://evil.invalid/\\",\\"click\\")" '
    '"+1+2" "@SUM(A1)" "-2+3" "-12.5" "plain" } }'
)
NEUTRAL = ['\'=HYPERLINK("http://evil.invalid/","click")', "'+1+2", "'@SUM(A1)", "'-2+3", "-12.5", "plain"]
RAW = [cell.removeprefix("'") for cell in NEUTRAL]


def _csv_cells(text: str) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(text))][1:]


def test_cli_csv_and_tsv_neutralise_formulas(built_store, capsys):
    # issue 14: CSV/TSV output did not neutralise formula cells (=HYPERLINK(…) from an article)
    assert main(["query", "--store", built_store.location, "-f", "csv", FORMULA_QUERY]) == 0
    assert sorted(_csv_cells(capsys.readouterr().out)) == sorted(NEUTRAL)
    assert main(["query", "--store", built_store.location, "-f", "csv", "--raw-csv", FORMULA_QUERY]) == 0
    assert sorted(_csv_cells(capsys.readouterr().out)) == sorted(RAW)
    assert main(["query", "--store", built_store.location, "-f", "tsv", FORMULA_QUERY]) == 0
    tsv = capsys.readouterr().out.splitlines()[1:]
    assert '"\'=HYPERLINK(\\"http://evil.invalid/\\",\\"click\\")"' in tsv and '"-12.5"' in tsv, tsv
    assert main(["query", "--store", built_store.location, "-f", "tsv", "--raw-csv", FORMULA_QUERY]) == 0
    assert '"+1+2"' in capsys.readouterr().out.splitlines()


def test_http_csv_neutralises_formulas_unless_raw_is_asked(built_store):
    # issue 14: the HTTP endpoint's CSV/TSV did not neutralise formula cells either
    from httphelp import http, running

    from cyberkg.queries.server import ServerConfig

    with running(ServerConfig(store=built_store.location, port=0, quiet=True)) as srv:
        url = srv.url + "/sparql?" + urllib.parse.urlencode({"query": FORMULA_QUERY})
        by_accept = http(url, None, {"Accept": "text/csv"})
        by_format = http(url + "&format=csv", None, {})
        raw = http(url + "&format=csv-raw", None, {})
        tsv_raw = http(url + "&format=tsv-raw", None, {})
    for status, headers, body in (by_accept, by_format):
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        assert sorted(_csv_cells(body.decode("utf-8"))) == sorted(NEUTRAL)
    assert raw[0] == 200 and sorted(_csv_cells(raw[2].decode("utf-8"))) == sorted(RAW)
    assert tsv_raw[1]["Content-Type"].startswith("text/tab-separated-values") and b'"+1+2"' in tsv_raw[2]
