"""Random secrets and the digests they are stored as."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def new_secret(nbytes: int = 32) -> str:
    """A random string of letters and digits holding at least `nbytes` bytes of entropy.

    Letters and digits only, as the legacy server's client ids: nothing a shell, a URL or a
    command line reads specially (an id starting with `-` reads as an option)."""
    length = math.ceil(nbytes * 8 / math.log2(len(_ALPHABET)))
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def digest(value: str) -> str:
    """SHA-256 of a high-entropy value, the only form in which it is stored."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
