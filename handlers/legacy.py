"""The legacy platform's retired version 1 API (`/api/v1/`): every path answers 404, naming the
URL of the same resource in this API where the API document describes one."""

from __future__ import annotations

from gaggle import spec
from gaggle.problems import Problem
from gaggle.requests import api_url


def _retired(path: str) -> Problem:
    """The 404 of `/api/v1/<path>`: it names this API's URL of the same path when the API
    document describes one; else of its collection, when there is one; else of its root."""
    retired = f"No resource at /api/v1/{path}: version 1 of the API is retired"
    if spec.describes(f"{spec.API_BASE_PATH}/{path}"):
        return Problem(404, f"{retired}; use {api_url('/' + path)} instead.")
    name = path.split("/", 1)[0]
    collection = spec.collections().get(name)
    if collection is not None:
        return Problem(
            404,
            f"{retired}, and version 2.0 has no such path; its {name} are at "
            f"{api_url(collection)}.",
        )
    return Problem(
        404,
        f"{retired}, and version 2.0 has no such resource; its resources are listed at "
        f"{api_url('/')}.",
    )


def get_legacy_api_root():
    raise _retired("")


def get_legacy_resource(path: str):
    raise _retired(path)


# Every method of a version 1 path is the same 404.
create_legacy_resource = replace_legacy_resource = get_legacy_resource
update_legacy_resource = delete_legacy_resource = get_legacy_resource
