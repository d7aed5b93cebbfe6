"""A small invented web site for tests/test_web_ingest.py, served by a real http.server on 127.0.0.1.

Pages look like real news and ministry pages — navigation, cookie banner, share buttons, related links,
newsletter box, footer, JSON-LD and OpenGraph metadata — around an article body the tests know word for
word. Every text is invented for the tests (TEST PAGE), none is news. Also served: robots.txt, an RSS
and an Atom feed with ETag / Last-Modified, a redirect chain and redirects to file:// and to private
and link-local addresses (refused before any connection), a page that never finishes, an oversized
page, a truncated one, a flaky one, JSON, and PDFs with and without a text layer.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import html
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOTE = "TEST PAGE written for cyberkg's tests: invented events and people, not news."


@dataclass
class Story:
    slug: str
    headline: str
    paragraphs: list[str]
    date: str  # YYYY-MM-DD
    author: str

    @property
    def body(self) -> str:
        """The article text a reader should extract: headline and paragraphs, blank lines between."""
        return "\n\n".join([self.headline, *self.paragraphs]) + "\n"


NEWS = Story(
    "world/2024/03/05/norway-chile-cyber-pact",
    "Norway and Chile sign cyber security pact",
    [
        NOTE,
        "Norway and Chile signed an agreement on Tuesday to share threat information and to protect critical "
        "infrastructure from cyber attacks, the Norwegian foreign ministry said in a statement.",
        "The pact commits the two governments to warn each other of major incidents within three days, "
        "according to the statement.",
        "\u201cThis agreement makes our networks safer,\u201d Norwegian Foreign Minister Ingrid Solvang told reporters in Oslo.",
        "Chile's foreign ministry said the two states would meet again in Santiago next year to review the arrangement.",
    ],
    "2024-03-05",
    "Maria Lindqvist",
)

PRESS = Story(
    "press/releases/2024/estonia-finland-talks",
    "Estonia and Finland hold talks on election security",
    [
        NOTE,
        "Estonia and Finland held talks in Tallinn on Thursday on election security and cyber defence.",
        "Estonian Foreign Minister Kadri Tamm and Finnish Foreign Minister Juhani Virtanen agreed to hold a "
        "dialogue on cyber security twice a year.",
        "The ministers condemned a cyber attack on the Finnish parliament in March, which Finland attributed "
        "to a criminal group based abroad.",
    ],
    "2024-04-11",
    "Press Office",
)

FEED_STORIES = [
    Story(
        "world/2024/05/02/japan-india-talks",
        "Japan and India discuss undersea cables",
        [
            NOTE,
            "Japan and India held talks in New Delhi on Thursday on protecting undersea cables from sabotage.",
            "Indian officials said the two governments agreed to exchange warnings about suspicious ships.",
        ],
        "2024-05-02",
        "Arjun Mehta",
    ),
    Story(
        "world/2024/05/09/brazil-argentina-accord",
        "Brazil and Argentina sign ransomware accord",
        [
            NOTE,
            "Brazil and Argentina signed an accord on ransomware in Buenos Aires on Wednesday.",
            "The accord commits both states to share information about ransomware groups, officials said.",
        ],
        "2024-05-09",
        "Lucia Ferreyra",
    ),
    Story(
        "world/2024/05/16/kenya-ghana-dialogue",
        "Kenya and Ghana open a cyber dialogue",
        [
            NOTE,
            "Kenya and Ghana opened a dialogue on cyber crime in Nairobi on Monday, the Kenyan government said.",
            "Ghana's communications ministry said the talks would continue in Accra in September.",
        ],
        "2024-05-16",
        "Amina Odhiambo",
    ),
]

BOILERPLATE = [
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Subscribe to our newsletter",
    "Estonia hosts a cyber exercise for NATO partners",
    "Privacy policy",
    "Share on social media",
    "Home",
    "Skip to main content",
    "In this section",
    "Related press releases",
]


def news_page(story: Story, canonical: str) -> str:
    paragraphs = "\n".join(f"      <p>{html.escape(p)}</p>" for p in story.paragraphs)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.headline,
            "datePublished": f"{story.date}T09:30:00+01:00",
            "inLanguage": "en",
            "author": {"@type": "Person", "name": story.author},
            "publisher": {"@type": "Organization", "name": "The Harbour Ledger"},
        }
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{html.escape(story.headline)} | The Harbour Ledger</title>
  <meta property="og:title" content="{html.escape(story.headline)}">
  <meta property="og:site_name" content="The Harbour Ledger">
  <meta property="og:type" content="article">
  <meta property="og:url" content="{canonical}">
  <link rel="canonical" href="{canonical}">
  <script type="application/ld+json">{ld}</script>
  <script>window.dataLayer = [{{"page": "article"}}]; document.write("tracking pixel");</script>
  <style>.cookie-banner {{ position: fixed; }}</style>
</head>
<body>
  <a class="skip" href="#main">Skip to main content</a>
  <div class="cookie-banner" id="cookie-consent">
    <p>We use cookies to improve your experience and to show you relevant advertising.</p>
    <button>Accept all cookies</button> <button>Manage preferences</button>
  </div>
  <header>
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
      <li><a href="/technology">Technology</a></li><li><a href="/subscribe">Subscribe</a></li>
    </ul></nav>
  </header>
  <main id="main">
    <article>
      <h1>{html.escape(story.headline)}</h1>
      <div class="byline">By <a href="/authors/x">{html.escape(story.author)}</a></div>
      <div class="share"><a href="#">Share on social media</a> <a href="#">Email</a></div>
{paragraphs}
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
        <li><a href="/world/2024/02/20/estonia-exercise">Estonia hosts a cyber exercise for NATO partners</a></li>
        <li><a href="/world/2024/01/11/election-security">Ministers weigh election security rules across Europe</a></li>
      </ul>
    </aside>
    <section class="newsletter"><h2>Subscribe to our newsletter</h2><form><input name="email"></form></section>
  </main>
  <footer><p>&copy; 2024 The Harbour Ledger</p><a href="/privacy">Privacy policy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""


def ministry_page(story: Story) -> str:
    paragraphs = "\n".join(f"        <p>{html.escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(story.headline)} - Ministry of Foreign Affairs</title>
  <meta name="author" content="{html.escape(story.author)}">
  <meta property="og:title" content="{html.escape(story.headline)}">
  <meta property="og:site_name" content="Ministry of Foreign Affairs of Estonia">
  <meta property="article:published_time" content="{story.date}T14:00:00+03:00">
</head>
<body>
  <div id="cookie-notice" role="dialog"><p>This website uses cookies. By continuing you accept all cookies.</p>
    <a href="/cookies">More information</a></div>
  <div class="top"><a href="/">Home</a> | <a href="/et">Eesti</a> | <a href="/en">English</a></div>
  <nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/press">Press</a> &gt; <a href="/press/releases">Press releases</a></nav>
  <div class="layout">
    <div class="sidebar">
      <h3>In this section</h3>
      <ul><li><a href="/press/releases">Press releases</a></li><li><a href="/press/speeches">Speeches</a></li>
      <li><a href="/press/contacts">Media contacts</a></li></ul>
    </div>
    <div class="content">
      <div class="press-release">
        <h1>{html.escape(story.headline)}</h1>
{paragraphs}
      </div>
      <div class="related-releases"><h3>Related press releases</h3>
        <ul><li><a href="/press/releases/2024/latvia">Minister meets Latvian counterpart on energy links</a></li></ul>
      </div>
    </div>
  </div>
  <footer><p>Ministry of Foreign Affairs &middot; Islandi valjak 1 &middot; Tallinn</p></footer>
</body>
</html>
"""


