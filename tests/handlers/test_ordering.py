"""Every list sorts by each field its spec's `ordering` parameter lists, both ways."""

from __future__ import annotations

import pytest

from gaggle import querying, spec
from tests.handlers.conftest import API


def _sortable_fields():
    for path, item in spec.api_document()["paths"].items():
        operation = item.get("get", {})
        names = {parameter.get("name") for parameter in operation.get("parameters", [])}
        if "ordering" in names:
            for field in querying.sortable(operation["operationId"]):
                yield path, field


# The lists within one object: the id of such an object the admin sees, with something in it.
WITHIN = {
    "/oneonones/{id}/actionitems/": lambda make, world: (
        make.action_item(world.oneonone, world.admin).oneonone_id
    ),
}


@pytest.mark.parametrize(("path", "field"), list(_sortable_fields()))
def test_each_field_the_spec_lists_sorts(client, make, world, path, field):
    token = make.token(world.admin)
    if "{" in path:
        path = path.format(id=WITHIN[path](make, world))
    pages = []
    for ordering in (field, f"-{field}"):
        response = client.get(f"{API}{path}?ordering={ordering}", headers=token)
        assert response.status_code == 200, response.text
        pages.append(response.json())
    assert pages[0]["count"] == pages[1]["count"] > 0
