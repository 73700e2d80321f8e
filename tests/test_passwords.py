"""Passwords are stored as argon2id at OWASP's recommended cost, and checked against it.

The other tests hash at argon2id's lowest cost (tests/conftest.py); these use the production
hasher itself.
"""

from __future__ import annotations

import argon2
import pytest
from sqlalchemy import select

from gaggle import db, passwords
from gaggle.models.oauth import Application
from gaggle.models.people import User

pytestmark = pytest.mark.usefixtures("production_hashing")

OWASP = {"type": argon2.Type.ID, "memory_cost": 19 * 1024, "time_cost": 2, "parallelism": 1}


def cost(password_hash: str) -> dict:
    parameters = argon2.extract_parameters(password_hash)
    return {name: getattr(parameters, name) for name in OWASP}


def test_a_stored_password_hash_has_the_production_cost(make):
    user = make.user(email="cost@acme.example", password="a long secret phrase")
    with db.reading() as session:
        stored = session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert cost(stored) == OWASP
    assert passwords.verify(stored, "a long secret phrase")
    assert not passwords.verify(stored, "a wrong secret phrase")


def test_a_client_secret_hash_has_the_production_cost(make):
    application = make.password_app(make.user())
    with db.reading() as session:
        stored = session.scalar(
            select(Application.client_secret_hash).where(
                Application.client_id == application.client_id
            )
        )
    assert cost(stored) == OWASP
    assert passwords.verify(stored, application.client_secret)


def test_a_login_without_an_account_costs_one_production_verification():
    assert cost(passwords._DUMMY_HASH) == OWASP
