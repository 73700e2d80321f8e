"""Swagger UI for the API document, at /api/v/2.0/ui/: the swagger-ui-bundle package's assets
with a page and a settings script of Gaggle's own ("Authorize" prefills the docs client for
the authorization-code flow only)."""

from __future__ import annotations

from pathlib import Path

import flask
from swagger_ui_bundle import swagger_ui_path

from gaggle import settings, spec

UI = f"{spec.API_BASE_PATH}/ui/"
STATIC = Path(__file__).parent / "static"
# What the page loads from the bundle; nothing else of it is served.
BUNDLE_FILES = {
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "favicon-16x16.png",
    "oauth2-redirect.html",
}
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# The bundle's OAuth2 redirect page hands the code back to the opener with a script of its own.
REDIRECT_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"

docs = flask.Blueprint("docs", __name__)


@docs.route(UI)
def swagger_ui() -> flask.Response:
    config = settings.current()
    page = flask.render_template(
        "swagger_ui.html",
        settings={
            "url": f"{flask.request.script_root}{spec.API_BASE_PATH}/openapi.json",
            "initOAuth": {
                "clientId": config.docs_client_id,
                "usePkceWithAuthorizationCodeGrant": True,
                "appName": "Gaggle API documentation",
                "scopes": ["all"],
            },
        },
    )
    response = flask.make_response(page)
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@docs.route(f"{UI}<name>")
def swagger_ui_asset(name: str) -> flask.Response:
    if name == "gaggle-docs.js":
        return flask.send_from_directory(STATIC, "docs.js", max_age=3600)
    if name not in BUNDLE_FILES:
        flask.abort(404)
    response = flask.send_from_directory(swagger_ui_path, name, max_age=3600)
    if name.endswith(".html"):
        response.headers["Content-Security-Policy"] = REDIRECT_POLICY
    return response
