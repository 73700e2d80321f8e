"""Absolute URLs built from the request, honouring forwarded headers only from trusted proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from gaggle.settings import Settings


def origin(
    *,
    scheme: str,
    host: str | None,
    client: str | None,
    headers: Mapping[str, str],
    settings: Settings,
) -> str:
    """`scheme://host[:port]` of the request as the client addressed it."""
    if client and _trusted(client, settings):
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip() or scheme
        host = headers.get("x-forwarded-host", host or "").split(",")[0].strip() or host
    return f"{scheme}://{host or 'localhost'}"


def _trusted(client: str, settings: Settings) -> bool:
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in network for network in settings.trusted_proxies)
