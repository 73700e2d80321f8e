"""The bridge from the ASGI side (uvicorn and Connexion's middleware) to the Flask application.

Connexion serves Flask through a general-purpose ASGI-to-WSGI adapter that hands every message
of a response back to the event loop and blocks until the loop has sent it: several thread
round trips per request. Gaggle's requests and responses are small and complete, so this bridge
reads the request body on the event loop, runs Flask once in a worker thread that collects the
whole response, and sends it from the loop: one hop there, one hop back.

The token lookup runs on the same few threads (`in_thread`), the app's executor
(gaggle.runtime). Handlers are mostly Python, which runs one thread at a time: every thread
beyond what keeps the processor busy only adds switching between threads, and a process with
sixteen handler threads served a fifth fewer requests per second than one with four
(bench/run.py). `GAGGLE_THREADS` sets how many. The token endpoint may hold only a share of
them (gaggle.app), so a burst of password grants leaves threads for the API.
"""

from __future__ import annotations

import asyncio
import contextvars
import io
import sys
import weakref
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

from starlette.types import Receive, Scope, Send

T = TypeVar("T")


async def in_thread(executor: Executor, fn: Callable[..., T], *args) -> T:
    """`fn(*args)` on `executor`'s threads, in a copy of the caller's context."""
    run = contextvars.copy_context().run
    return await asyncio.get_running_loop().run_in_executor(executor, run, fn, *args)


def _environ(scope: Scope, body: bytes) -> dict:
    """The WSGI environ (PEP 3333) of an ASGI HTTP request."""
    root = scope.get("root_path", "")
    path = scope["path"][len(root) :] if scope["path"].startswith(root) else scope["path"]
    # Flask's script root is the prefix the server is mounted under (gaggle.requests).
    root = scope.get("gaggle.prefix", "") + root
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 0),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        # Connexion finds its request context through the ASGI scope.
        "asgi.scope": scope,
    }
    if scope.get("client"):
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = scope["client"][0], str(scope["client"][1])
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class WSGIBridge:
    """An ASGI application running a WSGI application on `executor`'s threads.

    Requests for the paths `limited` may hold at most `share` of those threads at once; more of
    them wait on the event loop, so that a burst of them always leaves threads for the rest.
    """

    def __init__(
        self,
        wsgi_app,
        executor: Executor,
        *,
        limited: frozenset[str] = frozenset(),
        share: int = 1,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.executor = executor
        self.limited = limited
        self.share = share
        # One per event loop: a semaphore belongs to the loop it first waits on.
        self._gates: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _gate(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.share)
        return gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        environ = _environ(scope, await _read_body(receive))
        # Connexion's request context lives in context variables set on the event loop.
        if environ["PATH_INFO"] in self.limited:
            async with self._gate():
                status, headers, body = await in_thread(self.executor, self._run, environ)
        else:
            status, headers, body = await in_thread(self.executor, self._run, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _run(self, environ: dict) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Call the WSGI application and collect its complete response, in a worker thread."""
        started: list = []
        chunks: list[bytes] = []

        def start_response(status: str, headers: list, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return chunks.append

        result = self.wsgi_app(environ, start_response)
        try:
            chunks.extend(chunk for chunk in result if chunk)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = started
        return (
            int(status.split(" ", 1)[0]),
            [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers],
            b"".join(chunks),
        )
