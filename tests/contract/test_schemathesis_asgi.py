"""Schemathesis in process, on the Connexion app itself: quick feedback while developing.

Every operation of the spec is fuzzed through the app with every check; the live-server run
(tests/contract/test_schemathesis_live.py, scripts/contract_test.py) adds a real server, a
demo database and the stateful phase.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gaggle import spec

OPERATIONS = [
    f"{method.upper()} {path}"
    for path, item in spec.bundled()["paths"].items()
    for method in ("get", "put", "post", "delete", "patch")
    if method in item
]


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_honours_the_contract(app, make, label):
    admin = make.user(network="Acme", is_admin=True)
    make.user(network="Acme", reports_to=admin)
    token = make.token(admin)
    schema = schemathesis.openapi.from_asgi(f"{spec.API_BASE_PATH}/openapi.json", app)
    method, path = label.split(" ", 1)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=token)

    check()
