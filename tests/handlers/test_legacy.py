"""The retired version 1 API: every path under /api/v1/, with every method, is a 404 problem
naming the URL of the same resource under /api/v/2.0/, for every path the API describes."""

from __future__ import annotations

import re

import pytest

from gaggle import spec

V2 = f"http://testserver{spec.API_BASE_PATH}"


def _examples() -> list[str]:
    """Every path of the API document with its parameters filled in (`userprofiles/7/`)."""
    return [re.sub(r"\{[^}]+\}", "7", path).lstrip("/") for path in spec.api_document()["paths"]]


@pytest.mark.parametrize("path", _examples())
def test_every_v2_path_is_named_from_its_v1_path(client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == (
        f"No resource at /api/v1/{path}: version 1 of the API is retired; use {V2}/{path} instead."
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "HEAD", "GET"])
@pytest.mark.parametrize("path", ["userprofiles/5", "objectivecheckins/", "users/2/"])
def test_every_method_and_either_slash_is_the_same_404(client, method, path):
    response = client.request(method, f"/api/v1/{path}", json={"message": "legacy"})
    assert response.status_code == 404
    if method != "HEAD":
        shown = path if path.endswith("/") else path + "/"
        assert f"use {V2}/{shown} instead" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "named"),
    [
        # The API has the collection, not this path below it.
        ("userprofiles/5/badges/", f"its userprofiles are at {V2}/userprofiles/."),
        ("objectives/not-an-id/", f"its objectives are at {V2}/objectives/."),
        # Nothing of the kind: the API's root, which lists what there is.
        ("goals/3/", f"its resources are listed at {V2}/."),
        ("", f"use {V2}/ instead."),
    ],
)
def test_a_v1_path_without_its_v2_twin_names_the_nearest_place(client, path, named):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json()["detail"].endswith(named), response.json()["detail"]
    assert response.json()["detail"].startswith(f"No resource at /api/v1/{path}: version 1")
