"""The resolvers of each scope area, one module per SDL file: each module's `BINDABLES` bind
its types and its `FETCHERS` load its objects by id for the request's loaders, through the
area's visibility query."""

from __future__ import annotations

from gaggle.graph.areas import (
    department,
    feedback,
    network,
    objective,
    oneonone,
    privatenote,
    recognition,
    review,
    userprofile,
)

MODULES = (
    userprofile,
    network,
    department,
    recognition,
    oneonone,
    feedback,
    privatenote,
    objective,
    review,
)
BINDABLES = [bindable for module in MODULES for bindable in module.BINDABLES]
FETCHERS = {kind: fetch for module in MODULES for kind, fetch in module.FETCHERS.items()}
