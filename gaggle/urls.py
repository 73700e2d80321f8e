"""Who a request came from and where it was addressed, believing forwarded headers only from
trusted proxies (GAGGLE_TRUSTED_PROXIES)."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Mapping

from gaggle.settings import Settings, path_prefix


def _trusted(address: str | None, settings: Settings) -> bool:
    return _among(address or "", settings.trusted_proxies)


@functools.lru_cache(maxsize=4096)
def _among(address: str, networks: tuple) -> bool:
    """Whether `address` is in one of `networks`; remembered, as every request asks it of the
    peer a few times (a proxy's address most of all)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(peer: str | None, headers: Mapping[str, str], settings: Settings) -> str | None:
    """The address of the client: the peer, or, when the peer is a trusted proxy, the nearest
    address in `X-Forwarded-For` that is not a trusted proxy itself."""
    if not _trusted(peer, settings):
        return peer
    hops = [hop.strip() for hop in headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, settings):
            return hop
    return hops[0] if hops else peer


def prefix(peer: str | None, headers: Mapping[str, str], settings: Settings) -> str:
    """The path this server is mounted under ("" at the host's root): what a trusted proxy
    forwards in `X-Forwarded-Prefix`, else GAGGLE_ROOT_PATH. A forwarded value that is not a
    plain path (dot segments, `//`, a scheme) is ignored."""
    if _trusted(peer, settings) and "x-forwarded-prefix" in headers:
        forwarded = headers["x-forwarded-prefix"].split(",")[0].strip()
        if forwarded in ("", "/"):
            return ""
        return path_prefix(forwarded) or settings.root_path
    return settings.root_path


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


def issuer(
    *,
    scheme: str,
    server: tuple[str, int] | None,
    client: str | None,
    headers: Mapping[str, str],
    settings: Settings,
) -> str:
    """The authorization server's issuer identifier (RFC 8414): GAGGLE_ISSUER, else what a
    trusted proxy forwards, else the address the server listens on; never a client's Host."""
    if settings.issuer:
        return settings.issuer
    if client and _trusted(client, settings) and headers.get("x-forwarded-host"):
        return origin(scheme=scheme, host=None, client=client, headers=headers, settings=settings)
    host, port = server or ("localhost", None)
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"
