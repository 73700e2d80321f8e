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


class ClientAddressMiddleware:
    """Works out the client's address once per request (ASGI, outside everything but the
    runtime, so the access log and the limiter see the same one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name == b"x-forwarded-for"
        }
        token = _client.set(
            urls.client_address(peer[0] if peer else None, headers, runtime.current().settings)
        )
        try:
            await self.app(scope, receive, send)
        finally:
            _client.reset(token)


class PrefixMiddleware:
    """Serves the app under a path prefix (GAGGLE_ROOT_PATH, or a trusted proxy's
    `X-Forwarded-Prefix`): a path that carries the prefix loses it here, as one a proxy already
    stripped, and the prefix is kept in the scope for every URL the server writes (`base_url`,
    the issuer, the pages' links and the served documents)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name == b"x-forwarded-prefix"
        }
        mounted = urls.prefix(peer[0] if peer else None, headers, runtime.current().settings)
        path = scope["path"]
        if mounted and (path == mounted or path.startswith(f"{mounted}/")):
            path = path[len(mounted) :] or "/"
        await self.app(
            {**scope, PREFIX: mounted, "path": path, "raw_path": path.encode()}, receive, send
        )


def prefix() -> str:
    """The path this server is mounted under, "" at the host's root (PrefixMiddleware)."""
    return scope.get(PREFIX, "")


def base_url() -> str:
    """`scheme://host/prefix` of the current request, worked out once per request.

    A page of results builds dozens of URLs; each `connexion.request` access wraps the ASGI
    scope anew, so the answer is kept in the scope itself.
    """
    cached = scope.get(_BASE)
    if cached is None:
        client = request.client.host if request.client else None
        origin = urls.origin(
            scheme=request.url.scheme,
            host=request.headers.get("host"),
            client=client,
            headers=request.headers,
            settings=runtime.current().settings,
        )
        cached = scope[_BASE] = origin + prefix()
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


class BodyLimitMiddleware:
    """Refuses a request body larger than GAGGLE_MAX_BODY_BYTES with a 413 problem, before
    anything parses it: at once by its Content-Length, else as it streams in. It sits inside
    the exception mapping, so the refusal is a problem like every other error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = runtime.current().settings.max_body_bytes
        declared = next(
            (value for name, value in scope.get("headers", ()) if name == b"content-length"), None
        )
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
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
