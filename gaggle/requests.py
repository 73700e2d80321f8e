"""The request being handled, as handlers see it: absolute URLs and the caller."""

from __future__ import annotations

from connexion import request
from connexion.context import scope

from gaggle import settings, spec, urls

_ORIGIN = "gaggle.origin"


def origin() -> str:
    """`scheme://host` of the current request, worked out once per request.

    A page of results builds dozens of URLs; each `connexion.request` access wraps the ASGI
    scope anew, so the answer is kept in the scope itself.
    """
    current = scope._get_current_object()
    cached = current.get(_ORIGIN)
    if cached is None:
        client = request.client.host if request.client else None
        cached = current[_ORIGIN] = urls.origin(
            scheme=request.url.scheme,
            host=request.headers.get("host"),
            client=client,
            headers=request.headers,
            settings=settings.current(),
        )
    return cached


def api_url(path: str) -> str:
    """The absolute URL of `path` under the API base path."""
    return f"{origin()}{spec.API_BASE_PATH}{path}"
