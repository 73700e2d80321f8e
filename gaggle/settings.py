"""Settings, read once from the environment. Every variable is documented in README.md."""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """An environment variable holds a value Gaggle cannot use."""


def _int(name: str, default: int | None, minimum: int = 1) -> int | None:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


DEFAULT_THREADS = 4  # per worker process; see gaggle/bridge.py

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(name: str, default: str) -> str:
    value = (os.environ.get(name) or default).strip().upper()
    if value not in _LOG_LEVELS:
        raise SettingsError(f"{name} must be one of {', '.join(_LOG_LEVELS)}, not {value!r}")
    return value


def _networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = os.environ.get(name, "")
    try:
        return tuple(
            ipaddress.ip_network(part, strict=False) for part in raw.split(",") if part.strip()
        )
    except ValueError as exc:
        raise SettingsError(f"{name}: {exc}") from None


# A path a server may be mounted under: segments of unreserved characters, no dot segments.
PATH_PREFIX = re.compile(r"(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+)+")


def path_prefix(raw: str | None) -> str | None:
    """`raw` as a path prefix ("/gaggle", no trailing slash), or None when it is not one."""
    value = (raw or "").strip().rstrip("/")
    return value if PATH_PREFIX.fullmatch(value) else None


def _root_path(name: str) -> str:
    raw = (os.environ.get(name) or "").strip()
    if not raw or raw == "/":
        return ""
    prefix = path_prefix(raw)
    if prefix is None:
        raise SettingsError(f"{name} must be a path like /gaggle, not {raw!r}")
    return prefix


def _issuer(name: str) -> str | None:
    """An https (or loopback http) URL without query or fragment, as RFC 8414 §2 asks."""
    raw = (os.environ.get(name) or "").strip().rstrip("/")
    if not raw:
        return None
    parts = urlsplit(raw)
    loopback = parts.hostname in ("127.0.0.1", "::1", "localhost")
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"{name} must be a URL like https://auth.example.com, not {raw!r}")
    if parts.scheme == "http" and not loopback:
        raise SettingsError(f"{name} must use https (or http on a loopback address), not {raw!r}")
    return raw


def _secret_key(data_dir: Path) -> str:
    """GAGGLE_SECRET_KEY, or a random key kept in the data directory across restarts.
    Raises SettingsError when the data directory cannot hold it."""
    configured = os.environ.get("GAGGLE_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key
    except OSError as exc:
        raise SettingsError(
            f"GAGGLE_DATA_DIR {data_dir} cannot hold the secret key ({exc.strerror}): "
            "make it a writable folder, or set GAGGLE_SECRET_KEY"
        ) from None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    access_token_expires: int = 36000
    refresh_token_expires: int = 60 * 60 * 24 * 30
    authorization_code_expires: int = 60
    default_scopes: tuple[str, ...] = ("all",)
    trusted_proxies: tuple = field(default_factory=tuple)
    login_attempts: int = 5
    login_window: int = 300
    log_level: str = "INFO"
    docs_client_id: str = "gaggle-docs"
    validate_responses: bool = False
    threads: int = DEFAULT_THREADS
    issuer: str | None = None
    max_body_bytes: int = 1024 * 1024
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    root_path: str = ""

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        data_dir = Path(os.environ.get("GAGGLE_DATA_DIR") or "data").resolve()
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'gaggle.sqlite3'}"
        values = dict(
            data_dir=data_dir,
            database_url=database_url,
            access_token_expires=_int("GAGGLE_ACCESS_TOKEN_EXPIRES", 36000),
            refresh_token_expires=_int("GAGGLE_REFRESH_TOKEN_EXPIRES", 60 * 60 * 24 * 30),
            authorization_code_expires=_int("GAGGLE_AUTHORIZATION_CODE_EXPIRES", 60),
            default_scopes=tuple(os.environ.get("GAGGLE_DEFAULT_SCOPES", "all").split()),
            trusted_proxies=_networks("GAGGLE_TRUSTED_PROXIES"),
            login_attempts=_int("GAGGLE_LOGIN_ATTEMPTS", 5),
            login_window=_int("GAGGLE_LOGIN_WINDOW", 300),
            log_level=_log_level("GAGGLE_LOG_LEVEL", "INFO"),
            docs_client_id=os.environ.get("GAGGLE_DOCS_CLIENT_ID", "gaggle-docs"),
            threads=_int("GAGGLE_THREADS", DEFAULT_THREADS),
            issuer=_issuer("GAGGLE_ISSUER"),
            max_body_bytes=_int("GAGGLE_MAX_BODY_BYTES", 1024 * 1024),
            metrics_port=_int("GAGGLE_METRICS_PORT", None),
            metrics_host=os.environ.get("GAGGLE_METRICS_HOST") or "127.0.0.1",
            root_path=_root_path("GAGGLE_ROOT_PATH"),
        )
        values.update(overrides)
        if "secret_key" not in values:
            values["secret_key"] = _secret_key(values["data_dir"])
        return cls(**values)


def current() -> Settings:
    """The settings of the app being served (or of the runtime made active by a command)."""
    from gaggle import runtime

    return runtime.current().settings
