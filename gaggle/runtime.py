"""What one Gaggle app runs on: its settings, its database, its threads and its OAuth2 server.

`create_app` makes one `Runtime` per app and `RuntimeMiddleware` makes it the current one for
every request the app serves, so two apps with different settings can live in one process.
Code outside a request (commands, tests) makes a runtime current with `active()`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Receive, Scope, Send

from gaggle.db import Database
from gaggle.settings import Settings

if TYPE_CHECKING:
    from gaggle.metrics import Metrics
    from gaggle.oauth.server import Server


class Runtime:
    def __init__(self, settings: Settings, database: Database | None = None) -> None:
        self.settings = settings
        self.database = database or Database(settings.database_url)
        # Set by create_app: reads the pages' signed session cookie (gaggle.pages).
        self.session_reader: Callable[[str], dict | None] = lambda value: None

    def read_session_cookie(self, value: str) -> dict | None:
        """The data of the app's signed session cookie `value`, or None."""
        return self.session_reader(value)

    @functools.cached_property
    def executor(self) -> ThreadPoolExecutor:
        """The threads that run handlers and token checks (GAGGLE_THREADS; gaggle/bridge.py)."""
        return ThreadPoolExecutor(max_workers=self.settings.threads, thread_name_prefix="gaggle")

    @functools.cached_property
    def metrics(self) -> Metrics:
        from gaggle.metrics import Metrics

        return Metrics()

    @functools.cached_property
    def oauth(self) -> Server:
        from gaggle.oauth.server import Server

        return Server(self.settings)

    def close(self) -> None:
        """Release the database's connections and the threads."""
        self.database.dispose()
        if "executor" in self.__dict__:
            self.executor.shutdown(wait=False)


_current: contextvars.ContextVar[Runtime] = contextvars.ContextVar("gaggle_runtime")


def current() -> Runtime:
    try:
        return _current.get()
    except LookupError:
        raise RuntimeError("no Gaggle runtime is active; see gaggle.runtime.active()") from None


@contextlib.contextmanager
def active(runtime: Runtime) -> Iterator[Runtime]:
    """Make `runtime` the current one inside the block."""
    token = _current.set(runtime)
    try:
        yield runtime
    finally:
        _current.reset(token)


class RuntimeMiddleware:
    """Makes the app's runtime the current one for each request (ASGI, outermost)."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Shared by the copies of the scope inner layers make, so that what routing records
        # there (the operation) is seen out here too (gaggle.metrics).
        scope.setdefault("extensions", {})
        token = _current.set(self.runtime)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
