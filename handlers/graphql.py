"""graphql: the GraphQL API at /graphql, its IDE, and its schema (gaggle.graph)."""

from __future__ import annotations

import secrets

import flask
import orjson
from connexion.context import context

from gaggle import pages, security, validation
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
HTML = "text/html"
# What GraphQL over HTTP answers in, and the IDE's page: a request that prefers the page to
# every result type is a browser opening the address.
ANSWERS = (JSON, "application/graphql-response+json", HTML)
# GraphQL over HTTP's GET parameters; `variables` is a JSON object in text.
PARAMETERS = ("query", "variables", "operationName")
MUTATION_OVER_GET = "A mutation runs by POST only; GET runs queries."


def _ide() -> flask.Response:
    """The IDE's page for the signed-in browser; the login page (and back) for any other."""
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


def _query_string() -> dict:
    """The GraphQL request in the query string (GraphQL over HTTP's GET), as the document
    describes it: Problem(400) naming the parameter that is wrong."""
    body: dict = {}
    for name in PARAMETERS:
        values = flask.request.args.getlist(name)
        if len(values) > 1:
            raise Problem(400, f"{name}: sent {len(values)} times; send it once.")
        if values:
            body[name] = values[0]
    if body.get("operationName") == "":
        del body["operationName"]  # GraphQL over HTTP: the empty name names no operation
    if "variables" in body:
        try:
            body["variables"] = orjson.loads(body["variables"])
        except orjson.JSONDecodeError as exc:
            raise Problem(400, f"variables: not valid JSON: {exc}") from None
    if validation.nul_in(body):
        raise Problem(400, "The query string holds a NUL character, which text cannot.")
    validation.check_body("oauth", "executeGraphql", body)
    return body


def execute_graphql_query():
    if flask.request.accept_mimetypes.best_match(ANSWERS) == HTML:
        return _ide()
    info = context.get("token_info")
    if not info:
        # Let through for the IDE's page, which needs no credentials; a result does.
        raise security.refusal(context)
    body = _query_string()
    if execution.mutates(body):
        raise Problem(405, MUTATION_OVER_GET, headers={"Allow": "POST"})
    return execution.run(body, current(), info["scope"])


def get_graphql_schema():
    return flask.Response(sdl.text(), mimetype="text/plain")
