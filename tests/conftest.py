from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyberkg.graph.build import build
from cyberkg.graph.seedset import packaged_seeds_dir
from cyberkg.graph.store import MemoryStore, OxigraphStore

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> OxigraphStore:
    """The seed graph built once, with HermiT, into a real on-disk Oxigraph store."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = OxigraphStore(path, create=True)
    build(store)
    return store


@pytest.fixture(scope="session")
def memory_store() -> MemoryStore:
    store = MemoryStore()
    build(store, reason=False)
    return store


@pytest.fixture(params=["oxigraph", "memory"])
def any_store(request, built_store, memory_store):
    return built_store if request.param == "oxigraph" else memory_store


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A writable copy of the packaged seeds, for tests that break them."""
    target = tmp_path / "seeds"
    shutil.copytree(packaged_seeds_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven through chromedriver (Selenium), never a downloaded browser."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("headless browser tests need Debian's chromium and chromium-driver: "
                    "apt-get install chromium chromium-driver (`make test` installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--window-size=1400,1000"):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
