"""Logs as JSON lines on stderr, each carrying the id of the request it was written in.

* ``configure(level)`` gives the root logger one handler that writes one JSON object per line:
  ``ts``, ``level``, ``logger``, ``message``, ``request_id`` (inside a request), then any
  ``extra`` fields and, for errors, ``exception``.
* ``RequestIdMiddleware`` (ASGI, outermost) gives every request an id: the caller's
  ``X-Request-ID`` when it is a sane value, else a new one. It is echoed on every response and
  written in one ``gaggle.access`` line per request: method, path, status, duration, client
  (the address gaggle.requests works out, through trusted proxies only); the same facts go to
  the request metrics (gaggle.metrics).

Nothing secret is logged here: no headers besides the request id, no query strings, no bodies.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
import sys
import time
import uuid

import orjson
from starlette.types import Message, Receive, Scope, Send

from gaggle import runtime
from gaggle.requests import HTTPMiddleware, client_address, header

HEADER = "X-Request-ID"
_HEADER_KEY = HEADER.lower().encode()
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")

access_log = logging.getLogger("gaggle.access")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gaggle_request_id", default=None
)

# What every LogRecord has; anything else on a record came from `extra=`. (uvicorn adds a
# copy of its messages with terminal colours.)
_NOT_EXTRA = frozenset(logging.LogRecord("", logging.INFO, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "request_id",
    "color_message",
}


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return _request_id.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _NOT_EXTRA and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # orjson: the access log writes a line for every request.
        return orjson.dumps(entry, default=str).decode()


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _stamp_request_id(factory):
    def make_record(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        request_id = _request_id.get()
        if request_id is not None:
            record.request_id = request_id
        return record

    make_record._gaggle = True  # type: ignore[attr-defined]
    return make_record


def configure(level: str) -> None:
    """Log JSON lines at `level` and above to stderr. Calling it again only changes the level."""
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(handler, _StderrHandler) for handler in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    # Connexion's lines below WARNING quote request values (a rejected body, a parameter),
    # and request values never reach the log.
    logging.getLogger("connexion").setLevel(logging.WARNING)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_gaggle", False):
        # Stamped when the record is made, in the thread and context of the request.
        logging.setLogRecordFactory(_stamp_request_id(factory))


def _incoming_id(scope: Scope) -> str | None:
    candidate = header(scope, _HEADER_KEY)
    return candidate if candidate and _SANE_ID.fullmatch(candidate) else None


class RequestIdMiddleware(HTTPMiddleware):
    """Gives every HTTP request an id, echoes it, and writes one access-log line."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500  # what the server answers if the app fails before it starts a response

        finished = False

        def finish() -> None:
            # Counted and logged before the last byte leaves, so a client that has its answer
            # also finds it in the metrics and the log.
            nonlocal finished
            finished = True
            method, path = scope["method"], scope["path"]
            seconds = time.perf_counter() - started
            runtime.current().metrics.request(scope, status, seconds)
            access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={
                    "method": method,
                    "path": path,  # never the query string: it can carry tokens
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": client_address(),
                },
            )

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if name.lower() != _HEADER_KEY
                ]
                headers.append((_HEADER_KEY, request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finish()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if not finished:
                finish()
            _request_id.reset(token)
