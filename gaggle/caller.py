"""Who is calling: the user behind the access token, their profile, network and role."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Caller:
    user_id: int
    profile_id: int
    network_id: int
    is_admin: bool

    @classmethod
    def of(cls, token_info: dict) -> Caller:
        return cls(
            user_id=token_info["sub"],
            profile_id=token_info["profile_id"],
            network_id=token_info["network_id"],
            is_admin=token_info["is_admin"],
        )


def current() -> Caller:
    """The caller of the operation being handled (set by the oauth2 security check)."""
    from connexion.context import context

    return Caller.of(context["token_info"])


def query_int(name: str) -> int | None:
    """A validated integer query parameter Connexion cannot pass by name.

    Connexion passes the authenticated user to handlers as `user`, so a filter called `user`
    never reaches a handler as an argument; the spec has already checked it is an integer.
    """
    from connexion import request

    value = request.query_params.get(name)
    return int(value) if value is not None else None
