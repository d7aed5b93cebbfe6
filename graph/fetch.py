"""Fetch from the web politely and defensively (README § Ingesting from the web).

Everything a server sends is untrusted. One `Fetcher` per run holds the policy:
- only http and https, on every redirect hop; the host is resolved once per hop, every address it
  resolves to must be public (loopback refused unless `allow_loopback`; loopback, private, link-local and
  reserved unless `allow_private`),
  and the connection goes to the address that was checked, so a DNS answer cannot change in between;
- robots.txt of every host is read (urllib.robotparser) and obeyed, its Crawl-delay too;
- one request per host per `interval` seconds at most; a descriptive User-Agent;
- a connect/read timeout per socket operation and a deadline for the whole response, so a server
  that drips a byte a second is cut off; the size limit is enforced while reading, not after;
- transient failures (connection errors, timeouts, 429, 5xx) are retried with exponential back-off;
- the body is handed over only when it arrived whole: a caller never sees half a page.
Failures raise FetchError, one line naming the URL.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import logging
import socket
import ssl
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from cyberkg import __version__
from cyberkg.errors import FetchError

log = logging.getLogger(__name__)

USER_AGENT = (
    f"cyberkg/{__version__} (knowledge-graph ingest of public statements and news; reads robots.txt; +https://w3id.org/cyberkg)"
)
ROBOTS_TOKEN = "cyberkg"
RETRYABLE = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
MAX_ROBOTS_BYTES = 500_000
MAX_WAIT = 60.0  # longest Retry-After or Crawl-delay honoured; a longer one fails the fetch instead


@dataclass(frozen=True)
class Policy:
    timeout: float = 30.0  # the whole response, headers to last byte
    socket_timeout: float = 10.0  # one connect or one read
    max_bytes: int = 10_000_000
    retries: int = 2
    backoff: float = 1.0  # first wait; doubles each retry
    interval: float = 1.0  # seconds between two requests to one host
    allow_loopback: bool = False  # this machine only (a local mirror, a test server)
    allow_private: bool = False  # every non-public address: loopback, private, link-local (an intranet)
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Response:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    media_type: str  # lower case, no parameters
    charset: str | None
    headers: dict[str, str]
    body: bytes
    retrieved: str  # UTC, ISO 8601 to the second


@dataclass
class _Host:
    last: float = 0.0
    delay: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever the name resolves to a moment later."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass
class Fetcher:
    policy: Policy = field(default_factory=Policy)
    hosts: dict[tuple[str, str, int], _Host] = field(default_factory=dict)

    def get(self, url: str, accept: tuple[str, ...], headers: dict[str, str] | None = None) -> Response:
        """GET `url` following redirects under the policy; `accept` lists the media types wanted.
        A 304 (to a conditional request) is returned as is, with an empty body."""
        self._check_url(url, url)
        self._check_host(url, url)
        if not self._robots_allow(url):
            raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows this page for {ROBOTS_TOKEN}", url)
        response = self._with_retries(url, headers or {})
        if response.status == 304:
            return response
        if response.media_type not in accept:
            raise FetchError(f"content type '{response.media_type or 'none'}' is not one of {', '.join(accept)}", url)
        return response

    # -- one request, with retries and redirects ----------------------------------------------
    def _with_retries(self, url: str, headers: dict[str, str]) -> Response:
        for attempt in range(self.policy.retries + 1):
            try:
                return self._follow(url, headers)
            except _Retry as exc:
                if attempt == self.policy.retries:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise FetchError(f"{exc}{tries}", url) from None
                wait = exc.wait if exc.wait is not None else self.policy.backoff * 2**attempt
                if wait > MAX_WAIT:
                    raise FetchError(f"{exc}; the server asks to wait {wait:.0f} s", url) from None
                log.info("%s: %s; retrying in %.1f s", url, exc, wait)
                time.sleep(wait)
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, head, body = self._request(current, headers, self.policy.max_bytes)
            if status in (301, 302, 303, 307, 308):
                target = urljoin(current, head.get("location", ""))
                if not head.get("location"):
                    raise FetchError(f"redirect {status} without a Location", url)
                self._check_url(target, url)
                self._check_host(target, url)
                if not self._robots_allow(target):
                    raise FetchError(f"redirected to {target}, which robots.txt disallows", url)
                log.info("%s: redirected (%d) to %s", url, status, target)
                current = target
                continue
            if status in RETRYABLE:
                raise _Retry(f"HTTP {status}", _retry_after(head.get("retry-after")))
            if status != 200 and status != 304:
                raise FetchError(f"HTTP {status} {http.client.responses.get(status, '')}".rstrip(), url)
            message = Message()
            message["content-type"] = head.get("content-type", "")
            charset = message.get_param("charset")
            return Response(
                url,
                current,
                status,
                message.get_content_type() if head.get("content-type") else "",
                str(charset).strip().lower() if isinstance(charset, str) else None,
                head,
                body,
                dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            )
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", url)

    def _request(self, url: str, headers: dict[str, str], limit: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(parts.hostname or "", port, url)
        self._wait_turn(parts)
        cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = cls(parts.hostname or "", port, address, self.policy.socket_timeout)
        # non-ASCII and spaces percent-encoded (http.client refuses them); what is already encoded stays
        path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe="/?&=%:@!$'()*+,;~-._")
        deadline = time.monotonic() + self.policy.timeout
        try:
            conn.request(
                "GET",
                path,
                headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, identity", "Accept": "*/*", **headers},
            )
            response = conn.getresponse()
            head = {k.lower(): v for k, v in response.getheaders()}
            if response.status in (301, 302, 303, 304, 307, 308) or response.status in RETRYABLE:
                return response.status, head, b""
            if response.status != 200:
                return response.status, head, b""
            return response.status, head, _read_body(response, head, limit, deadline, self.policy.timeout, url)
        except TimeoutError:
            raise _Retry(f"no answer within {self.policy.socket_timeout:g} s") from None
        except ssl.SSLError as exc:
            raise FetchError(f"TLS failed: {exc.reason or exc}", url) from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            raise _Retry(f"connection failed: {type(exc).__name__}: {exc}".rstrip(": ")) from None
        finally:
            conn.close()

    # -- policy ------------------------------------------------------------------------------
    def _check_url(self, url: str, asked: str) -> None:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError as exc:
            raise FetchError(f"malformed URL {url!r}: {exc}", asked) from None
        where = "" if url == asked else f"redirected to {url}: "
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{where}scheme '{parts.scheme}' refused (only http and https)", asked)
        if not parts.hostname:
            raise FetchError(f"{where}URL has no host", asked)
        if parts.username or parts.password:
            raise FetchError(f"{where}URL with credentials refused", asked)

    def _check_host(self, url: str, asked: str) -> None:
        parts = urlsplit(url)
        self._address(
            parts.hostname or "",
            parts.port or (443 if parts.scheme == "https" else 80),
            asked,
            "" if url == asked else f"redirected to {url}: ",
        )

    def _address(self, host: str, port: int, url: str, where: str = "") -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Retry(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
        addresses = [str(info[4][0]) for info in infos]
        for address in addresses:
            problem = self._refused(address)
            if problem:
                flag = "--allow-loopback or --allow-private" if problem == "a loopback address" else "--allow-private"
                raise FetchError(
                    f"{where}{host} resolves to {address}, {problem} (allowed only with {flag})"
                    if problem != "never allowed"
                    else f"{where}{host} resolves to {address}: never allowed",
                    url,
                )
        return addresses[0]

    def _refused(self, text: str) -> str | None:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_multicast or ip.is_unspecified:
            return "never allowed"
        if ip.is_global or self.policy.allow_private or (ip.is_loopback and self.policy.allow_loopback):
            return None
        kind = (
            "a loopback address"
            if ip.is_loopback
            else "a link-local address"
            if ip.is_link_local
            else "a private address"
            if ip.is_private
            else "not a public address"
        )
        return kind

    def _host(self, parts: SplitResult) -> _Host:
        key = (parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80))
        return self.hosts.setdefault(key, _Host())

    def _wait_turn(self, parts: SplitResult) -> None:
        host = self._host(parts)
        gap = max(self.policy.interval, host.delay)
        wait = host.last + gap - time.monotonic()
        if host.last and wait > 0:
            time.sleep(wait)
        host.last = time.monotonic()

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        host = self._host(parts)
        if host.robots is None:
            host.robots = self._load_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
            delay = host.robots.crawl_delay(ROBOTS_TOKEN)
            if delay:
                host.delay = min(float(delay), MAX_WAIT)
        return host.robots.can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, no answer)
        allows nothing, as does 401/403 (robotparser's reading)."""
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, head, body = self._request(robots_url, {}, MAX_ROBOTS_BYTES)
            hops = 0
            while status in (301, 302, 303, 307, 308) and hops < MAX_REDIRECTS and head.get("location"):
                target = urljoin(robots_url, head["location"])
                self._check_url(target, robots_url)
                status, head, body = self._request(target, {}, MAX_ROBOTS_BYTES)
                hops += 1
        except _Retry as exc:
            log.warning("%s: %s; treating the host as disallowed", robots_url, exc)
            parser.disallow_all = True  # type: ignore[attr-defined]  # RobotFileParser's own flags, untyped
            return parser
        if status in (401, 403) or status >= 500:
            parser.disallow_all = True  # type: ignore[attr-defined]
        elif status >= 400 or status != 200:
            parser.allow_all = True  # type: ignore[attr-defined]
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser


