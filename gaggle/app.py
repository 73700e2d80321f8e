"""The application factory: the OpenAPI document, the database and the web pages, wired up."""

from __future__ import annotations

import decimal
import json
import logging

import connexion
import flask
import orjson
import werkzeug.exceptions
from connexion.apps.flask import FlaskOperation
from connexion.exceptions import (
    OAuthProblem,
    OAuthResponseProblem,
    OAuthScopeProblem,
    ProblemException,
)
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gaggle import bridge, db, logs, routing, security, spec, validation
from gaggle import settings as settings_module
from gaggle.pages import pages
from gaggle.problems import PROBLEM_JSON, Problem, problem_body
from gaggle.settings import Settings

log = logging.getLogger(__name__)

DATABASE_DOWN = "The database cannot be reached; try again shortly."
CONFLICT = "The change conflicts with data written at the same time; nothing was saved."


def _json_default(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class _ResponseJSON:
    """Compact UTF-8 JSON for response bodies, by orjson: a page of 20 recognitions with their
    people is tens of kilobytes, and the standard library's encoder took a tenth of the time
    the API spent serving it."""

    @staticmethod
    def dumps(data: object, **_options) -> str:
        return orjson.dumps(data, default=_json_default, option=orjson.OPT_NON_STR_KEYS).decode()

    loads = staticmethod(json.loads)


COMPACT_JSON = connexion.jsonifier.Jsonifier(_ResponseJSON)


def _problem_response(status: int, body: dict, headers: dict | None = None) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        mimetype=PROBLEM_JSON,
        content_type=PROBLEM_JSON,
        body=COMPACT_JSON.dumps(body),
        headers=headers or {},
    )


def _on_problem(request: ConnexionRequest, exc: Problem) -> ConnexionResponse:
    return _problem_response(exc.status, exc.body(), exc.headers)


def _challenge(exc: ProblemException) -> str | None:
    """The WWW-Authenticate challenge (RFC 6750 §3) for a security problem, if it is one."""
    if isinstance(exc, OAuthScopeProblem):
        needed = " ".join(exc.required_scopes)
        return f'Bearer realm="api", error="insufficient_scope", scope="{needed}"'
    if isinstance(exc, OAuthResponseProblem) or (
        isinstance(exc, OAuthProblem) and exc.detail == "Invalid authorization header"
    ):
        return 'Bearer realm="api", error="invalid_token"'
    if isinstance(exc, OAuthProblem):
        return 'Bearer realm="api"'
    return None


_SECURITY_DETAILS = {
    "No authorization token provided": "Send an access token as 'Authorization: Bearer <token>'.",
    "Provided token is not valid": "The access token is unknown, expired or revoked.",
    "Invalid authorization header": "The Authorization header is malformed.",
}


def _security_problem(exc: Exception, detail: str | None, headers: dict) -> str | None:
    """Add the RFC 6750 challenge for a security failure to `headers`; return a clearer detail."""
    challenge = _challenge(exc)
    if challenge is None:
        return detail
    headers["WWW-Authenticate"] = challenge
    if isinstance(exc, OAuthScopeProblem):
        return f"This operation needs the scope {' '.join(exc.required_scopes)}."
    return _SECURITY_DETAILS.get(detail, detail)


def _on_connexion_problem(request: ConnexionRequest, exc: ProblemException) -> ConnexionResponse:
    extra = {"type": exc.type} if exc.type and exc.type != "about:blank" else {}
    extra.update(exc.ext or {})
    headers = dict(exc.headers or {})
    detail = _security_problem(exc, exc.detail, headers)
    body = problem_body(exc.status, detail, title=exc.title, **extra)
    return _problem_response(exc.status, body, headers)


def _on_integrity_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    # Rules are checked before writing; this is the race two writers can still run into.
    return _problem_response(409, problem_body(409, CONFLICT))


