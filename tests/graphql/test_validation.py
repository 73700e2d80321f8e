"""Validating a document costs little, whatever it repeats.

graphql-core's rule that fields of one response name can be merged compares them pairwise;
before graphql-core 3.2.14, the floor pyproject.toml sets, a document of a few thousand
repeats held a worker for minutes (`{ currentUser { pk pk ... } }` with 4,000 `pk`: 250 s on
3.2.3, 0.3 s on 3.2.14). Each document here is answered, valid or not, within ten seconds of
the process's CPU time: far above what the fixed versions take (0.3 to 0.5 s alone, about 1 s
beside another test worker on two cores) and far below what the quadratic ones took, so the
bound catches a return of the quadratic validation, not a busy machine.
"""

from __future__ import annotations

import time

import pytest

FRAGMENT = "... on UserProfileNode { pk } "
DOCUMENTS = {
    "a field repeated": "{ currentUser { " + "pk " * 4000 + "} }",
    "an alias repeated": "{ currentUser { " + "same: pk " * 4000 + "} }",
    "a field with arguments repeated": "{ " + "profiles(first: 1) { totalCount } " * 300 + "}",
    "inline fragments repeated": "{ currentUser { " + FRAGMENT * 2000 + "} }",
    "inline fragments nested": "{ currentUser { "
    + ("... on UserProfileNode { reportsTo { " + FRAGMENT * 40 + "} } ") * 50
    + "} }",
    "a fragment spread repeated": "{ currentUser { "
    + "...Pk " * 4000
    + "} } fragment Pk on UserProfileNode { pk }",
}


@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS)
def test_a_document_of_repeated_fields_costs_no_quadratic_time(graphql, world, make, document):
    gql = graphql(make.token(world.employee))
    gql("{ currentUser { pk } }")  # the schema is built before the clock starts
    start = time.process_time()
    answer = gql(document)
    spent = time.process_time() - start
    assert answer.get("data") or answer.get("errors")
    assert spent < 10.0, f"{spent:.1f} s of CPU to answer a document of {len(document)} bytes"
