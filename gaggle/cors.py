"""CORS for browser applications on other origins: the token endpoints and the APIs answer
preflights and requests from the origins an enabled application lists, and no others.

Only `/o/token/`, `/o/revoke_token/`, the REST API and `/graphql` (its queries by GET, as
GraphQL clients send them, and everything by POST) take part; the pages and the authorization
endpoint are for top-level navigation and never answer a cross-origin script. No cookie is
ever allowed along (tokens travel in the Authorization header), so a session cannot be used
from another origin: what a script on another origin can read of GET `/graphql` without one
is a result for its token, or the way to the login page, never the GraphQL IDE.
"""

from __future__ import annotations

import functools
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gaggle import bridge, db, runtime, spec
from gaggle.models.oauth import allowed_origins
from gaggle.requests import header

# How long a worker trusts its list of allowed origins before reading it again.
REFRESH_SECONDS = 5.0
MAX_AGE = "600"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"
EXPOSED_HEADERS = "X-Request-ID, WWW-Authenticate, Retry-After, Location"
GRAPHQL = "/graphql"


@functools.cache
def _token_endpoints() -> frozenset[str]:
    """The token and revocation endpoints' paths, without their trailing slash."""
    paths = spec.paths_of(*spec.TOKEN_OPERATIONS, "revokeToken")
    return frozenset(path.rstrip("/") for path in paths)


def _methods(path: str) -> str | None:
    """The methods a cross-origin script may use on `path`, or None if it may not call it."""
    bare = path.rstrip("/")
    if bare in _token_endpoints():
        return "POST"
    if bare == GRAPHQL:
        return "GET, POST"
    if bare == spec.API_BASE_PATH or path.startswith(spec.API_BASE_PATH + "/"):
        return "GET, POST, PUT, PATCH, DELETE"
    return None


class CorsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._origins: frozenset[str] = frozenset()
        self._read_at = float("-inf")

    async def _allowed(self) -> frozenset[str]:
        if time.monotonic() - self._read_at > REFRESH_SECONDS:

            def read() -> frozenset[str]:
                with db.reading() as session:
                    return allowed_origins(session)

            self._origins = await bridge.in_thread(runtime.current().executor, read)
            self._read_at = time.monotonic()
        return self._origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        methods = _methods(scope["path"]) if scope["type"] == "http" else None
        origin = header(scope, b"origin")
        if methods is None or origin is None:
            await self.app(scope, receive, send)
            return
        preflight = scope["method"] == "OPTIONS" and (
            header(scope, b"access-control-request-method") is not None
        )
        # Only the methods a script may use get CORS answers.
        usable = (
            preflight
            or scope["method"] in methods
            or (scope["method"] == "HEAD" and "GET" in methods)
        )
        allowed = usable and origin.lower() in await self._allowed()
        if preflight and allowed:
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [
                        (b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-allow-methods", methods.encode()),
                        (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
                        (b"access-control-max-age", MAX_AGE.encode()),
                        (b"vary", b"Origin"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                headers.append((b"vary", b"Origin"))
                if allowed:
                    headers += [
                        (b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
                    ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)