def _on_database_down(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    log.error("database unavailable: %s", type(exc).__name__)
    return _problem_response(503, problem_body(503, DATABASE_DOWN), {"Retry-After": "5"})


def _on_http_exception(request: ConnexionRequest, exc: StarletteHTTPException) -> ConnexionResponse:
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and (not detail or detail == "Not Found"):
        detail = f"No resource at {request.url.path}."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
        headers["Allow"] = ", ".join(spec.allowed_methods(request.url.path) or [])
    detail = _security_problem(exc, detail, headers)
    return _problem_response(exc.status_code, problem_body(exc.status_code, detail), headers)


def _on_flask_http_exception(exc: werkzeug.exceptions.HTTPException) -> flask.Response:
    """Flask's own errors (unknown path, wrong method) as problems, keeping headers like Allow."""
    if exc.response is not None:  # a page aborted with a response of its own
        return exc.response
    detail = exc.description
    if exc.code == 404:
        detail = f"No resource at {flask.request.path}."
    elif exc.code == 405:
        detail = f"{flask.request.method} is not allowed on {flask.request.path}."
    response = flask.Response(
        json.dumps(problem_body(exc.code or 500, detail), separators=(",", ":")),
        status=exc.code,
        mimetype=PROBLEM_JSON,
    )
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    allowed = spec.allowed_methods(flask.request.path) if exc.code == 405 else None
    if allowed:  # the document, not the router, says what a described path supports
        response.headers["Allow"] = ", ".join(allowed)
    return response


def _on_flask_problem(exc: Problem) -> flask.Response:
    response = flask.Response(
        json.dumps(exc.body(), separators=(",", ":")), status=exc.status, mimetype=PROBLEM_JSON
    )
    response.headers.update(exc.headers)
    return response


def _on_flask_integrity_error(exc: Exception) -> flask.Response:
    return _on_flask_problem(Problem(409, CONFLICT))


def _on_flask_database_down(exc: Exception) -> flask.Response:
    log.error("database unavailable: %s", type(exc).__name__)
    return _on_flask_problem(Problem(503, DATABASE_DOWN, headers={"Retry-After": "5"}))


def _decorate_operations_once(flask_app: flask.Flask) -> None:
    """Give Flask each operation's decorated handler, built once.

    Connexion's FlaskOperation rebuilds its chain of decorators (inspecting the handler's
    signature) on every call; the chain holds no per-request state, so one build serves all.
    """
    for endpoint, view in flask_app.view_functions.items():
        if isinstance(view, FlaskOperation):
            flask_app.view_functions[endpoint] = view.fn


def create_app(
    settings: Settings | None = None, *, validate_responses: bool | None = None
) -> connexion.FlaskApp:
    """A Gaggle app on `settings` (from the environment when None)."""
    settings = settings or Settings.from_env()
    settings_module.use(settings)
    logs.configure(settings.log_level)
    database = db.Database(settings.database_url)
    db.use(database)

    app = connexion.FlaskApp(
        "gaggle",
        jsonifier=COMPACT_JSON,
        swagger_ui_options=SwaggerUIOptions(
            serve_spec=False,
            swagger_ui_path="/ui",
            swagger_ui_template_arguments={
                # "Authorize" runs the authorization-code flow with PKCE as the docs client.
                "initOAuth": {
                    "clientId": settings.docs_client_id,
                    "usePkceWithAuthorizationCodeGrant": True,
                    "appName": "Gaggle API documentation",
                    "scopes": ["all"],
                },
            },
        ),
    )
    # Flask behind Gaggle's one-hop bridge instead of Connexion's adapter (gaggle/bridge.py).
    bridge.use_threads(settings.threads)
    app._middleware_app.asgi_app = bridge.WSGIBridge(app.app.wsgi_app)
    app.add_api(
        spec.api_document(),
        base_path=spec.API_BASE_PATH,
        strict_validation=True,
        validate_responses=settings.validate_responses
        if validate_responses is None
        else validate_responses,
        name="api",
        resolver=routing.HandlerResolver(),
        validator_map=validation.validator_map(),
        security_map=security.SECURITY_MAP,
    )
    app.add_middleware(logs.RequestIdMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.add_middleware(
        routing.TrailingSlashMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION
    )
    app.add_error_handler(Problem, _on_problem)
    app.add_error_handler(StarletteHTTPException, _on_http_exception)
    app.add_error_handler(ProblemException, _on_connexion_problem)
    app.add_error_handler(OperationalError, _on_database_down)
    app.add_error_handler(IntegrityError, _on_integrity_error)

    flask_app = app.app
    flask_app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    flask_app.json.compact = True
    flask_app.register_error_handler(werkzeug.exceptions.HTTPException, _on_flask_http_exception)
    flask_app.register_error_handler(Problem, _on_flask_problem)
    flask_app.register_error_handler(OperationalError, _on_flask_database_down)
    flask_app.register_error_handler(IntegrityError, _on_flask_integrity_error)
    flask_app.add_url_rule(
        f"{spec.API_BASE_PATH}/openapi.json",
        "openapi_document",
        lambda: flask.Response(spec.bundled_json(), mimetype="application/json"),
    )
    _decorate_operations_once(flask_app)
    routing.register_outside_operations(flask_app)
    flask_app.register_blueprint(pages)
    app.database = database  # type: ignore[attr-defined]
    app.settings = settings  # type: ignore[attr-defined]
    return app
