"""The `gaggle` command: each command in process, as click runs it, with an environment of its
own; `serve` (and the demo login against it) as a user runs it, in a subprocess."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import logging
import os
import socket
import subprocess
import traceback
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from gaggle.cli import main
from gaggle.db import Database
from gaggle.liveserver import GAGGLE, running_server
from gaggle.models.oauth import AccessToken, Application, AuthorizationCode, RefreshToken
from gaggle.models.ratelimit import RateLimitBucket
from gaggle.models.sessions import UserSession

# Every command here runs on the SQLite database of its own data directory.
pytestmark = pytest.mark.sqlite


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    """Changes to the environment: no DATABASE_URL, and a data directory of the test's own."""
    (tmp_path / "data").mkdir()
    return {"DATABASE_URL": None, "GAGGLE_DATA_DIR": str(tmp_path / "data")}


def process_env(env: dict[str, str | None]) -> dict[str, str]:
    """The whole environment of a `gaggle` process with `env`'s changes."""
    environment = {k: v for k, v in os.environ.items() if k not in env}
    return environment | {k: v for k, v in env.items() if v is not None}


@contextlib.contextmanager
def logging_of_a_new_process() -> Iterator[None]:
    """Logging as `gaggle` finds it in a process of its own: nothing set up, WARNING and up.

    Only `serve` sets up the JSON lines on stderr; the other commands' stderr is their own.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def run(env, *args, check_ok=True) -> Result:
    with logging_of_a_new_process():
        result = CliRunner().invoke(main, list(args), env=env, prog_name="gaggle")
    if check_ok:
        assert result.exit_code == 0, result.stderr + "".join(
            traceback.format_exception(*result.exc_info)
        )
    return result


def fails_cleanly(result: Result, fragment: str, status: int = 1) -> None:
    assert result.exit_code == status, result.output
    # Anything but click's own exit would reach the user as a traceback.
    assert isinstance(result.exception, SystemExit), result.exc_info
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in lines[0]


def _commands(command: click.Command = main, path: tuple[str, ...] = ()):
    """(path, command) of `gaggle` and of every command below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name, subcommand in command.commands.items():
            yield from _commands(subcommand, (*path, name))


def _usage_errors():
    """(command path, arguments) that misuse each command: an unknown option, an unknown
    subcommand of a group, no arguments for a command that requires some."""
    for path, command in _commands():
        yield path, ["--no-such-option"]
        if isinstance(command, click.Group):
            yield path, ["no-such-command"]
        elif any(parameter.required for parameter in command.params):
            yield path, []


def _named(value) -> str:
    return " ".join(value) or "-"


@pytest.mark.parametrize("args", [path for path, _ in _commands()], ids=_named)
def test_every_command_has_help(env, args):
    result = run(env, *args, "--help")
    assert "Usage:" in result.stdout


@pytest.mark.parametrize(("path", "args"), list(_usage_errors()), ids=_named)
def test_a_usage_error_is_one_line_and_status_2(env, path, args):
    result = run(env, *path, *args, check_ok=False)
    fails_cleanly(result, f"Try '{' '.join(('gaggle', *path))} --help' for help.", status=2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "--port", "0"], "Invalid value for '--port'"),
        (["apps", "create", "--owner", "a@b.example"], "Missing option '--name'"),
        (["tokens", "revoke"], "give exactly one of --user EMAIL and --client CLIENT_ID"),
    ],
)
def test_a_usage_error_says_what_was_wrong(env, args, message):
    fails_cleanly(run(env, *args, check_ok=False), message, status=2)


def test_users_create_makes_a_user_in_a_new_network(env):
    result = run(
        env,
        "users",
        "create",
        "--email",
        "Kim@Example.COM",
        "--password",
        "a long secret phrase",
        "--first-name",
        "Kim",
        "--network",
        "Acme",
        "--admin",
    )
    assert json.loads(result.stdout) == {
        "id": 1,
        "email": "Kim@example.com",
        "network": "Acme",
        "is_admin": True,
    }
    second = run(
        env, "users", "create", "--email", "lee@example.com", "--password", "another long phrase"
    )
    assert json.loads(second.stdout)["network"] == "Default"


