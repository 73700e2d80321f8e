"""Random secrets: letters and digits only, as long as their entropy needs, never repeated."""

from __future__ import annotations

import re

from gaggle import tokens


def test_secrets_are_letters_and_digits_with_their_entropy():
    made = {tokens.new_secret(24) for _ in range(2000)}
    assert len(made) == 2000
    assert all(re.fullmatch(r"[A-Za-z0-9]{33}", secret) for secret in made)
    assert len(tokens.new_secret()) == 43  # 43 * log2(62) > 256 bits
    # Every character shows up in first place: no id starts with "-" (read as an option).
    assert {secret[0] for secret in made} == set(tokens._ALPHABET)
