"""The web page's start-up work at scale: how long until the overview, the editor's hints, a search and a
chosen entity's neighbourhood and facts are on screen, in headless Chromium against `cyberkg serve`.

The seed graph, measured in the same run, is the baseline. Writes bench/results/web.md.

Usage: python -m bench.web [--store PATH]   (default: a generated store of about 1.2M quads, cached)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import markdown_table, synthetic_store, write_result

SIZES = (1_200_000,)
STEPS = ("class counts", "sources", "most connected", "editor hints", "search (2 queries)", "neighbourhood + facts")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(store: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cyberkg", "serve", "--store", str(store), "--port", str(port), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/health", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not start: {proc.stderr.read().decode()[-500:]}")


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def measure(store: Path, search: str) -> dict[str, float]:
    from selenium.webdriver.support.ui import WebDriverWait

    proc, url = _serve(store)
    browser = _browser()
    out: dict[str, float] = {}

    def until(script: str) -> float:
        WebDriverWait(browser, 60, poll_frequency=0.02).until(
            lambda b: b.execute_script(script) or b.execute_script("return document.getElementById('error').textContent")
        )
        error = browser.execute_script("return document.getElementById('error').textContent")
        if error:
            raise RuntimeError(f"the page reported: {error}")
        return time.perf_counter()

    try:
        browser.get(url + "/")  # warm-up: browser, workers and the store's caches, as for a second visitor
        until("return document.querySelectorAll('#hubs li').length > 0 && window.cyberkg.ontologyTerms !== undefined")
        start = time.perf_counter()
        browser.get(url + "/")
        for step, selector in zip(STEPS[:3], ("#class-counts tbody tr", "#sources li", "#hubs li"), strict=False):
            out[step] = until(f"return document.querySelectorAll('{selector}').length > 0") - start
        out[STEPS[3]] = until("return window.cyberkg.ontologyTerms !== undefined") - start
        start = time.perf_counter()
        browser.find_element("id", "search").send_keys(search)
        out[STEPS[4]] = until("return document.querySelectorAll('#search-list li[data-iri]').length > 0") - start - 0.15
        start = time.perf_counter()
        browser.execute_script("document.querySelector('#search-list li[data-iri]').dispatchEvent(new MouseEvent('mousedown'))")
        out[STEPS[5]] = (
            until(
                "return window.cyberkgGraph && window.cyberkgGraph.nodes().length > 0 && "
                "document.querySelectorAll('#facts tbody tr').length > 0"
            )
            - start
        )
        out["quads"] = int(
            urllib.request.urlopen(
                urllib.request.Request(
                    url + "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
                    headers={"Accept": "text/csv"},
                )
            )
            .read()
            .decode()
            .split()[-1]
        )
    finally:
        browser.quit()
        proc.terminate()
        proc.wait(10)
    return out


def main(sizes: list[int], store: Path | None = None) -> str:
    from cyberkg.graph.build import build
    from cyberkg.graph.store import OxigraphStore

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        seed_store = Path(tmp) / "seed"
        build(OxigraphStore(seed_store, create=True), reason=False)
        base = measure(seed_store, "ca")
        rows.append(["seed graph (baseline)", base["quads"]] + [round(base[s], 2) for s in STEPS])
        for quads in sizes:
            big = measure(store or synthetic_store(quads), "sta")
            rows.append(["generated corpus", big["quads"]] + [round(big[s], 2) for s in STEPS])
    body = (
        "Seconds from loading `/` (overview, hints) or from the action (search: typing to the list, minus the "
        "150 ms debounce; choosing: click to graph and facts drawn), headless Chromium against `cyberkg serve` "
        "(2 query workers, 5 s query limit) on the same machine, one run, after one warm-up load of the page. "
        "The machine's two cores are shared with other work, so read the ratios more than the seconds.\n\n"
        + markdown_table(["graph", "quads", *STEPS], rows)
    )
    write_result("web", "Web page at scale", body)
    return body


if __name__ == "__main__":
    given = Path(sys.argv[sys.argv.index("--store") + 1]) if "--store" in sys.argv else None
    print(main(list(SIZES), given))
