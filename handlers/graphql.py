"""graphql: the GraphQL API at /graphql, its IDE, and its schema (gaggle.graph)."""

from __future__ import annotations

import secrets

import flask
import orjson
from connexion.context import context

from gaggle import pages, validation
from gaggle.caller import current
from gaggle.graph import execution, sdl
from gaggle.problems import Problem

# The IDE is one page with its script inline: the nonce lets that script, and no other, run.
IDE_POLICY = (
    "default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
JSON = "application/json"


def open_graphql_ide():
    user = pages.current_user()
    if user is None:
        return pages.to_login()
    nonce = secrets.token_urlsafe(16)
    page = flask.render_template(
        "graphql_ide.html", nonce=nonce, csrf=pages.csrf_token(), signed_in=user
    )
    response = flask.make_response(page)
    response.headers["Content-Security-Policy"] = IDE_POLICY.format(nonce=nonce)
    return response


def _body() -> object:
    """The GraphQL request in the JSON body, as the document describes it."""
    request = flask.request
    media_type = (request.mimetype or "").lower()
    if media_type != JSON:
        raise Problem(415, f"The body is sent as {JSON}, not {media_type or 'nothing'}.")
    try:
        body = orjson.loads(request.get_data(cache=True))
    except orjson.JSONDecodeError as exc:
        raise Problem(400, f"The body is not valid JSON: {exc}") from None
    # The platform document's requests are not checked on the way in (its OAuth2 endpoints
    # answer in RFC 6749's terms); this one is checked here, against the same document.
    validation.check_body("oauth", "executeGraphql", body)
    return body


def execute_graphql():
    body = _body()
    granted = context["token_info"]["scope"]
    return execution.run(body, current(), granted)


def get_graphql_schema():
    return flask.Response(sdl.text(), mimetype="text/plain")
