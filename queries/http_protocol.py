"""uvicorn's h11 protocol made strict about framing and about slow clients (issue 14).

h11 already refuses a negative, non-numeric or conflicting Content-Length, obsolete line folding in the
wrong place, bad chunk sizes and oversized heads. What HTTP/1.1 (RFC 9112 §6.1, §6.3) only says "ought to
be handled as an error" is made an error here, before the request reaches the application:
- Transfer-Encoding together with Content-Length (the classic smuggling pair): 400 and the connection
  is closed, so bytes after the head are never read as another request;
- Content-Length given more than once, or as a list ("5, 5"), even with equal values;
- a request head over MAX_HEAD bytes, also when it arrives in one piece.
Timers uvicorn does not have:
- a client must send a complete request head within `client_timeout` of the connection opening or of the
  previous answer, however it dribbles bytes (uvicorn's keep-alive timer restarts on every byte);
- an answer the client stops reading is abandoned after `client_timeout` (the connection is dropped and
  its buffered bytes freed).
"""

from __future__ import annotations

import asyncio
import logging
import socket

import h11
from h11 import _readers  # the request-head reader is extended, not rewritten
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("cyberkg.http")
MAX_HEAD = 64 * 1024  # request line + headers; a GET query longer than this must be POSTed


def _strict_request_head(buf):
    """h11's reader for a request head, plus the framing checks above."""
    lines = buf.maybe_extract_lines()
    if lines is None:
        if buf.is_next_line_obviously_invalid_request_line():
            raise h11.LocalProtocolError("illegal request line")
        return None
    if not lines:
        raise h11.LocalProtocolError("no request line received")
    if sum(len(line) + 2 for line in lines) > MAX_HEAD:  # h11 bounds only a head that arrives in pieces
        raise h11.LocalProtocolError(f"request head over {MAX_HEAD:,} bytes")
    matches = _readers.validate(_readers.request_line_re, lines[0], "illegal request line: {!r}", lines[0])
    headers = list(_readers._decode_header_lines(lines[1:]))
    names = [name.lower() for name, _ in headers]
    lengths = [value for name, value in headers if name.lower() == b"content-length"]
    if len(lengths) > 1 or any(b"," in value for value in lengths):
        raise h11.LocalProtocolError("Content-Length given more than once")
    if lengths and b"transfer-encoding" in names:
        raise h11.LocalProtocolError("both Transfer-Encoding and Content-Length: the body's length is ambiguous")
    return h11.Request(headers=headers, _parsed=True, **matches)


_READERS = {**_readers.READERS, (h11.CLIENT, h11.IDLE): _strict_request_head}


class StrictConnection(h11.Connection):
    """An h11 server connection whose request-head reader is `_strict_request_head`."""

    last_error = ""

    def _get_io_object(self, role, event, io_dict):
        return super()._get_io_object(role, event, _READERS if io_dict is _readers.READERS else io_dict)

    def next_event(self):
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.last_error = str(exc)
            raise


class StrictH11Protocol(H11Protocol):
    client_timeout = 20.0  # set per server (a subclass is made in server.py)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = self.config.h11_max_incomplete_event_size  # None: h11's default, as uvicorn's own protocol reads it
        self.conn: StrictConnection = StrictConnection(h11.SERVER, DEFAULT_MAX_INCOMPLETE_EVENT_SIZE if limit is None else limit)
        self._head_timer: asyncio.TimerHandle | None = None
        self._stall_timer: asyncio.TimerHandle | None = None

    # -- a complete request head within client_timeout ------------------------------------------
    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # head and body are two writes: with Nagle on, the client's delayed ACK adds 40 ms to each answer
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm_head_timer()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE and self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.client_timeout, self._head_too_slow)

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
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

    # -- the reason, not just "Invalid HTTP request" ---------------------------------------------
    def send_400_response(self, msg: str) -> None:
        reason = self.conn.last_error or msg
        log.info('%s "- -" 400 bad request framing: %s', self._client(), reason[:200])
        super().send_400_response(f"bad request: {reason[:200]}".encode("ascii", "replace").decode("ascii"))

    def _client(self) -> str:
        return self.client[0] if self.client else "-"
