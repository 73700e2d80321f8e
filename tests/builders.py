"""Builders for test data, committed through the app's own services."""

from __future__ import annotations

import itertools

from gaggle import db
from models.people import User, create_user, get_or_create_network

PASSWORD = "correct horse battery staple"  # noqa: S105

_counter = itertools.count(1)


class Builders:
    def user(
        self,
        *,
        network: str = "Acme",
        email: str | None = None,
        is_admin: bool = False,
        password: str = PASSWORD,
        **fields,
    ) -> User:
        email = email or f"user{next(_counter)}@{network.lower().replace(' ', '')}.example"
        with db.transaction() as session:
            return create_user(
                session=session,
                email=email,
                password=password,
                network=get_or_create_network(session, network),
                is_admin=is_admin,
                **fields,
            )