@functools.cache  # the same bytes for every test of a run (a test compares what was served with the route)
def pdf_report(with_text: bool) -> bytes:
    """A two-page report made with fpdf2: text on both pages, or (a 'scan') only drawn shapes."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Annual review of cyber diplomacy")
    pdf.set_author("Policy Unit")
    pdf.set_font("Helvetica", size=11)
    for text in PDF_PAGES:
        pdf.add_page()
        if with_text:
            pdf.multi_cell(0, 6, text)
        else:  # what a scanner gives: marks on the page, no text layer
            for row in range(20):
                pdf.rect(20, 20 + row * 8, 150 - row * 3, 4, style="F")
    return bytes(pdf.output())


PDF_PAGES = [
    "Annual review of cyber diplomacy\n\n" + NOTE.replace("PAGE", "REPORT") + "\n\n"
    "Japan and Australia signed a memorandum on undersea cables in Canberra in May.",
    "Germany and France signed a declaration on ransomware in Berlin on 3 May 2024, officials said.",
]


def rss(stories: list[Story], base: str) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(s.headline)}</title><link>{base}/{s.slug}</link>"
        f'<guid isPermaLink="false">ledger-{s.slug}</guid><dc:creator>{html.escape(s.author)}</dc:creator>'
        f"<pubDate>{format_datetime(dt.datetime.fromisoformat(s.date + 'T09:30:00+00:00'))}</pubDate></item>"
        for s in stories
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>The Harbour Ledger: World</title><link>{base}/world</link>"
        f"<description>World news</description>{items}</channel></rss>\n"
    ).encode()


def atom(stories: list[Story], base: str) -> bytes:
    entries = "".join(
        f'<entry><title>{html.escape(s.headline)}</title><link href="{base}/{s.slug}"/>'
        f"<id>tag:mfa.example,2024:{s.slug}</id><updated>{s.date}T14:00:00Z</updated>"
        f"<author><name>{html.escape(s.author)}</name></author></entry>"
        for s in stories
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Ministry press releases</title><id>tag:mfa.example,2024:press</id>"
        f"<updated>2024-05-16T00:00:00Z</updated>{entries}</feed>\n"
    ).encode()


@dataclass
class Site:
    """What the server serves (mutable by a test) and every request it received."""

    base: str = ""
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)  # path, headers, time
    rss_stories: list[Story] = field(default_factory=list)
    atom_stories: list[Story] = field(default_factory=list)
    atom_modified: dt.datetime = dt.datetime(2024, 5, 16, 12, 0, tzinfo=dt.UTC)
    flaky_left: int = 1

    def page(self, path: str, body: str | bytes, media_type: str = "text/html; charset=utf-8", **headers) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (200, {"Content-Type": media_type, **headers}, data)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers, _ in self.requests if p == path]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site = self.site
        path = self.path.split("?", 1)[0]
        site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
        special = {
            "/slow": self._slow,
            "/big-stream": self._big_stream,
            "/truncated": self._truncated,
            "/flaky": self._flaky,
            "/feeds/world.rss": self._rss,
            "/feeds/press.atom": self._atom,
        }
        if path in special:
            return special[path]()
        status, headers, body = site.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _slow(self) -> None:
        """Headers at once, then a byte every tenth of a second: never finishes in the client's deadline."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(300):  # bounded: 30 s at most, ends when the client hangs up
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _big_stream(self) -> None:
        """No Content-Length: the size limit has to be enforced while reading."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(64):  # 4 MB at most
                self.wfile.write(b"<p>" + b"x" * 65530 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _truncated(self) -> None:
        body = news_page(NEWS, "https://harbourledger.example/x").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body) * 2))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])

    def _flaky(self) -> None:
        if self.site.flaky_left > 0:
            self.site.flaky_left -= 1
            return self._send(503, {"Content-Type": "text/plain", "Retry-After": "1"}, b"busy")
        self._send(
            200, {"Content-Type": "text/html; charset=utf-8"}, news_page(NEWS, "https://harbourledger.example/flaky").encode()
        )

    def _rss(self) -> None:
        body = rss(self.site.rss_stories, self.site.base)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, {"ETag": etag}, b"")
        self._send(200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, body)

    def _atom(self) -> None:
        stamp = format_datetime(self.site.atom_modified, usegmt=True)
        if self.headers.get("If-Modified-Since") == stamp:
            return self._send(304, {"Last-Modified": stamp}, b"")
        self._send(
            200, {"Content-Type": "application/atom+xml", "Last-Modified": stamp}, atom(self.site.atom_stories, self.site.base)
        )


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (the ingester refusing an over-long body) is the point of some tests, not an
    error: http.server would print its traceback to stderr, which in-process CLI tests read as the CLI's."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    """Starts the site on 127.0.0.1 (a free port) in a thread; `stop()` shuts it down and joins it."""

    def __init__(self, site: Site) -> None:
        handler = type("Handler", (_Handler,), {"site": site})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        site.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # shutdown() waits for the loop to poll: 0.5 s by default, paid by every test's teardown
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="web-site", daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@functools.cache  # built once per run: compressing 50 MB took ~0.3 s CPU in every test's fixture
def _gzip_bomb() -> bytes:
    """50 MB of spaces in ~50 kB of gzip."""
    return gzip.compress(b"<html><body>" + b" " * 50_000_000)


@functools.cache
def _big_page() -> bytes:
    return ("<html><body>" + "<p>padding</p>" * 200_000 + "</body></html>").encode("utf-8")


def populate(site: Site) -> None:
    """The routes, once the base URL (the port) is known."""
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page(f"/{NEWS.slug}", news_page(NEWS, f"https://harbourledger.example/{NEWS.slug}"))
    site.page(f"/{PRESS.slug}", ministry_page(PRESS))
    site.page("/private/memo.html", ministry_page(PRESS))
    for story in FEED_STORIES:
        site.page(f"/{story.slug}", news_page(story, f"https://harbourledger.example/{story.slug}"))
    site.routes["/r/start"] = (302, {"Location": "/r/middle"}, b"")
    site.routes["/r/middle"] = (301, {"Location": f"{site.base}/{NEWS.slug}"}, b"")
    site.routes["/r/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    site.routes["/r/to-private"] = (302, {"Location": "http://10.255.255.1/admin"}, b"")
    site.routes["/r/to-link-local"] = (307, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    site.routes["/r/loop"] = (302, {"Location": "/r/loop"}, b"")
    site.page("/big", _big_page())
    site.page("/gzipped", gzip.compress(news_page(PRESS, "https://mfa.example/gz").encode()), **{"Content-Encoding": "gzip"})
    site.page("/bomb", _gzip_bomb(), **{"Content-Encoding": "gzip"})
    site.page("/feeds/broken.rss", "<html><body>Sorry, our feeds moved.</body></html>", "application/rss+xml")
    site.page("/api/data.json", '{"a": 1}', "application/json")
    site.page("/reports/annual-review.pdf", pdf_report(True), "application/pdf")
    site.page("/reports/scanned.pdf", pdf_report(False), "application/pdf")
    site.page("/fake.pdf", "<html>not a pdf</html>", "application/pdf")
    site.rss_stories = FEED_STORIES[:2]
    site.atom_stories = [PRESS]
    site.page("/gallery", "<html><body><nav><a href='/'>Home</a></nav><p>Photos of the week.</p></body></html>")
