"""Schemathesis in process, on the Connexion app itself: quick feedback while developing.

Every operation of both documents is fuzzed through the app with every check; the live-server run
(tests/contract/test_schemathesis_live.py, scripts/contract_test.py) adds a real server, a
demo database and the stateful phase.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gaggle import spec

DOCUMENT_URLS = {"api": f"{spec.API_BASE_PATH}/openapi.json", "oauth": "/o/openapi.json"}
OPERATIONS = [
    f"{name} {method.upper()} {path}"
    for name in spec.DOCUMENTS
    for path, item in spec.bundled(name)["paths"].items()
    for method in ("get", "put", "post", "delete", "patch")
    if method in item
]


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_honours_the_contract(app, make, label):
    admin = make.user(network="Acme", is_admin=True)
    make.user(network="Acme", reports_to=admin)
    token = make.token(admin)
    name, method, path = label.split(" ", 2)
    schema = schemathesis.openapi.from_asgi(DOCUMENT_URLS[name], app)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=token)

    check()
