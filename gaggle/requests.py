"""The request being handled, as handlers see it: absolute URLs, the issuer, the client."""

from __future__ import annotations

import contextvars

from connexion import request
from connexion.context import scope
from starlette.types import ASGIApp, Receive, Scope, Send

from gaggle import runtime, spec, urls
from gaggle.problems import Problem

_BASE = "gaggle.base_url"
PREFIX = "gaggle.prefix"

_client: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gaggle_client_address", default=None
)


def client_address() -> str | None:
    """The client's address (through trusted proxies only), for limits and the access log."""
    return _client.get()


def header(scope: Scope, name: bytes) -> str | None:
    """The value of the request header `name` (lower case), or None."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class HTTPMiddleware:
    """An ASGI middleware for HTTP requests: `handle` gets them, anything else passes by."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class ForwardedMiddleware(HTTPMiddleware):
    """Works out, once per request, the client's address and the path prefix the server is
    mounted under, believing forwarded headers from trusted proxies only (ASGI, outside
    everything but the runtime, so the access log and the limiter see the same client).

    The prefix is GAGGLE_ROOT_PATH or a trusted proxy's `X-Forwarded-Prefix`: a path that
    carries it loses it here, like one a proxy already stripped, and it is kept in the scope
    for every URL the server writes (`base_url`, the issuer, the pages and the documents).
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = runtime.current().settings
        peer = scope["client"][0] if scope.get("client") else None
        headers = {
            name: value
            for name in ("x-forwarded-for", "x-forwarded-prefix")
            if (value := header(scope, name.encode())) is not None
        }
        mounted = urls.prefix(peer, headers, settings)
        path = scope["path"]
        if mounted and (path == mounted or path.startswith(f"{mounted}/")):
            path = path[len(mounted) :] or "/"
        token = _client.set(urls.client_address(peer, headers, settings))
        try:
            await self.app(
                {**scope, PREFIX: mounted, "path": path, "raw_path": path.encode()}, receive, send
            )
        finally:
            _client.reset(token)


def prefix() -> str:
    """The path this server is mounted under, "" at the host's root (ForwardedMiddleware)."""
    return scope.get(PREFIX, "")


def base_url() -> str:
    """`scheme://host/prefix` of the current request, worked out once per request from its
    ASGI scope, and kept there."""
    current = scope._get_current_object()
    cached = current.get(_BASE)
    if cached is None:
        # The first of each header, as Starlette's Headers.get() reads them.
        headers = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in reversed(current.get("headers", ()))
        }
        peer = current.get("client")
        origin = urls.origin(
            scheme=current.get("scheme", "http"),
            host=headers.get("host"),
            client=peer[0] if peer else None,
            headers=headers,
            settings=runtime.current().settings,
        )
        cached = current[_BASE] = origin + current.get(PREFIX, "")
    return cached


def issuer() -> str:
    """The authorization server's issuer identifier, for metadata and authorization responses."""
    settings = runtime.current().settings
    if settings.issuer:
        return settings.issuer
    return (
        urls.issuer(
            scheme=request.url.scheme,
            server=scope.get("server"),
            client=request.client.host if request.client else None,
            headers=request.headers,
            settings=settings,
        )
        + prefix()
    )


def api_url(path: str) -> str:
    """The absolute URL of `path` under the API base path."""
    return f"{base_url()}{spec.API_BASE_PATH}{path}"


class BodyLimitMiddleware(HTTPMiddleware):
    """Refuses a request body larger than GAGGLE_MAX_BODY_BYTES with a 413 problem, before
    anything parses it: at once by its Content-Length, else as it streams in. It sits inside
    the exception mapping, so the refusal is a problem like every other error."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = runtime.current().settings.max_body_bytes
        declared = header(scope, b"content-length")
        if declared is not None:
            # ASCII digits only: str.isdigit() takes "²" and other digits int() refuses.
            if not (declared.isascii() and declared.isdigit()):
                raise Problem(400, "Content-Length: must be a whole number of bytes.")
            if int(declared) > limit:
                raise _too_large(limit)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _too_large(limit)
            return message

        await self.app(scope, limited_receive, send)


def _too_large(limit: int) -> Problem:
    return Problem(413, f"The request body is larger than this server takes ({limit} bytes).")
