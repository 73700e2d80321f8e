"""What every resolver of one GraphQL request shares: the caller, the token's scopes, one
reading session, and loaders that fetch related objects for a whole page in one query."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from gaggle import db
from gaggle.caller import Caller
from gaggle.security import validate_scope

Fetch = Callable[[Session, Caller, list[int]], Iterable[Any]]

_PAGES = "gaggle.pages"


def remember_page(session: Session, items: Sequence[Any]) -> None:
    """Note `items` as objects read together (a page, or a loader's batch): a list field of any
    of them is then read for all of them at once (gaggle.graph.relay.nested). The session keeps
    the page, so the objects live, and their ids name them, as long as the session does. An
    object keeps the first page it was read in: a list of it found again later (the children
    of objects of the same page) does not split that page's batch."""
    if len(items) > 1:
        page = list(items)
        pages = session.info.setdefault(_PAGES, {})
        for item in page:
            pages.setdefault(id(item), page)


def page_of(session: Session, item: Any) -> list[Any]:
    """The objects read together with `item`, itself among them; [item] alone when none were."""
    return session.info.get(_PAGES, {}).get(id(item)) or [item]


class Loader:
    """Objects of one kind by id, each through its area's visibility query.

    `want(ids)` says which ids the fields of a page may ask for; the first `get` then fetches
    all of them with one query, so a page of 20 recognitions loads its badges once, not 20
    times. An id the query does not answer (another network's, a private objective of someone
    else's) is None.
    """

    def __init__(self, context: Context, fetch: Fetch) -> None:
        self._context = context
        self._fetch = fetch
        self._found: dict[int, Any] = {}
        self._wanted: set[int] = set()

    def want(self, ids: Iterable[int | None]) -> None:
        self._wanted.update(i for i in ids if i is not None and i not in self._found)

    def put(self, objects: Iterable[Any]) -> None:
        """Objects another query already loaded, through the same visibility rule."""
        for item in objects:
            self._found[item.id] = item

    def get(self, object_id: int | None) -> Any:
        if object_id is None:
            return None
        if object_id not in self._found:
            ids = sorted(self._wanted | {object_id})
            self._wanted.clear()
            session = self._context.session
            fetched = list(self._fetch(session, self._context.caller, ids))
            remember_page(session, fetched)
            for item in fetched:
                self._found[item.id] = item
            for missing in ids:
                self._found.setdefault(missing, None)
        return self._found[object_id]

    def many(self, ids: Sequence[int]) -> list[Any]:
        self.want(ids)
        return [item for item in map(self.get, ids) if item is not None]


class Context:
    """The `context` of every resolver in one request."""

    def __init__(self, caller: Caller, scopes: Iterable[str], fetchers: dict[str, Fetch]) -> None:
        self.caller = caller
        self.scopes = list(scopes)
        self._granted: dict[str, bool] = {}
        self._fetchers = fetchers
        self._session: Session | None = None
        self._session_block: contextlib.AbstractContextManager | None = None
        self._reads: Connection | None = None
        self._loaders: dict[str, Loader] = {}
        self._memo: dict[str, Any] = {}
        # What `requiredScopes` and `queryCost` answer, worked out before the operation runs.
        self.required_scopes: list[str] = []
        self.query_cost: dict[str, int] = {}

    def granted(self, scope: str) -> bool:
        found = self._granted.get(scope)
        if found is None:
            found = self._granted[scope] = validate_scope([scope], self.scopes)
        return found

    @property
    def session(self) -> Session:
        """The request's reading session, opened on first use."""
        if self._session is None:
            self._session_block = db.reading()
            self._session = self._session_block.__enter__()
        return self._session

    @property
    def reads(self) -> Connection:
        """The request's connection for reads of rows (gaggle.projection), outside any
        transaction as the REST API reads them (`Database.reads`), opened on first use."""
        if self._reads is None:
            self._reads = db.reads()
        return self._reads

    def loader(self, kind: str) -> Loader:
        found = self._loaders.get(kind)
        if found is None:
            found = self._loaders[kind] = Loader(self, self._fetchers[kind])
        return found

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, worked out once per request (until a mutation changes data)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def after_write(self) -> None:
        """Forget what was read before a mutation: the next read sees what it committed."""
        self.close()
        self._loaders.clear()
        self._memo.clear()

    def close(self) -> None:
        if self._session_block is not None:
            self._session_block.__exit__(None, None, None)
        self._session = self._session_block = None
        if self._reads is not None:
            self._reads.close()
            self._reads = None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction for one mutation, as a REST write has; reads start afresh after."""
        self.after_write()
        try:
            with db.transaction() as session:
                yield session
        finally:
            self.after_write()
