"""How requests find their handlers, beyond what Connexion does by itself.

* Every operation of both documents is routed by Connexion to
  ``gaggle.handlers.<first tag>.<snake_case(operationId)>``.
* Every path is served with and without its trailing slash, directly: a redirect cannot
  carry a POST, and legacy clients call both forms. The one redirect is Swagger UI's page
  without its slash, whose relative asset links need the slash. A path with a doubled slash
  or a control character is no path of ours: a 404, never a redirect.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import connexion.resolver
import werkzeug.wrappers
from connexion.middleware.routing import RoutingMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Router
from starlette.types import Receive, Scope, Send

from gaggle import spec
from gaggle.problems import Problem
from gaggle.requests import HTTPMiddleware

# Paths whose last segment ends like a file are served exactly as asked.
_FILE_LIKE = re.compile(r"\.(json|yaml|yml|html|js|css|png|ico|map|txt)$")
# C0 and C1 control characters and DEL (Unicode's Cc), which no path of ours holds. Left to the
# routers, a line feed passes `$` (which matches before a final newline) in one pattern and
# fails another, and the router redirects between the two forms of the path forever.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_METHODS = ("get", "put", "post", "delete", "patch")


@functools.cache
def _bare_paths() -> frozenset[str]:
    """The documented paths that have no trailing slash (`/healthz`, RFC 8414's metadata)."""
    return frozenset(full for _, full, _ in spec.served_paths() if not full.endswith("/"))


def canonical(path: str) -> str:
    """The path as it is routed: `/x` as `/x/`, except the few documented without the slash."""
    bare = path[:-1] if path.endswith("/") else path
    if bare in _bare_paths():
        return bare
    if path.endswith("/") or path == UI or _FILE_LIKE.search(path):
        return path
    return path + "/"


UI = f"{spec.API_BASE_PATH}/ui"


class TrailingSlashMiddleware(HTTPMiddleware):
    """Serves each path with and without its trailing slash by rewriting it before routing
    (inside the exception mapping, which answers what it refuses)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if "//" in path:
            # Left alone, the router would redirect to the path without the extra slash, built
            # from the request's Host header.
            raise StarletteHTTPException(404)
        control = _CONTROL.search(path)
        if control:
            raise Problem(
                404,
                f"No resource here: the path holds the control character "
                f"U+{ord(control.group()):04X}, which no path of this server has.",
            )
        if path == UI:
            # Relative, so it holds behind any host and path prefix.
            await RedirectResponse("ui/", status_code=308)(scope, receive, send)
            return
        routed = canonical(path)
        if routed != path:
            raw_path = scope.get("raw_path") or path.encode()
            raw_path = raw_path + b"/" if routed.endswith("/") else raw_path.rstrip(b"/")
            scope = {**scope, "path": routed, "raw_path": raw_path}
        await self.app(scope, receive, send)


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


@functools.cache
def _tags() -> dict[str, str]:
    """Every operation's first tag, by operationId, in both documents."""
    return {
        item[method]["operationId"]: item[method]["tags"][0]
        for _, _, item in spec.served_paths()
        for method in _METHODS
        if method in item
    }


def handler_name(operation_id: str) -> str:
    """gaggle.handlers.<tag>.<snake_case(operationId)>, the one place an operation's code lives."""
    return f"gaggle.handlers.{_tags()[operation_id]}.{_snake(operation_id)}"


def _json_by_default(handler: Callable) -> Callable:
    """Label a handler's body as JSON.

    Operations declare application/problem+json for errors besides application/json, and
    Connexion will not guess between two content types, so successful bodies say theirs. A
    response the handler built itself (a page, an OAuth2 answer) passes as it is.
    """

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        result = handler(*args, **kwargs)
        if isinstance(result, werkzeug.wrappers.Response):
            return result
        body, status, headers = (
            result
            if isinstance(result, tuple) and len(result) == 3
            else ((*result, {}) if isinstance(result, tuple) else (result, 200, {}))
        )
        if body is not None and not any(k.lower() == "content-type" for k in headers):
            headers = {**headers, "Content-Type": "application/json"}
        return body, status, headers

    return wrapper


def _first_segment(path: str) -> str:
    """`recognitions` for `/recognitions/{id}/`; '' for `/`."""
    return path.split("/", 2)[1] if path.startswith("/") else ""


class BySegmentRouter:
    """Routes a request among only those routes of `router` that can match it: the ones whose
    path starts with the request path's first segment (or with a parameter).

    Starlette's router tries every route of an API in turn, so a request for a path late in
    the document paid for matching all the paths before it. Each segment's routes keep their
    order and the router's default, so a request is answered as the whole router answers it.
    """

    def __init__(self, router: Router) -> None:
        self.router = router
        first = [(route, _first_segment(getattr(route, "path", ""))) for route in router.routes]
        segments = {segment for _, segment in first if "{" not in segment}
        self.routers = {
            segment: Router(
                routes=[route for route, s in first if s == segment or "{" in s],
                redirect_slashes=router.redirect_slashes,
                default=router.default,
            )
            for segment in segments
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        await self.routers.get(_first_segment(path), self.router)(scope, receive, send)


def route_by_segment(stack: Iterable[object]) -> None:
    """Give each API that Connexion's routing middleware (in `stack`) mounts a BySegmentRouter."""
    for layer in stack:
        if isinstance(layer, RoutingMiddleware):
            for mount in layer.router.routes:
                if isinstance(mount, Mount) and isinstance(mount.app, Router):
                    mount.app = BySegmentRouter(mount.app)


class HandlerResolver(connexion.resolver.Resolver):
    """Resolves every operation by its tag and operationId."""

    def resolve_operation_id(self, operation) -> str:
        return handler_name(operation.operation_id)

    def resolve_function_from_operation_id(self, operation_id: str) -> Callable:
        return _json_by_default(super().resolve_function_from_operation_id(operation_id))
