from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyberkg.graph.build import BuildResult, build, build_dataset, serialize_nquads
from cyberkg.graph.seedset import packaged_seeds_dir
from cyberkg.graph.store import MemoryStore, OxigraphStore

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def seed_build() -> BuildResult:
    """The seed graph built once in memory, validated (SHACL, provenance and HermiT). A test that changes
    its dataset puts it back before it ends."""
    return build_dataset()


@pytest.fixture(scope="session")
def seed_nquads(seed_build) -> bytes:
    """What build(store) hands to store.replace_all; shared by the two stores below instead of building twice."""
    return serialize_nquads(seed_build.dataset)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, seed_nquads) -> OxigraphStore:
    """The seed graph, built once with HermiT, in a real on-disk Oxigraph store (read-only: copy it to write)."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = OxigraphStore(path, create=True)
    store.replace_all(seed_nquads)
    return store


@pytest.fixture(scope="session")
def memory_store(seed_nquads) -> MemoryStore:
    store = MemoryStore()
    store.replace_all(seed_nquads)
    return store


@pytest.fixture(scope="session")
def oxigraph_server_store(tmp_path_factory):
    """The seed graph built into a real Oxigraph server process (SPARQL Protocol + Graph Store bulk load)."""
    from servers import oxigraph_server

    from cyberkg.graph.remote import RemoteConfig, RemoteStore

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as (url, _):
        store = RemoteStore(RemoteConfig.from_url(url))
        build(store, reason=False)
        yield store


@pytest.fixture(scope="session")
def rdflib_endpoint_store(tmp_path_factory):
    """The seed graph in rdflib-endpoint, a second, independent server engine, loaded with SPARQL Update."""
    from servers import rdflib_endpoint_server

    from cyberkg.graph.remote import RemoteConfig, RemoteStore

    with rdflib_endpoint_server(tmp_path_factory.mktemp("rdflib-endpoint")) as (url, _):
        config = RemoteConfig.from_url(url)
        config.merged_graph = "union"
        store = RemoteStore(config)
        build(store, reason=False)
        yield store


STORES = ["oxigraph", "memory", "oxigraph-server", "rdflib-endpoint"]


@pytest.fixture(params=STORES)
def any_store(request):
    """Every backend: embedded Oxigraph, rdflib in memory, and two real SPARQL servers over HTTP."""
    fixture = {
        "oxigraph": "built_store",
        "memory": "memory_store",
        "oxigraph-server": "oxigraph_server_store",
        "rdflib-endpoint": "rdflib_endpoint_store",
    }[request.param]
    return request.getfixturevalue(fixture)


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
        pytest.fail(
            "headless browser tests need Debian's chromium and chromium-driver: "
            "apt-get install chromium chromium-driver (`make test` installs them)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- tiers (README § Tests): `make test-fast` runs what is marked none of these ---------------------------
# Marks follow from what a test uses, so a new test is placed without anyone remembering to mark it:
# browser: the headless Chromium fixture; server: a SPARQL server process or `cyberkg serve` (its own
# workers), or a store backend behind one; slow: named below, each over ~5 s on 2 cores, or a kill loop.
_SERVER_FIXTURES = {"oxigraph_server_store", "rdflib_endpoint_store"}
_SERVER_PARAMS = ("oxigraph-server", "rdflib-endpoint")
_SERVER_CALLS = ("running(", "oxigraph_server(", "rdflib_endpoint(", '"serve"', "Popen(")
_SLOW_MODULES = {
    "test_reliability.py",
    "test_load.py",
    "test_extracted_graph.py",
    "test_guard_differential.py",
    "test_datasets.py",  # its fixtures import the reference datasets (10-140 s)
    "test_real_news.py",
}  # scores the extractor on the dev articles
# measured over 2.5 s a case (each builds and validates a graph, or fills a disk, or waits on a pipe)
_SLOW_TESTS = {
    "test_cli_entry_point_builds_and_queries",
    "test_build_is_deterministic_and_idempotent",
    "test_bulk_path_gives_the_same_graph_as_the_validated_path",
    "test_generated_corpus_builds_and_validates",
    "test_bad_seed_gives_file_line_error_and_keeps_store",
    "test_bad_curated_facts",
    "test_empty_directory_becomes_a_marked_store_and_old_stores_are_recognised",
    "test_read_only_directory_is_exit_4",
    "test_disk_full_is_exit_4_and_keeps_the_store",
    "test_ingest_fifo_is_refused_without_hanging",
    "test_ingest_and_merge_into_a_new_store",
    "test_a_query_that_is_slow_to_parse_is_stopped_and_the_guard_keeps_working",
    "test_bad_articles",
}


def _source(item: pytest.Item) -> str:
    """The test's own code and that of the fixtures it uses (a server is often started by a fixture)."""
    import inspect

    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in info.name2fixturedefs.values() if info else ():
        functions += [d.func for d in defs]
    parts = []
    for function in functions:
        try:
            parts.append(inspect.getsource(function))
        except (OSError, TypeError):
            pass
    return "\n".join(parts)


