"""Files of the web page that are generated from the Python side, so page and CLI share one namespace table.

`python -m cyberkg.queries.web_assets` rewrites them; tests/test_web_page.py fails when one is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from cyberkg.namespaces import PREFIXES

STATIC = Path(__file__).with_name("static")


def prefixes_js() -> str:
    """The namespace table for the page's editor hints and IRI display (a script: CSP allows no inline ones)."""
    return (
        "// Generated from cyberkg.namespaces.PREFIXES by `python -m cyberkg.queries.web_assets`: do not edit.\n"
        "window.CYBERKG_PREFIXES = " + json.dumps(PREFIXES, indent=1) + ";\n"
    )


def assets() -> dict[str, str]:
    return {"prefixes.js": prefixes_js()}


def write(folder: Path = STATIC) -> list[Path]:
    paths = []
    for name, text in assets().items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path}")
