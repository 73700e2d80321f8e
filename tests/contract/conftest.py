"""Operations read from the spec, for tests that walk all of them."""

from __future__ import annotations

from gaggle import spec

METHODS = ("get", "put", "post", "delete", "patch")


def secured_operations() -> list[tuple[str, str, str]]:
    """(method, path, scope) of every operation served under the API that needs a scope."""
    document = spec.api_document()
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for requirement in operation.get("security", document["security"]):
                for scopes in requirement.values():
                    found.extend((method.upper(), path, scope) for scope in scopes)
    return found
