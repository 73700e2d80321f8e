"""The database: engine set-up for SQLite and PostgreSQL, and one transaction per unit of work."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_POOL_SIZE = 32
# Execution option for a connection that reads outside any transaction (Database.reads).
SINGLE_STATEMENT = "gaggle_single_statement"


class DatabaseURLError(ValueError):
    """DATABASE_URL names no database Gaggle can use."""


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Leave transaction control to the "begin" hook below so writers can take the
        # write lock up front instead of failing to upgrade a read lock later.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        options = connection.get_execution_options()
        if options.get(SINGLE_STATEMENT):
            return  # one statement is atomic by itself; a transaction around it is overhead
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("gaggle_write") else "BEGIN")


# What a DATABASE_URL looks like, for the errors that say it is not one.
_URL_FORMS = "sqlite:///path/to/gaggle.sqlite3 or postgresql://user:password@host:port/db"


def _sqlite_folder(url: URL, create_folder: bool) -> None:
    """Check that the SQLite database of `url` can be a file, and that its folder exists or,
    with `create_folder`, has been made. Raises DatabaseURLError."""
    if not url.database or url.database == ":memory:":
        # An in-memory database would be empty for every connection and gone at exit.
        raise DatabaseURLError(f"DATABASE_URL {str(url)!r} names no file: use {_URL_FORMS}")
    folder = Path(url.database).parent
    if folder.is_dir():
        return
    if not create_folder:
        raise DatabaseURLError(
            f"no folder {folder.absolute()} for the SQLite database: check DATABASE_URL and "
            "GAGGLE_DATA_DIR, or create it with gaggle migrate"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseURLError(
            f"cannot create the folder {folder.absolute()} for the SQLite database: {exc.strerror}"
        ) from None


def make_engine(database_url: str, create_folder: bool = True) -> Engine:
    """An engine for DATABASE_URL; the folder of a SQLite file is created when missing, unless
    `create_folder` is false. Raises DatabaseURLError for a URL it cannot use, in words that
    never show the URL's password."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise DatabaseURLError(f"DATABASE_URL is not a database URL: use {_URL_FORMS}") from None
    except ValueError:  # the one thing make_url converts: the port, to a number
        raise DatabaseURLError(
            "DATABASE_URL is not a database URL: its port must be a number"
        ) from None
    if url.get_backend_name() == "sqlite":
        _sqlite_folder(url, create_folder)
        # Opening a connection runs the PRAGMAs above, so keep one per thread that may need
        # it (the worker threads of gaggle.bridge, and test clients') instead of reopening.
        engine = create_engine(
            url,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False},
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_POOL_SIZE,
        )
        _sqlite_setup(engine)
        return engine
    if url.get_backend_name() == "postgresql":
        if url.get_driver_name() in ("", "psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        try:
            return create_engine(
                url,
                json_deserializer=orjson.loads,
                pool_pre_ping=True,
                pool_size=10,
                max_overflow=10,
            )
        except ModuleNotFoundError:
            raise DatabaseURLError(
                "PostgreSQL needs the psycopg driver: pip install 'gaggle[postgres]'"
            ) from None
    raise DatabaseURLError(
        f"DATABASE_URL must be a sqlite:// or postgresql:// URL, not {url.get_backend_name()}://"
    )


class _WriterQueue:
    """Lets one write transaction at a time into a SQLite database, across threads and processes.

    SQLite has one writer at a time; a writer that finds the lock taken waits in SQLite's busy
    handler, which polls with sleeps of up to 100 ms, so under load some writers wait seconds.
    Waiting here instead, on a thread lock and then an exclusive lock on a file beside the
    database, wakes the next writer as soon as the previous one commits. Write transactions
    do not nest.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._thread_lock.acquire()
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise

    def __exit__(self, *exc) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def close(self) -> None:
        with self._thread_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class Database:
    """An engine and its sessions."""

    def __init__(self, database_url: str, create_folder: bool = True) -> None:
        self.url = database_url
        self.engine = make_engine(database_url, create_folder)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        self._writers = (
            _WriterQueue(Path(f"{database}.writers")) if database else contextlib.nullcontext()
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or rolled back on error."""
        with self._writers, self.sessions() as session, session.begin():
            session.connection(execution_options={"gaggle_write": True})
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it changes is committed.

        Closing (not rolling back) leaves loaded objects usable, detached, after the block.
        """
        with self.sessions() as session:
            yield session

    def reads(self):
        """A connection for a few SELECTs, outside any transaction: no BEGIN, no ROLLBACK.

        Each statement sees the data as it is when it runs; a read of a page and its related
        rows may see a write that commits between them, which never mixes two objects' data.
        """
        connection = self.engine.connect()
        if self.engine.dialect.name == "sqlite":
            return connection.execution_options(**{SINGLE_STATEMENT: True})
        return connection.execution_options(isolation_level="AUTOCOMMIT")

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()
        if isinstance(self._writers, _WriterQueue):
            self._writers.close()


def current() -> Database:
    """The database of the app being served (or of the runtime made active by a command)."""
    from gaggle import runtime

    return runtime.current().database


def transaction():
    return current().transaction()


def reading():
    return current().reading()


def reads():
    return current().reads()