# --- two workers (`make test`, `make test-fast`: pytest-xdist, -n 2) ---------------------------------------
# A module is one unit of work (its module fixtures are built once, its module-level report written once),
# except the long tests named here, each a unit of its own that runs beside the rest of its module. Units
# start longest first, so that no long unit is left to run alone at the end: the figures are a unit's CPU
# seconds (its processes' included) plus its own waits (sleeps, time limits, load windows), from the timed
# run of README § Tests. The joined-dataset SHACL + HermiT check stays in test_datasets.py's unit: alone,
# the joined store it reads would be built again on the other worker.
# (xdist's own `--dist loadgroup` cannot be used: it renames node ids, which pytest 9 no longer reads.)
_OWN_UNIT = {"test_cli_entry_point_builds_and_queries": 15}
_MODULE_SECONDS = {
    "test_datasets.py": 175,
    "test_reliability.py": 70,
    "test_http_hardening.py": 45,
    "test_input_box.py": 15,
    "test_build.py": 13,
    "test_web_ingest.py": 12,
    "test_bad_input_table.py": 11,
    "test_load.py": 10,
    "test_visual_exports.py": 8,
    "test_web_page.py": 8,
    "test_ingest.py": 8,
    "test_generate.py": 7,
    "test_bad_input.py": 7,
    "test_guard_differential.py": 6,
    "test_extraction.py": 6,
    "test_linking.py": 6,
    "test_server_security.py": 5,
    "test_export_stream.py": 5,
    "test_server.py": 4,
    "test_ontology.py": 4,
}


# the modules that use the two SPARQL server stores (session fixtures) share a unit: the servers load once
_SERVER_STORE_MODULES = {"test_queries.py", "test_inference.py", "test_stores.py"}


def _unit(nodeid: str) -> tuple[str, float]:
    path, _, rest = nodeid.partition("::")
    name = rest.split("[", 1)[0]
    if name in _OWN_UNIT:
        return f"{path}::{name}", _OWN_UNIT[name]
    if path.rsplit("/", 1)[-1] in _SERVER_STORE_MODULES:
        return "server stores", 45
    return path, _MODULE_SECONDS.get(path.rsplit("/", 1)[-1], 3)


def pytest_xdist_make_scheduler(config, log):
    """Units as above, handed out in the (sorted) collection order."""
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)[0]

    config.option.loadscopereorder = False  # keep our order, not "most tests first"
    return Units(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # an xdist worker: every worker sorts the same collection the same way
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            first.setdefault(_unit(item.nodeid)[0], index)
        # stable: a module keeps its own order
        items.sort(key=lambda item: (-_unit(item.nodeid)[1], first[_unit(item.nodeid)[0]]))
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = set(map(str, callspec.params.values())) if callspec else set()
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        source = _source(item)
        if fixtures & _SERVER_FIXTURES or params & set(_SERVER_PARAMS) or any(call in source for call in _SERVER_CALLS):
            item.add_marker(pytest.mark.server)
        if item.path.name in _SLOW_MODULES or item.originalname in _SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
