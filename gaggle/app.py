"""The application factory: the two OpenAPI documents, the database and the web pages, wired up.

One pipeline serves every route: Connexion routes the operations of both documents (the API
under /api/v/2.0, the OAuth2 server and health probes at the root) to their handlers, Flask's
URL map holds those operations beside the HTML pages, and gaggle.errors turns whatever any of
them raises into the answer.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable

import connexion
import flask
from connexion.apps.flask import FlaskOperation
from connexion.decorators import FlaskDecorator
from connexion.middleware import ConnexionMiddleware, MiddlewarePosition
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions

from gaggle import bridge, errors, logs, requests, routing, security, spec, validation
from gaggle.cors import CorsMiddleware
from gaggle.docs import docs
from gaggle.encoding import JSONIFIER
from gaggle.pages import SessionInterface, csrf_cookie, pages, security_headers, session_reader
from gaggle.runtime import Runtime, RuntimeMiddleware
from gaggle.settings import Settings

# Connexion's own, less its Swagger UI's (gaggle.docs serves Swagger UI and the documents), whose
# router every request would otherwise pass through. A tuple: Connexion inserts an app's own
# middlewares into the list it is given, which must be a new one per app.
MIDDLEWARES = tuple(
    m for m in ConnexionMiddleware.default_middlewares if m is not SwaggerUIMiddleware
)

# Routes that are neither operations nor pages: the documents themselves.
DOCUMENT_ROUTES = {
    f"{spec.API_BASE_PATH}/openapi.json": "api",
    "/o/openapi.json": "oauth",
}


def _build_once(app: connexion.FlaskApp) -> None:
    """Build the middleware stack now, with its routes indexed by their first segment
    (routing.BySegmentRouter), and each operation's chain of decorators once.

    Connexion builds its stack, and registers the operations with Flask, on the first request;
    and for every call its FlaskOperation builds a FlaskDecorator, whose wrapper builds the
    chain of decorators (inspecting the handler's signature) and a URI parser anew, though
    neither holds per-request state. Building them here makes every request use chains built
    once, and a broken document or handler fails here rather than on a request.
    tests/test_pipeline.py pins the Connexion behaviour this relies on.
    """
    middleware = app.middleware
    middleware.app, middleware.middleware_stack = middleware._build_middleware_stack()
    routing.route_by_segment(middleware.middleware_stack)
    views = app.app.view_functions
    for endpoint, view in views.items():
        if isinstance(view, FlaskOperation):
            views[endpoint] = _operation_view(view)


def _operation_view(view: FlaskOperation) -> Callable:
    """What `view` does on each call, with its decorators built once."""
    decorator = FlaskDecorator(pythonic_params=view.pythonic_params, jsonifier=view.jsonifier)
    decorated = decorator.decorate(view._fn)
    # The URI parser reads the operation from the request's context: made on the first request.
    parser: list = []

    @functools.wraps(view._fn)
    def operation_view(*_args, **_kwargs):
        if not parser:
            parser.append(decorator.uri_parser)
        return decorated(FlaskDecorator.framework.get_request(uri_parser=parser[0]))

    return operation_view


def _keep_body() -> None:
    """Keep an OAuth2 request's body as sent: the adapter hands it to oauthlib, and Connexion
    parses the form (which would consume it) before the handler runs."""
    flask.request.get_data(cache=True)


def _serve_document(name: str):
    def document() -> flask.Response:
        served = spec.bundled_json(name, flask.request.script_root)
        return flask.Response(served, mimetype="application/json")

    document.__name__ = f"{name}_document"
    return document


def create_app(
    settings: Settings | None = None, *, validate_responses: bool | None = None
) -> connexion.FlaskApp:
    """A Gaggle app on `settings` (from the environment when None).

    It changes nothing outside itself: its settings, database and threads are its own
    (gaggle.runtime), so several apps can live in one process.
    """
    settings = settings or Settings.from_env()
    runtime = Runtime(settings)
    if validate_responses is None:
        validate_responses = settings.validate_responses

    app = connexion.FlaskApp(
        "gaggle",
        server_args={"static_folder": None},
        jsonifier=JSONIFIER,
        resolver=routing.HandlerResolver(),
        security_map=security.SECURITY_MAP,
        validate_responses=validate_responses,
        middlewares=list(MIDDLEWARES),
    )
    app.add_api(
        copy.deepcopy(spec.api_document()),
        base_path=spec.API_BASE_PATH,
        name="api",
        strict_validation=True,
        validator_map=validation.validator_map(),
        # Swagger UI is gaggle.docs's, with settings Connexion's page cannot express.
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
    )
    app.add_api(
        copy.deepcopy(spec.bundled("oauth")),
        base_path="",
        name="oauth",
        validator_map=validation.unchecked_requests_map(),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
    )
    # Flask behind Gaggle's one-hop bridge instead of Connexion's adapter (gaggle/bridge.py);
    # tests/test_app.py pins that Connexion calls the attribute replaced here.
    # The token endpoint (password hashing, the limiter's writes) may hold a quarter of the
    # threads at most, one by default, so that a burst of grants (guesses among them) cannot
    # starve the API.
    app._middleware_app.asgi_app = bridge.WSGIBridge(
        app.app.wsgi_app,
        runtime.executor,
        limited=spec.paths_of(*spec.TOKEN_OPERATIONS),
        share=max(1, settings.threads // 4),
    )
    # Outermost first: each is inserted just outside Connexion's exception mapping.
    for middleware, options in (
        (RuntimeMiddleware, {"runtime": runtime}),
        (requests.ForwardedMiddleware, {}),
        (logs.RequestIdMiddleware, {}),
        (CorsMiddleware, {}),
    ):
        app.add_middleware(middleware, position=MiddlewarePosition.BEFORE_EXCEPTION, **options)
    # Inside the exception mapping, which answers what they refuse.
    for middleware in (routing.TrailingSlashMiddleware, requests.BodyLimitMiddleware):
        app.add_middleware(middleware, position=MiddlewarePosition.BEFORE_ROUTING)
    errors.install(app)

    flask_app = app.app
    flask_app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    # `//` in a path is no path of ours: a 404, never a redirect built from the request.
    flask_app.url_map.merge_slashes = False
    for rule, name in DOCUMENT_ROUTES.items():
        flask_app.add_url_rule(rule, f"{name}_document", _serve_document(name))
    flask_app.session_interface = SessionInterface()
    flask_app.register_blueprint(pages)
    flask_app.register_blueprint(docs)
    flask_app.after_request(security_headers)
    flask_app.after_request(csrf_cookie)
    runtime.session_reader = session_reader(flask_app)
    _build_once(app)
    flask_app.before_request_funcs.setdefault("oauth", []).append(_keep_body)
    app.runtime = runtime  # type: ignore[attr-defined]
    app.database = runtime.database  # type: ignore[attr-defined]
    app.settings = settings  # type: ignore[attr-defined]
    return app
