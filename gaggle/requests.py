"""The request being handled, as handlers see it: absolute URLs and the caller."""

from __future__ import annotations

from connexion import request

from gaggle import settings, spec, urls


def origin() -> str:
    client = request.client.host if request.client else None
    return urls.origin(
        scheme=request.url.scheme,
        host=request.headers.get("host"),
        client=client,
        headers=request.headers,
        settings=settings.current(),
    )


def api_url(path: str) -> str:
    """The absolute URL of `path` under the API base path."""
    return f"{origin()}{spec.API_BASE_PATH}{path}"