def test_users_create_refuses_a_duplicate_email(env):
    run(env, "users", "create", "--email", "kim@example.com", "--password", "a long secret phrase")
    again = run(
        env,
        "users",
        "create",
        "--email",
        "KIM@example.com",
        "--password",
        "a long secret phrase",
        check_ok=False,
    )
    fails_cleanly(again, "already exists")


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "a long secret phrase", "not a valid email"),
        ("a@b", "a long secret phrase", "not a valid email"),
        ("kim@example.com", "", "password is empty"),
        ("kim@example.com", "short", "at least 8"),
        ("kim@example.com", "password123", "too common"),
        ("kim@example.com", "kim@example.com", "must not be the email"),
    ],
)
def test_users_create_refuses_bad_input(env, email, password, message):
    fails_cleanly(
        run(env, "users", "create", "--email", email, "--password", password, check_ok=False),
        message,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "not a database URL"),
        ("mysql://u@localhost/x", "must be a sqlite:// or postgresql://"),
        ("postgresql://gaggle:hunter2@127.0.0.1:1/gaggle", "cannot use the database"),
        ("postgresql://gaggle:hunter2@127.0.0.1:notaport/gaggle", "its port must be a number"),
        ("gaggle:hunter2@127.0.0.1/gaggle", "not a database URL"),
        ("sqlite://", "names no file"),
        ("sqlite:///", "names no file"),
        ("sqlite:///:memory:", "names no file"),
    ],
)
@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["apps", "list"]])
def test_bad_database_url_is_one_clear_line_without_the_password(env, url, message, command):
    result = run(env | {"DATABASE_URL": url}, *command, check_ok=False)
    fails_cleanly(result, message)
    assert "hunter2" not in result.output


@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["apps", "list"], ["serve"]])
def test_a_data_dir_that_cannot_be_made_is_one_clear_line(env, tmp_path, command):
    (tmp_path / "a-file").write_text("")
    result = run(
        env | {"GAGGLE_DATA_DIR": str(tmp_path / "a-file" / "data")}, *command, check_ok=False
    )
    fails_cleanly(result, str(tmp_path / "a-file" / "data"))


def _arguments_to_reach_the_database(path: tuple[str, ...], command: click.Command) -> list[str]:
    """Values for `command`'s required parameters: enough to pass click and the command's own
    checks of its arguments, which come before it opens the database."""
    values = {("tokens", "revoke"): ["--user", "kim@example.com"]}.get(path, [])
    for parameter in command.params:
        value = (
            parameter.type.choices[0]
            if isinstance(parameter.type, click.Choice)
            else "kim@example.com"
        )
        if isinstance(parameter, click.Argument):
            values.append(value)
        elif parameter.required or parameter.prompt:
            values += [parameter.opts[0], value]
    return values


def test_only_migrate_demo_and_serve_create_the_sqlite_folder(env, tmp_path):
    folder = tmp_path / "new"
    env = env | {"GAGGLE_DATA_DIR": str(folder)}
    for path, command in _commands():
        if isinstance(command, click.Group) or path in (("migrate",), ("demo",), ("serve",)):
            continue  # serve: test_serve_migrates_and_answers_on_127_0_0_1
        result = run(env, *path, *_arguments_to_reach_the_database(path, command), check_ok=False)
        fails_cleanly(result, f"no folder {folder}")
        assert not folder.exists(), path
    for url in (None, f"sqlite:///{tmp_path / 'elsewhere' / 'gaggle.sqlite3'}"):
        run(env | {"DATABASE_URL": url}, "migrate")
    assert folder.is_dir() and (tmp_path / "elsewhere" / "gaggle.sqlite3").is_file()
    run(env | {"GAGGLE_DATA_DIR": str(tmp_path / "demo")}, "demo")
    assert (tmp_path / "demo" / "gaggle.sqlite3").is_file()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "GAGGLE_ACCESS_TOKEN_EXPIRES",
            "soon",
            "GAGGLE_ACCESS_TOKEN_EXPIRES must be a whole number",
        ),
        ("GAGGLE_THREADS", "0", "GAGGLE_THREADS must be at least 1, not 0"),
    ],
)
def test_bad_setting_is_one_clear_line(env, name, value, message):
    fails_cleanly(run(env | {name: value}, "migrate", check_ok=False), message)


def test_migrate_then_again_is_a_no_op(env):
    assert "applied" in run(env, "migrate").stdout
    assert "applied 0 migration(s)" in run(env, "migrate").stdout


