"""Password hashing with argon2id and the minimum strength a new password must have: at least
8 characters, not one of the 30,000 most common passwords (the list zxcvbn maintains, shipped
with it), not the account's email.

The cost is OWASP's recommended argon2id configuration: 19 MiB of memory, 2 iterations,
1 degree of parallelism. Verifying one password takes roughly 20-40 ms of one core.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 1024

_hasher = PasswordHasher(
    time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16
)


@functools.cache
def _common() -> frozenset[str]:
    """The 30,000 most common passwords, as zxcvbn ships them (loaded on first use)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class WeakPasswordError(ValueError):
    """The password is empty, too short, too common, or too close to the account's email."""


def check_strength(password: str, *, email: str = "") -> None:
    if not password:
        raise WeakPasswordError("the password is empty")
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(f"the password must have at most {MAX_LENGTH} characters")
    lowered = password.lower()
    if lowered in _common() or len(set(password)) < 3:
        raise WeakPasswordError("the password is too common or too easy to guess")
    if email and lowered in (email.lower(), email.split("@")[0].lower()):
        raise WeakPasswordError("the password must not be the email address")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Verified against when no account matches, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("no account has this password")


def burn_time(password: str) -> None:
    verify(_DUMMY_HASH, password)
