"""The one mapping from exceptions to answers, for every route the server has.

Everything raised while serving a request, in a handler, a page, the token check, request
validation or the router, ends here and becomes an `application/problem+json` answer
(RFC 7807) whose `detail` says what was wrong, with the RFC 6750 challenge for token
failures. The OAuth2 endpoints answer RFC 6749 error objects instead. Nothing here logs a
request's values: validation messages can quote a whole body.
"""

from __future__ import annotations

import functools
import logging

import connexion
from connexion.exceptions import (
    OAuthProblem,
    OAuthResponseProblem,
    OAuthScopeProblem,
    ProblemException,
)
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gaggle import routing, runtime, spec
from gaggle.encoding import dumps
from gaggle.problems import PROBLEM_JSON, Problem, problem_body

log = logging.getLogger(__name__)

DATABASE_DOWN = "The database cannot be reached; try again shortly."
CONFLICT = "The change conflicts with data written at the same time; nothing was saved."
UNEXPECTED = "The server could not handle the request; the request id is in the log."


@functools.cache
def _oauth_forms() -> frozenset[str]:
    """The paths of the OAuth2 endpoints that take a form: their errors are RFC 6749 error
    objects."""
    return spec.paths_of(*spec.TOKEN_OPERATIONS, "revokeToken", "introspectToken")


# What a database says when it cannot run any statement now, whatever the statement: the
# connection failed or was lost, or the server is out of resources, shutting down or failing.
# PostgreSQL's SQLSTATE classes (08 connection, 53 resources, 57P shutdown, 58 system, XX
# internal); an error without a SQLSTATE never reached the server. SQLite's primary result
# codes: BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB.
_POSTGRESQL_FAULTS = ("08", "53", "57P", "58", "XX")
_SQLITE_FAULTS = frozenset({5, 6, 7, 8, 10, 11, 13, 14, 15, 26})
# PostgreSQL's class 40: the transaction lost a deadlock or a serialization conflict.
_POSTGRESQL_CONFLICT = "40"


def _problem(status: int, body: dict, headers: dict | None = None) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        mimetype=PROBLEM_JSON,
        content_type=PROBLEM_JSON,
        body=dumps(body),
        headers=headers or {},
    )


def _on_problem(request: ConnexionRequest, exc: Problem) -> ConnexionResponse:
    return _problem(exc.status, exc.body(), exc.headers)


def _challenge(exc: Exception) -> str | None:
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
    if routing.canonical(request.url.path) in _oauth_forms():
        # oauthlib checks these requests; what Connexion refuses before it is a bad request.
        body = {"error": "invalid_request", "error_description": exc.detail or exc.title}
        return ConnexionResponse(
            status_code=400,
            mimetype="application/json",
            content_type="application/json",
            body=dumps(body),
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )
    extra = {"type": exc.type} if exc.type and exc.type != "about:blank" else {}
    extra.update(exc.ext or {})
    headers = dict(exc.headers or {})
    detail = _security_problem(exc, exc.detail, headers)
    return _problem(exc.status, problem_body(exc.status, detail, title=exc.title, **extra), headers)


def _on_http_exception(request: ConnexionRequest, exc: StarletteHTTPException) -> ConnexionResponse:
    """The router's answers: no such path (404), or a method the path does not take (405); and
    a token without the operation's scope (403, which Connexion raises as one of these)."""
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404:
        detail = f"No resource at {request.url.path}."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
        # The documents, not the router, say what a described path supports.
        headers["Allow"] = ", ".join(spec.allowed_methods(request.url.path) or [])
    detail = _security_problem(exc, detail, headers)
    return _problem(exc.status_code, problem_body(exc.status_code, detail), headers)


def _on_integrity_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    # Rules are checked before writing; this is the race two writers can still run into.
    return _problem(409, problem_body(409, CONFLICT))


def _database_fault(exc: OperationalError) -> bool:
    """Whether `exc` says the database cannot be used now, rather than refusing one statement
    (one too large or too complex for it, which the server should not have sent)."""
    if exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_FAULTS
    state = getattr(exc.orig, "sqlstate", None)
    return state is None or state.startswith(_POSTGRESQL_FAULTS)


def _on_database_error(request: ConnexionRequest, exc: OperationalError) -> ConnexionResponse:
    """503 for a database fault, logged and counted; 409 for a transaction that lost a race with
    another; the server's failure (500) for a statement the database refused."""
    if (getattr(exc.orig, "sqlstate", None) or "").startswith(_POSTGRESQL_CONFLICT):
        return _on_integrity_error(request, exc)
    if not _database_fault(exc):
        return _on_unexpected(request, exc)
    log.error("database unavailable: %s", type(exc).__name__)
    runtime.current().metrics.database_errors.inc()
    return _problem(503, problem_body(503, DATABASE_DOWN), {"Retry-After": "5"})


def _on_unexpected(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    log.error("unhandled %s", type(exc).__name__, exc_info=exc)
    return _problem(500, problem_body(500, UNEXPECTED))


def install(app: connexion.FlaskApp) -> None:
    """Make this module the app's one exception-to-answer mapping."""
    app.add_error_handler(Problem, _on_problem)
    app.add_error_handler(ProblemException, _on_connexion_problem)
    app.add_error_handler(StarletteHTTPException, _on_http_exception)
    app.add_error_handler(OperationalError, _on_database_error)
    app.add_error_handler(IntegrityError, _on_integrity_error)
    app.add_error_handler(Exception, _on_unexpected)