def test_demo_seeds_once_and_prints_a_login(env):
    first = run(env, "demo").stdout
    assert "admin@demo.gaggle.test" in first and "password" in first
    second = run(env, "demo").stdout
    assert "Already seeded" in second
    duplicate = run(
        env,
        "users",
        "create",
        "--email",
        "admin@demo.gaggle.test",
        "--password",
        "a long secret phrase",
        check_ok=False,
    )
    fails_cleanly(duplicate, "already exists")


@pytest.mark.live
def test_serve_migrates_and_answers_on_127_0_0_1(env, tmp_path):
    # A data directory that does not exist yet: serve makes it, as migrate and demo do.
    env = env | {"GAGGLE_DATA_DIR": str(tmp_path / "new")}
    with running_server(process_env(env)) as (base, output):
        response = urllib.request.urlopen(f"{base}/api/v/2.0/", timeout=5)
        assert response.status == 200
        response.close()
    for url in ("/api/v/2.0/", "/api/v/2.0/ui/", "/graphql", "/accounts/login/"):
        assert f"{base}{url}\n" in output[0]
    assert (tmp_path / "new" / "gaggle.sqlite3").is_file()


@pytest.mark.live
@pytest.mark.parametrize("taken", ["--port", "GAGGLE_METRICS_PORT"])
def test_serve_on_a_busy_port_says_so_in_one_line(env, taken):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args, settings = (
            (["--port", str(port)], {}) if taken == "--port" else ([], {taken: str(port)})
        )
        serve = subprocess.run(
            [*GAGGLE, "serve", "--host", "127.0.0.1", *args],
            env=process_env(env | settings),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert serve.returncode == 1 and serve.stdout == ""  # no URLs of a server that is not there
    assert serve.stderr.splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_apps_create_prints_credentials_that_work(env, tmp_path):
    run(env, "users", "create", "--email", "dev@example.com", "--password", "a long secret phrase")
    result = run(
        env,
        "apps",
        "create",
        "--owner",
        "dev@example.com",
        "--name",
        "Sync",
        "--grant-type",
        "password",
        "--client-type",
        "confidential",
    )
    credentials = json.loads(result.stdout)
    assert set(credentials) == {"client_id", "client_secret"}
    assert len(credentials["client_secret"]) >= 40
    public = json.loads(
        run(
            env,
            "apps",
            "create",
            "--owner",
            "dev@example.com",
            "--name",
            "SPA",
            "--grant-type",
            "authorization-code",
            "--client-type",
            "public",
            "--redirect-uris",
            "https://spa.example.com/cb",
        ).stdout
    )
    assert public["client_secret"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "ghost@example.com"], "no user with the email"),
        (["--redirect-uris", "http://insecure.example.com/cb"], "must use https"),
        (["--redirect-uris", ""], "at least one redirect URI"),
    ],
)
def test_apps_create_refuses_bad_input(env, args, message):
    run(env, "users", "create", "--email", "dev@example.com", "--password", "a long secret phrase")
    base = {"--owner": "dev@example.com", "--redirect-uris": "https://ok.example.com/cb"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [item for pair in base.items() for item in pair]
    result = run(
        env,
        "apps",
        "create",
        "--name",
        "X",
        "--grant-type",
        "authorization-code",
        "--client-type",
        "confidential",
        *flat,
        check_ok=False,
    )
    fails_cleanly(result, message)


def test_tokens_cleanup_deletes_what_nothing_needs_and_keeps_the_rest(env):
    user = run(
        env, "users", "create", "--email", "dev@example.com", "--password", "a long secret phrase"
    )
    client_id = json.loads(
        run(
            env,
            *("apps", "create", "--owner", "dev@example.com", "--name", "Sync"),
            *("--grant-type", "password", "--client-type", "public"),
        ).stdout
    )["client_id"]
    database = Database(f"sqlite:///{Path(env['GAGGLE_DATA_DIR']) / 'gaggle.sqlite3'}")
    with database.reading() as session:
        application_id = session.scalar(
            select(Application.id).where(Application.client_id == client_id)
        )
    now = dt.datetime.now(dt.UTC)
    past, future = now - dt.timedelta(minutes=5), now + dt.timedelta(hours=1)
    serial = iter(range(1000))

    def row(model, name, **fields):
        common = {
            "application_id": application_id,
            "user_id": json.loads(user.stdout)["id"],
            "scope": "all",
        }
        if model is AuthorizationCode:
            common |= {"code_digest": name, "redirect_uri": "https://x.example/cb"}
        else:
            common |= {"token_digest": name, "family": f"family-{next(serial)}"}
        return model(**common | fields)

    with database.transaction() as session:
        session.add_all(
            [
                row(AuthorizationCode, "code-expired", expires=past),
                row(AuthorizationCode, "code-expired-used", expires=past, used_at=past),
                row(AuthorizationCode, "code-live", expires=future),
            ]
        )
        session.flush()
        code_ids = {c.code_digest: c.id for c in session.scalars(select(AuthorizationCode))}
        session.add_all(
            [
                row(AccessToken, "access-expired", expires=past),
                row(AccessToken, "access-revoked", expires=future, revoked_at=past),
                row(AccessToken, "access-live", expires=future),
                # Issued from a code that has expired since: the token stays, the link goes.
                row(
                    AccessToken,
                    "access-live-from-code",
                    expires=future,
                    authorization_code_id=code_ids["code-expired-used"],
                ),
            ]
        )
        session.flush()
        access_ids = {a.token_digest: a.id for a in session.scalars(select(AccessToken))}
        session.add_all(
            [
                row(RefreshToken, "refresh-expired", expires=past),
                row(RefreshToken, "refresh-rotated", expires=future, rotated_at=past),
                row(RefreshToken, "refresh-revoked", expires=future, revoked_at=past),
                # Live, though the access token issued with it was revoked by a rotation.
                row(
                    RefreshToken,
                    "refresh-live",
                    expires=future,
                    access_token_id=access_ids["access-revoked"],
                    authorization_code_id=code_ids["code-expired-used"],
                ),
            ]
        )

    user_id = json.loads(user.stdout)["id"]
    with database.transaction() as session:
        week = dt.timedelta(days=7)
        session.add_all(
            [
                UserSession(
                    key_digest="session-expired", user_id=user_id, created=past - week, expires=past
                ),
                UserSession(
                    key_digest="session-live", user_id=user_id, created=now, expires=future
                ),
                RateLimitBucket(key="forgotten", failures=3, last_failure=now - week, subjects={}),
                RateLimitBucket(key="recent", failures=3, last_failure=now, subjects={}),
            ]
        )

    result = run(env, "tokens", "cleanup", "--batch-size", "1")
    assert json.loads(result.stdout) == {
        "authorization_codes": 2,
        "access_tokens": 2,
        "refresh_tokens": 1,
        "sessions": 1,
        "rate_limit_counters": 1,
    }
    with database.reading() as session:
        assert set(session.scalars(select(AuthorizationCode.code_digest))) == {"code-live"}
        assert set(session.scalars(select(AccessToken.token_digest))) == {
            "access-live",
            "access-live-from-code",
        }
        assert set(session.scalars(select(RefreshToken.token_digest))) == {
            "refresh-rotated",
            "refresh-revoked",
            "refresh-live",
        }
        live = session.scalar(
            select(RefreshToken).where(RefreshToken.token_digest == "refresh-live")
        )
        assert live.access_token_id is None and live.authorization_code_id is None
        from_code = session.scalar(
            select(AccessToken).where(AccessToken.token_digest == "access-live-from-code")
        )
        assert from_code.authorization_code_id is None
    database.dispose()

    with database.reading() as session:
        assert set(session.scalars(select(UserSession.key_digest))) == {"session-live"}
        assert set(session.scalars(select(RateLimitBucket.key))) == {"recent"}

    again = run(env, "tokens", "cleanup")
    assert json.loads(again.stdout) == {
        "authorization_codes": 0,
        "access_tokens": 0,
        "refresh_tokens": 0,
        "sessions": 0,
        "rate_limit_counters": 0,
    }


@pytest.mark.live
def test_demo_credentials_get_a_token_from_a_live_server(env):
    # Seeded by the command a user runs, so the demo's passwords have their production cost.
    subprocess.run([*GAGGLE, "demo"], env=process_env(env), check=True, capture_output=True)
    form = urllib.parse.urlencode(
        {
            "grant_type": "password",
            "username": "admin@demo.gaggle.test",
            "password": "gaggle-demo-2026",
        }
    ).encode()
    with running_server(process_env(env)) as (base, _output):
        request = urllib.request.Request(
            f"{base}/o/token/",
            data=form,
            headers={
                "Authorization": "Basic "
                + base64.b64encode(b"gaggle-demo-client:gaggle-demo-client-secret").decode()
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.load(response)
    assert token["scope"] == "all" and token["expires_in"] == 36000
