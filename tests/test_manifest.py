"""Ingest metadata per file from one manifest (issue 13 item 6): CSV or YAML, inside its own directory."""

from __future__ import annotations

import os

import pytest

from cyberkg.cli import main
from cyberkg.errors import InputError
from cyberkg.graph.manifest import load_manifest

ARTICLE = (
    "The foreign ministers of Norway and Finland signed an agreement on cyber incident response in "
    "Oslo on June 22, the Norwegian government said.\n"
)


def _articles(folder, names=("a.txt", "b.txt")):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLE.replace("Oslo", f"Oslo ({name[0]})"), encoding="utf-8")
    return folder


def test_csv_manifest_in_the_directory_gives_each_article_its_metadata(tmp_path):
    folder = _articles(tmp_path / "in")
    (folder / "manifest.csv").write_text(
        "file,title,publisher,date,url\n"
        "a.txt,Norway and Finland sign,Example Wire,2024-07-01,https://example.org/a\n"
        "b.txt,Second story,Other Wire,2023-07-01,\n",
        encoding="utf-8",
    )
    out = tmp_path / "cand"
    assert main(["ingest", "--store", str(tmp_path / "store"), "--out", str(out), "-q", str(folder)]) == 0
    docs = (out / "documents.yaml").read_text(encoding="utf-8")
    assert "label: Norway and Finland sign" in docs and "label: Second story" in docs
    facts = {
        path.read_text(encoding="utf-8").split("\n", 1)[0]: path.read_text(encoding="utf-8")
        for path in (out / "entities").glob("*.yaml")
    }
    by_file = {name: next(text for first, text in facts.items() if f"/{name} " in first) for name in ("a.txt", "b.txt")}
    # "on June 22" is read against each article's own publication date, from its manifest row
    assert "2024-06-22" in by_file["a.txt"] and "2023" not in by_file["a.txt"]
    assert "2023-06-22" in by_file["b.txt"] and "2024" not in by_file["b.txt"]


def test_flags_override_the_manifest_which_overrides_front_matter(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\npublisher: Front Matter Wire\ndate: 2020-01-01\n---\n" + ARTICLE, encoding="utf-8")
    (folder / "manifest.yaml").write_text("- {file: a.md, date: 2024-07-01, title: Manifest title}\n", encoding="utf-8")
    out = tmp_path / "cand"
    assert (
        main(["ingest", "--store", str(tmp_path / "store"), "--out", str(out), "-q", "--title", "Flag title", str(folder)]) == 0
    )
    docs = (out / "documents.yaml").read_text(encoding="utf-8")
    assert "label: Flag title" in docs and "Manifest title" not in docs
    facts = next((out / "entities").glob("*.yaml")).read_text(encoding="utf-8")
    assert "2024-06-22" in facts and "2020-06-22" not in facts  # the manifest's date beat the front matter's


@pytest.mark.parametrize(
    "content,suffix,message,line",
    [
        ("file,title\n/etc/passwd,x\n", ".csv", "must be a path inside the manifest's directory", 2),
        ("file,title\n../outside.txt,x\n", ".csv", "must be a path inside the manifest's directory", 2),
        ("file,title\nmissing.txt,x\n", ".csv", "no such article", 2),
        ("file,author\na.txt,x\n", ".csv", "unknown manifest column 'author'", 1),
        ("title\nx\n", ".csv", "must name a 'file' column", 1),
        ("file,date\na.txt,2024-13-40\n", ".csv", "is not YYYY-MM-DD", 2),
        ("file,title\na.txt,x\na.txt,y\n", ".csv", "listed twice", 3),
        ("file,title\na.txt,x,extra\n", ".csv", "more cells than the header", 2),
        ("- {file: a.txt}\n- {file: a.txt, secret: 1}\n", ".yaml", "unknown manifest key 'secret'", 2),
        ("- {file: a.txt, title: [nested]}\n", ".yaml", "mapping of plain values", 1),
        ("file: a.txt\n", ".yaml", "is a list of", 1),
        ("- [unclosed\n", ".yaml", "malformed YAML", None),
    ],
)
def test_bad_manifests_get_one_line_naming_the_line(tmp_path, content, suffix, message, line):
    folder = _articles(tmp_path / "in")
    manifest = folder / f"manifest{suffix}"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_manifest(manifest)
    assert message in caught.value.problem
    assert caught.value.line == line and caught.value.path == str(manifest)


def test_a_symbolic_link_out_of_the_box_is_refused_and_nothing_is_written(tmp_path, capsys):
    folder = _articles(tmp_path / "in")
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    os.symlink(secret, folder / "link.txt")
    (folder / "manifest.csv").write_text("file,title\nlink.txt,x\n", encoding="utf-8")
    out = tmp_path / "cand"
    assert (
        main(
            [
                "ingest",
                "--store",
                str(tmp_path / "store"),
                "--out",
                str(out),
                "-q",
                str(folder / "a.txt"),
                "--manifest",
                str(folder / "manifest.csv"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "leads outside the manifest's directory" in err[0] and "manifest.csv:2:" in err[0]
    assert not out.exists()


def test_a_yaml_alias_bomb_in_a_manifest_is_not_expanded(tmp_path):
    folder = _articles(tmp_path / "in")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join('*' + p for p in [chr(ord(c) - 1)] * 9)}]\n" for c in "bcdefghi"
    )
    (folder / "manifest.yaml").write_text(bomb, encoding="utf-8")
    with pytest.raises(InputError, match="is a list of"):
        load_manifest(folder / "manifest.yaml")
