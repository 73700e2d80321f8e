"""Every field of every object type of the SDL is asserted by a test: the field-by-field table
of tests/graphql/fields.py (run by test_parity and test_payloads) or a test registered with
`fields.checks`. A field added to the SDL fails here until a test asserts its value."""

from __future__ import annotations

import importlib
import pkgutil

import tests.graphql
from tests.graphql.fields import CHECKED
from tests.graphql.walk import compiled, objects


def _registered() -> dict[str, set[str]]:
    """CHECKED, once every test module of this folder has registered its tests."""
    for module in pkgutil.iter_modules(tests.graphql.__path__):
        if module.name.startswith("test_"):
            importlib.import_module(f"tests.graphql.{module.name}")
    return CHECKED


def test_every_field_of_the_sdl_is_asserted_by_a_test():
    fields = {f"{t.name}.{name}" for t in objects(compiled()) for name in t.fields}
    unchecked = sorted(fields - set(_registered()))
    assert unchecked == [], (
        f"{len(unchecked)} fields that no test asserts: add them to tests/graphql/fields.py's "
        f"TABLE, or mark the test that asserts them with fields.checks: {unchecked}"
    )


def test_every_registered_field_and_test_exists():
    fields = {f"{t.name}.{name}" for t in objects(compiled()) for name in t.fields}
    registered = _registered()
    assert sorted(set(registered) - fields) == []
    for names in registered.values():
        for test in names:
            module, _, name = test.rpartition(".")
            assert callable(getattr(importlib.import_module(module), name, None)), test
