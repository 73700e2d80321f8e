"""The password policy (a maintained list of common passwords, shipped as data) and email
addresses checked and normalized by a maintained library (international domains included)."""

from __future__ import annotations

import pytest

from gaggle import passwords
from gaggle.models.people import PeopleError, find_user_by_email, normalize_email


def test_the_common_password_list_is_large_and_shipped():
    common = passwords._common()
    assert len(common) >= 10_000
    # Refused, long enough or not: well past the 21 words a hand-kept list had.
    samples = [p for p in sorted(common) if len(p) >= passwords.MIN_LENGTH][::997][:12]
    assert len(samples) == 12
    for sample in samples:
        with pytest.raises(passwords.WeakPasswordError, match="too common"):
            passwords.check_strength(sample)
        with pytest.raises(passwords.WeakPasswordError, match="too common"):
            passwords.check_strength(sample.upper())


@pytest.mark.parametrize("password", ["sunshine", "football", "iloveyou1", "qwertyuiop"])
def test_well_known_passwords_are_refused(password):
    with pytest.raises(passwords.WeakPasswordError):
        passwords.check_strength(password)


def test_a_passphrase_is_accepted():
    passwords.check_strength("correct horse battery staple", email="kim@example.com")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Admin@Acme.COM", "Admin@acme.com"),
        ("  kim@example.com ", "kim@example.com"),
        ("José@Bücher.example", "José@bücher.example"),
        ("user@xn--bcher-kva.example", "user@bücher.example"),
        ("admin@demo.gaggle.test", "admin@demo.gaggle.test"),
    ],
)
def test_emails_are_normalized(given, stored):
    assert normalize_email(given) == stored


@pytest.mark.parametrize(
    "bad", ["not-an-email", "a@b", "a b@example.com", "x@localhost", "a@@example.com", "a@-x.com"]
)
def test_malformed_emails_are_refused(bad):
    with pytest.raises(PeopleError, match="not a valid email"):
        normalize_email(bad)


def test_an_international_domain_finds_the_same_person_in_either_form(app, make):
    from gaggle import db

    user = make.user(email="eva@bücher.example")
    with db.reading() as session:
        assert find_user_by_email(session, "eva@xn--bcher-kva.example").id == user.id
        assert find_user_by_email(session, "eva@BÜCHER.example").id == user.id