def _read_body(
    response: http.client.HTTPResponse, head: dict[str, str], limit: int, deadline: float, timeout: float, url: str
) -> bytes:
    declared = head.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"response is {int(declared):,} bytes, over the {limit:,}-byte limit", url)
    encoding = head.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate", ""):
        raise FetchError(f"unsupported content encoding '{encoding}'", url)
    # wbits 47: gzip or zlib header, detected; max_length bounds what a compressed bomb can expand to
    inflate = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"response not complete within {timeout:g} s ({size:,} bytes so far); nothing kept", url)
        try:
            chunk = response.read1(65536)
        except http.client.IncompleteRead:
            raise _Retry(f"connection closed before the {declared or '?'} bytes it announced; nothing kept") from None
        if not chunk:
            break
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, limit + 1 - size)
            except zlib.error as exc:
                raise FetchError(f"corrupt {encoding} body: {exc}", url) from None
        size += len(chunk)
        if size > limit:
            raise FetchError(f"response is over the {limit:,}-byte limit; nothing kept", url)
        chunks.append(chunk)
    if inflate is not None and not inflate.eof:
        raise _Retry(f"connection closed inside the {encoding} body ({size:,} bytes so far); nothing kept")
    if declared.isdigit() and inflate is None and size < int(declared):
        raise _Retry(f"connection closed after {size:,} of {int(declared):,} bytes; nothing kept")
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
