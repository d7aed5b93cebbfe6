"""uvicorn's httptools protocol made strict about framing and about slow clients (issue 14).

The request parser is llhttp (C, through httptools): a fifth of the CPU time per request of h11's pure-Python
parser and writer, which made the endpoint slower than the http.server layer it replaced (bench/server.py).
llhttp in its default, non-lenient mode already refuses what matters most for smuggling: a negative, signed,
hexadecimal, listed, empty or overflowing Content-Length; Content-Length given twice (equal or not);
Transfer-Encoding together with Content-Length (RFC 9112 §6.1, §6.3); bad chunk sizes and chunk framing;
obsolete line folding, whitespace before the colon, bare CR or LF line ends, control characters in a header.
Where llhttp is more lenient than h11 (which this layer used before, tests/test_http_hardening.py holds
the cases), the checks are made here, before the request reaches the application:
- Transfer-Encoding must be exactly `chunked` (llhttp takes `gzip, chunked`): anything else is 400;
- an HTTP/1.1 request needs exactly one Host header, an HTTP/1.0 one at most one (RFC 9112 §3.2);
- only HTTP/1.0 and HTTP/1.1 are spoken (llhttp takes `HTTP/2.0` and a request line with no version);
- a request head over MAX_HEAD bytes is refused, also when it arrives in one piece;
- trailer fields after a chunked body are dropped (llhttp reports them as headers of the request);
- Upgrade is not spoken: the request is answered and the connection then closed (CONNECT's target is not
  a path here: 400).
A refused request gets 400 with its reason, and the connection is closed, so bytes after the head are never
read as another request.
Timers uvicorn does not have:
- a client must send a complete request head within `client_timeout` of the connection opening or of the
  previous answer, however it dribbles bytes (uvicorn's keep-alive timer restarts on every byte);
- an answer the client stops reading is abandoned after `client_timeout` (the connection is dropped and
  its buffered bytes freed).
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("cyberkg.http")
MAX_HEAD = 64 * 1024  # request line + headers; a GET query longer than this must be POSTed
_VERSIONS = ("1.0", "1.1")


# a request line whose method is an RFC 9110 token (the rest is checked by llhttp when the method is known)
_REQUEST_LINE = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+ \S+ HTTP/\d\.\d\r?\n")


class Refused(Exception):
    """A request head this layer will not take; the message is the 400's reason."""


