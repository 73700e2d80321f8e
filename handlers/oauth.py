"""OAuth2 endpoints: a thin adapter handing the raw request to oauthlib and its answer back."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from gaggle import settings as settings_module
from gaggle import urls
from gaggle.oauth.server import server
from gaggle.oauth.validator import TooManyAttempts, known_scopes
from gaggle.routing import RawRequest
from gaggle.validation import nul_in

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _invalid_request(description: str) -> tuple[str, int, dict]:
    body = json.dumps({"error": "invalid_request", "error_description": description})
    return body, 400, {**NO_STORE, "Content-Type": "application/json"}


def _oauthlib(endpoint_method, request: RawRequest) -> tuple[str, int, dict]:
    if nul_in(list(request.form.values())) or nul_in(unquote_plus(request.uri)):
        return _invalid_request("The request holds a NUL character.")
    try:
        headers, body, status = endpoint_method(
            request.uri,
            request.method,
            request.body.decode("utf-8", "replace"),
            dict(request.headers),
        )
    except ValueError:  # oauthlib refuses a body or query that is not form-urlencoded
        return _invalid_request("The request is not form-urlencoded.")
    except TooManyAttempts as exc:
        body = json.dumps(
            {"error": "too_many_requests", "error_description": "Too many failed attempts."}
        )
        headers, status = {"Retry-After": str(exc.retry_after)}, 429
    headers = {**headers, **NO_STORE, "Content-Type": "application/json"}
    return body or "", status, headers


def create_token(request: RawRequest) -> tuple[str, int, dict]:
    return _oauthlib(server().token.create_token_response, request)


def revoke_token(request: RawRequest) -> tuple[str, int, dict]:
    return _oauthlib(server().revocation.create_revocation_response, request)


def introspect_token(request: RawRequest) -> tuple[str, int, dict]:
    return _oauthlib(server().introspection.create_introspect_response, request)


def get_server_metadata(request: RawRequest) -> tuple[dict, int, dict]:
    issuer = request_origin(request)
    return (
        {
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
            "service_documentation": f"{issuer}/api/v/2.0/ui/",
        },
        200,
        {},
    )


def request_origin(request: RawRequest) -> str:
    scheme, _, rest = request.uri.partition("://")
    host = request.headers.get("Host") or rest.split("/", 1)[0]
    return urls.origin(
        scheme=scheme,
        host=host,
        client=request.remote_addr,
        headers={k.lower(): v for k, v in request.headers.items()},
        settings=settings_module.current(),
    )
