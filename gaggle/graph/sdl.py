"""The GraphQL contract: the `.graphql` files of the repository's `graphql/` folder.

The folder holds only SDL, never Python (it must not shadow the `graphql` library), so it is
no importable package and an import system cannot find it. It sits beside the OpenAPI folder
in both layouts Gaggle runs from: at the top of the checkout (an editable install maps
`gaggle.openapi` to `openapi/`), and inside the package in the wheel, which ships it as the
package data of `gaggle.graphql` next to `gaggle/openapi/`. So it is found from the OpenAPI
package, which is importable in both.
"""

from __future__ import annotations

import functools
from pathlib import Path

from gaggle import spec


class SDLNotFound(RuntimeError):
    """The schema files are not beside the OpenAPI documents."""


@functools.cache
def folder() -> Path:
    """The folder holding the schema's `.graphql` files."""
    found = spec.SPEC_DIR.parent / "graphql"
    if not any(found.glob("*.graphql")):
        raise SDLNotFound(f"no GraphQL schema files (*.graphql) in {found}")
    return found


@functools.cache
def text() -> str:
    """Every schema file as one document: `common.graphql` first, then the areas by name."""
    files = sorted(folder().glob("*.graphql"), key=lambda path: (path.stem != "common", path.stem))
    return "\n".join(path.read_text(encoding="utf-8") for path in files)
