"""The API root."""

from __future__ import annotations

from gaggle import spec
from gaggle.requests import api_url


def get_api_root() -> dict[str, str]:
    return {name: api_url(path) for name, path in spec.collections().items()}
