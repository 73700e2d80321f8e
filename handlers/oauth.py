"""The OAuth2 endpoints: a thin adapter handing the request, as sent, to oauthlib and its answer
back untouched; the authorization endpoint's consent page.

oauthlib is what checks these requests (the OAuth2 document declares no request validation),
so every error is an RFC 6749 error object, or for `/o/authorize/` an error page or a redirect
to the client, as the RFC says.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

import flask
from oauthlib.common import add_params_to_uri
from oauthlib.oauth2.rfc6749 import errors as oauth_errors

from gaggle import runtime, spec
from gaggle.oauth.validator import known_scopes
from gaggle.pages import check_input, current_user, error_page, login_required, to_login
from gaggle.requests import issuer
from gaggle.signin import TooManyAttempts
from gaggle.tokens import same
from gaggle.validation import nul_in

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _json(body: str, status: int, headers: dict[str, str] | None = None) -> flask.Response:
    response = flask.Response(body, status, mimetype="application/json")
    response.headers.update({**(headers or {}), **NO_STORE})
    return response


def _invalid_request(description: str) -> flask.Response:
    return _json(json.dumps({"error": "invalid_request", "error_description": description}), 400)


def raw_url(request: flask.Request) -> str:
    """The request URL with its query string exactly as sent (still percent-encoded)."""
    query = request.query_string.decode("latin-1")
    return f"{request.base_url}?{query}" if query else request.base_url


# Legacy clients put these in the token URL (the legacy GraphQL walkthrough does); they are
# taken from there when the body does not name them. Secrets never are: a URL ends up in logs.
_QUERY_FIELDS = ("client_id", "redirect_uri")
_SECRETS = ("password", "client_secret", "code", "code_verifier", "refresh_token", "token")


def _form(request: flask.Request) -> list[tuple[str, str]] | flask.Response:
    """The request's form fields, read as leniently as the legacy server did (a raw space, a
    bracket, non-ASCII text), with client_id and redirect_uri from the query string when the
    body lacks them; or the error answer for a secret in the query string or a NUL."""
    query = parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True)
    secret = sorted({name for name, _ in query if name in _SECRETS})
    if secret:
        return _invalid_request(
            f"{', '.join(secret)} must be sent in the request body, never in the URL."
        )
    body = request.get_data(cache=True).decode("utf-8", "replace")  # kept by gaggle.app
    fields = parse_qsl(body, keep_blank_values=True)
    named = {name for name, _ in fields}
    fields += [(n, v) for n, v in query if n in _QUERY_FIELDS and n not in named]
    if nul_in([value for _, value in fields]):
        return _invalid_request("The request holds a NUL character.")
    return fields


def _oauthlib(endpoint_method: Callable) -> flask.Response:
    request = flask.request
    fields = _form(request)
    if isinstance(fields, flask.Response):
        return fields
    # oauthlib gets the form strictly encoded, and the URL without its query string.
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    try:
        headers, body, status = endpoint_method(
            request.base_url, request.method, urlencode(fields), headers
        )
    except oauth_errors.OAuth2Error as exc:  # raised before oauthlib's own error handling
        headers, body, status = exc.headers, exc.json, exc.status_code
    except TooManyAttempts as exc:
        body = json.dumps(
            {"error": "too_many_requests", "error_description": "Too many failed attempts."}
        )
        headers, status = {"Retry-After": str(exc.retry_after)}, 429
    return _json(body or "", status, headers)


def create_token() -> flask.Response:
    response = _oauthlib(runtime.current().oauth.token.create_token_response)
    if response.status_code == 200:
        grant_type = flask.request.form.get("grant_type", "authorization_code")
        runtime.current().metrics.tokens.labels(grant_type).inc()
    return response


def revoke_token() -> flask.Response:
    return _oauthlib(runtime.current().oauth.revocation.create_revocation_response)


def introspect_token() -> flask.Response:
    return _oauthlib(runtime.current().oauth.introspection.create_introspect_response)


def get_server_metadata() -> tuple[dict, int, dict]:
    """RFC 8414 metadata; the issuer comes from configuration or a trusted proxy only."""
    base = issuer()
    return _metadata(base), 200, {"Cache-Control": "public, max-age=3600"}


def _metadata(issuer: str) -> dict:
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/o/authorize/",
        "token_endpoint": f"{issuer}/o/token/",
        "revocation_endpoint": f"{issuer}/o/revoke_token/",
        "introspection_endpoint": f"{issuer}/o/introspect/",
        "scopes_supported": sorted(known_scopes()),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "password", "refresh_token"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        "revocation_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        "introspection_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
        ],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": True,
        "service_documentation": f"{issuer}{spec.API_BASE_PATH}/ui/",
    }


# -- the authorization endpoint: the consent page -------------------------------------------
#
# The consent form posts only an id: what is being authorized (client, scopes, redirect URI)
# stays in the signed session, so it cannot be tampered with on the way back.


def authorize_client() -> flask.Response:
    request = flask.request
    refused = check_input()
    if refused is not None:
        return refused
    try:
        scopes, credentials = runtime.current().oauth.authorization.validate_authorization_request(
            raw_url(request), "GET", "", dict(request.headers)
        )
    except ValueError:  # oauthlib refuses a query string that is not form-urlencoded
        return error_page(400, "Invalid authorization request", "The query string is malformed.")
    except oauth_errors.FatalClientError as exc:
        # Unknown client or unregistered redirect URI: never redirect anywhere.
        return error_page(400, "Invalid authorization request", exc.description or exc.error)
    except oauth_errors.OAuth2Error as exc:
        return flask.redirect(add_params_to_uri(exc.in_uri(exc.redirect_uri), [("iss", issuer())]))
    user = current_user()
    if user is None:
        return to_login()
    client = credentials["request"].client
    consent_id = secrets.token_urlsafe(16)
    flask.session["consent"] = {
        "id": consent_id,
        "uri": raw_url(request),
        "client_id": client.client_id,
        "redirect_uri": credentials["redirect_uri"],
        "scopes": scopes,
        "state": credentials.get("state"),
        "user_id": user.id,
    }
    catalogue = spec.scopes()
    return flask.make_response(
        flask.render_template(
            "consent.html",
            application=client,
            scopes=[(scope, catalogue.get(scope, scope)) for scope in scopes],
            consent_id=consent_id,
            redirect_host=urlsplit(credentials["redirect_uri"]).netloc,
        )
    )


@login_required
def _decide(user) -> flask.Response:
    pending = flask.session.pop("consent", None)
    sent_id = flask.request.form.get("consent_id", "")
    if not pending or pending["user_id"] != user.id or not same(sent_id, pending["id"]):
        return error_page(
            400, "Invalid authorization request", "This consent form is no longer valid."
        )
    if flask.request.form.get("decision") != "allow":
        params = [("error", "access_denied")]
        if pending["state"]:
            params.append(("state", pending["state"]))
        params.append(("iss", issuer()))
        return flask.redirect(add_params_to_uri(pending["redirect_uri"], params))
    try:
        headers, _, status = runtime.current().oauth.authorization.create_authorization_response(
            pending["uri"], "GET", "", {}, scopes=pending["scopes"], credentials={"user": user.id}
        )
    except oauth_errors.FatalClientError as exc:
        return error_page(400, "Invalid authorization request", exc.description or exc.error)
    return flask.redirect(headers["Location"], status)


def decide_authorization() -> flask.Response:
    return check_input() or _decide()


# The same endpoints under the legacy platform's older names, /oauth2/access_token/ and
# /oauth2/authorize/, which its programs still call (the OAuth2 document's legacy operations).
create_token_legacy = create_token
authorize_client_legacy = authorize_client
decide_authorization_legacy = decide_authorization