class StrictHttpToolsProtocol(HttpToolsProtocol):
    client_timeout = 20.0  # set per server (a subclass is made in server.py)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._stall_timer: asyncio.TimerHandle | None = None
        self._in_head = False  # a request head has begun and is not complete yet
        self._head_size = 0  # bytes of the current head, counted from the parser's callbacks
        self._head_chunks = 0  # bytes of whole reads that fell inside the current head
        self._hosts = 0
        self._refusal = ""
        self._refusal_status = 400

    # -- a complete request head within client_timeout ------------------------------------------
    # a stream protocol is always handed a Transport: uvicorn's own override narrows BaseTransport the same way
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # head and body are two writes: with Nagle on, the client's delayed ACK adds 40 ms to each answer
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing() or self._serving():
            return
        if self._refusal:  # a bad request came after the one just answered
            self._send_refusal()
        else:
            self._arm_head_timer()

    def _serving(self) -> bool:
        """Whether a request is being answered or waits its turn (its head is complete)."""
        return bool(self.pipeline) or (self.cycle is not None and not self.cycle.response_complete)

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.client_timeout, self._head_too_slow)

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing() and not self._serving():
            log.debug("%s: no complete request within %g s; closed", self._client(), self.client_timeout)
            self.transport.close()

    # -- an answer the client stops reading -----------------------------------------------------
    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stall_timer is None:
            self._stall_timer = self.loop.call_later(self.client_timeout, self._reader_too_slow)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stall_timer is not None:
            self._stall_timer.cancel()
            self._stall_timer = None

    def _reader_too_slow(self) -> None:
        self._stall_timer = None
        log.info("%s: stopped reading its answer for %g s; dropped", self._client(), self.client_timeout)
        self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._head_timer, self._stall_timer):
            if timer is not None:
                timer.cancel()
        self._head_timer = self._stall_timer = None
        super().connection_lost(exc)

    # -- parsing: llhttp, plus the checks above ------------------------------------------------
    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        continuing = self._in_head
        try:
            self.parser.feed_data(data)
            if continuing and self._in_head:  # the whole read is head: bounds a header still arriving
                self._head_chunks += len(data)
                if self._head_chunks > MAX_HEAD:
                    self._refuse(f"request head over {MAX_HEAD:,} bytes")
        except httptools.HttpParserUpgrade:
            if self.cycle is not None:  # Upgrade / CONNECT: answered, then the connection is closed
                self.cycle.keep_alive = False
        except httptools.HttpParserInvalidMethodError as exc:
            # RFC 9110 15.6.2: a well-formed request line with a method the server does not know is 501;
            # bytes that are no request line at all stay 400
            if _REQUEST_LINE.match(data):
                self._refusal_status = 501
                self._bad_request("method not implemented")
            else:
                self._bad_request(self._refusal or str(exc))
        except (httptools.HttpParserError, Refused) as exc:
            # a callback's own failure (e.g. a target that is not a URL) is the reason, not "User callback error"
            self._bad_request(self._refusal or str(exc.__context__ or exc))

    def _refuse(self, reason: str) -> None:
        self._refusal = reason
        raise Refused(reason)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_size, self._head_chunks, self._hosts = True, 0, 0, 0

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self._in_head:
            return  # a trailer field after a chunked body: not a header of the request
        self._count(len(name) + len(value) + 4)
        lower = name.lower()
        if lower == b"host":
            self._hosts += 1
        elif lower == b"transfer-encoding" and value.strip(b" \t").lower() != b"chunked":
            self._refuse("only Transfer-Encoding: chunked is supported")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        version = self.parser.get_http_version()
        if version not in _VERSIONS:
            self._refuse(f"HTTP/{version[:10]} is not supported: HTTP/1.1 or HTTP/1.0")
        if self._hosts > 1 or (self._hosts == 0 and version == "1.1"):
            self._refuse("an HTTP/1.1 request needs exactly one Host header" if self._hosts == 0 else "Host given more than once")
        self._in_head = False
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().on_headers_complete()

    def _count(self, size: int) -> None:
        self._head_size += size
        if self._head_size > MAX_HEAD:
            self._refuse(f"request head over {MAX_HEAD:,} bytes")

    # -- the reason, not just "Invalid HTTP request" ---------------------------------------------
    def _bad_request(self, reason: str) -> None:
        """400 and close: now if the bad bytes are the body of the request being answered and its answer has
        not begun (the application's answer is then dropped); else after the answers still owed on this
        connection (pipelined requests before the bad one)."""
        self._refusal = reason
        cycle = self.cycle
        if cycle is not None and cycle.more_body and not cycle.response_started and not self.pipeline:
            cycle.disconnected = True  # its receive() now says the client went away; what it sends is dropped
            cycle.message_event.set()
            self._send_refusal()
        elif self._serving():
            self.flow.pause_reading()  # the parser is done: read nothing more, answer what came first
        else:
            self._send_refusal()

    def _send_refusal(self) -> None:
        reason = self._refusal[:200]
        if self._refusal_status == 501:
            log.info('%s "- -" 501 %s', self._client(), reason)
            body = f"{reason}\n".encode("ascii", "replace")
            head = [b"HTTP/1.1 501 Not Implemented\r\n"]
            head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
            head.append(b"content-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n" % len(body))
            self.transport.write(b"".join(head) + b"connection: close\r\n\r\n" + body)
            self.transport.close()
            return
        log.info('%s "- -" 400 bad request framing: %s', self._client(), reason)
        self.send_400_response(f"bad request: {reason}\n".encode("ascii", "replace").decode("ascii"))

    def _client(self) -> str:
        return self.client[0] if self.client else "-"
