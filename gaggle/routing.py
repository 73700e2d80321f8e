"""Routing that Connexion does not do for us.

* Every path is served with and without its trailing slash, directly: a redirect cannot
  carry a POST, and legacy clients call both forms.
* Operations whose path item declares its own ``servers`` (OAuth endpoints, health probes)
  live outside the API base path; they are routed here, by operationId, to the same kind of
  framework-free handler as the API's, which takes a ``RawRequest`` and returns
  ``(body, status, headers)``.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import connexion.resolver
import flask
from starlette.types import ASGIApp, Receive, Scope, Send

from gaggle import spec

# Paths whose last segment ends like a file are served exactly as asked.
_FILE_LIKE = re.compile(r"\.(json|yaml|yml|html|js|css|png|ico|map|txt)$")


class TrailingSlashMiddleware:
    """Serves `/x` as `/x/` by rewriting the path before routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if not path.endswith("/") and not _FILE_LIKE.search(path):
                raw_path = scope.get("raw_path") or path.encode()
                scope = {**scope, "path": path + "/", "raw_path": raw_path + b"/"}
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class RawRequest:
    """What a handler outside the API base path gets: the request as sent."""

    uri: str
    method: str
    body: bytes
    headers: Mapping[str, str]
    remote_addr: str | None
    form: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def handler_name(operation_id: str, tag: str) -> str:
    """gaggle.handlers.<tag>.<snake_case(operationId)>, the one place an operation's code lives."""
    return f"gaggle.handlers.{tag}.{_snake(operation_id)}"


def resolve(operation_id: str, tag: str) -> Callable:
    module_name, _, function = handler_name(operation_id, tag).rpartition(".")
    return getattr(importlib.import_module(module_name), function)


def _json_by_default(handler: Callable) -> Callable:
    """Label a handler's body as JSON.

    Operations declare application/problem+json for errors besides application/json, and
    Connexion will not guess between two content types, so successful bodies say theirs.
    """

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        result = handler(*args, **kwargs)
        body, status, headers = (
            result
            if isinstance(result, tuple) and len(result) == 3
            else ((*result, {}) if isinstance(result, tuple) else (result, 200, {}))
        )
        if body is not None and not any(k.lower() == "content-type" for k in headers):
            headers = {**headers, "Content-Type": "application/json"}
        return body, status, headers

    return wrapper


class HandlerResolver(connexion.resolver.Resolver):
    """Resolves API operations the same way as outside ones: by tag and operationId."""

    def resolve_operation_id(self, operation) -> str:
        return handler_name(operation.operation_id, operation._operation["tags"][0])

    def resolve_function_from_operation_id(self, operation_id: str) -> Callable:
        return _json_by_default(super().resolve_function_from_operation_id(operation_id))


def _canonical(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def raw_url(request: flask.Request) -> str:
    """The request URL with its query string exactly as sent (still percent-encoded)."""
    query = request.query_string.decode("latin-1")
    return f"{request.base_url}?{query}" if query else request.base_url


def _flask_view(handler: Callable) -> Callable[[], flask.Response]:
    def view() -> flask.Response:
        request = flask.request
        raw = RawRequest(
            uri=raw_url(request),
            method=request.method,
            body=request.get_data(cache=True),
            headers=dict(request.headers),
            remote_addr=request.remote_addr,
            form=request.form.to_dict(flat=True),
            cookies=dict(request.cookies),
        )
        body, status, headers = handler(raw)
        response = flask.jsonify(body) if isinstance(body, (dict, list)) else flask.Response(body)
        response.status_code = status
        for name, value in headers.items():
            response.headers[name] = value
        return response

    view.__name__ = handler.__name__
    return view


def register_outside_operations(app: flask.Flask) -> None:
    """Route every operation that lives outside the API base path to its handler."""
    for path, item in spec.outside_paths().items():
        if item.get("x-gaggle-page"):
            continue  # a server-rendered page, routed by gaggle.pages
        methods: dict[str, Callable] = {}
        for method, operation in item.items():
            if method in ("servers", "parameters", "summary", "description", "x-gaggle-page"):
                continue
            handler = resolve(operation["operationId"], operation["tags"][0])
            methods[method.upper()] = handler
        for method, handler in methods.items():
            app.add_url_rule(
                _canonical(path),
                endpoint=f"{method} {path}",
                view_func=_flask_view(handler),
                methods=[method],
                provide_automatic_options=False,
            )
