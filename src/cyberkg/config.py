"""Where things live by default. Overridable by flags or environment, never hard-coded elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE_ENV = "CYBERKG_STORE"
DEFAULT_OUT_ENV = "CYBERKG_OUT"


def default_store() -> str:
    return os.environ.get(DEFAULT_STORE_ENV, str(Path("var") / "store"))


def default_out_dir() -> Path:
    return Path(os.environ.get(DEFAULT_OUT_ENV, "out"))
