"""The operator commands: applications, users and tokens, as text or JSON, with one-line errors.

They run in process (click's runner) on a database of their own, and their effects are
checked where users meet them: the token endpoint, the API, the sign-in page.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gaggle import cli, migrations
from gaggle.app import create_app
from gaggle.demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD
from gaggle.passwords import MAX_LENGTH, MIN_LENGTH
from gaggle.settings import Settings
from tests.answers import assert_oauth_error, assert_problem
from tests.builders import PASSWORD, App
from tests.oauth.conftest import basic, csrf_of

OTHER_PASSWORD = "another long passphrase"
ADMIN = "admin@demo.gaggle.test"


@pytest.fixture
def operator(tmp_path, empty_database, make):
    """`gaggle` on an empty, migrated database, and an app serving that database."""
    migrations.upgrade(empty_database)
    env = {"DATABASE_URL": empty_database.url, "GAGGLE_DATA_DIR": str(tmp_path)}
    runner = CliRunner()

    def gaggle(*args: str, ok: bool = True):
        result = runner.invoke(cli.main, list(args), env=env, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.stderr or result.output
        return result

    app = create_app(
        Settings.from_env(data_dir=tmp_path, secret_key="x", database_url=empty_database.url)
    )
    gaggle("users", "create", "--email", "ops@example.com", "--password", PASSWORD, "--admin")
    gaggle("users", "create", "--email", "kim@example.com", "--password", PASSWORD)
    credentials = json.loads(
        gaggle(
            *("apps", "create", "--owner", "ops@example.com", "--name", "Sync"),
            *("--grant-type", "password", "--client-type", "confidential"),
        ).stdout
    )
    sync = App(credentials["client_id"], credentials["client_secret"])
    yield gaggle, app.test_client(), sync
    app.runtime.close()


def grant(client, app: App, email="kim@example.com", password=PASSWORD):
    return client.post(
        "/o/token/",
        data={"grant_type": "password", "username": email, "password": password},
        headers=basic(app),
    )


def me(client, token: str):
    return client.get("/api/v/2.0/userprofiles/me/", headers={"Authorization": f"Bearer {token}"})


def fails_in_one_line(result, fragment: str) -> None:
    assert result.exit_code != 0
    # In process, the test session's JSON log lines land on the same stderr; a user's
    # `gaggle` (which sets up no logging) prints none of them.
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith('{"ts"')]
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_apps_list_and_show_as_text_and_json(operator):
    gaggle, _, sync = operator
    listed = json.loads(gaggle("apps", "list", "--json").stdout)
    mine = next(a for a in listed if a["client_id"] == sync.client_id)
    assert mine["name"] == "Sync" and mine["owner"] == "ops@example.com" and mine["enabled"]
    assert "docs" in {a["client_id"].split("-")[-1] for a in listed}  # gaggle-docs is there too
    text = gaggle("apps", "list").stdout
    assert text.splitlines()[0].split()[:3] == ["client_id", "name", "owner"]
    assert sync.client_id in text and "Sync" in text
    shown = json.loads(gaggle("apps", "show", sync.client_id, "--json").stdout)
    assert shown == mine
    assert f"client_id: {sync.client_id}" in gaggle("apps", "show", sync.client_id).stdout
    assert "client_secret" not in json.dumps(shown)


def test_a_disabled_app_gets_no_tokens_and_its_tokens_pause(operator):
    gaggle, client, sync = operator
    token = grant(client, sync).json()["access_token"]
    assert me(client, token).status_code == 200
    assert json.loads(gaggle("apps", "disable", sync.client_id, "--json").stdout) == {
        "client_id": sync.client_id,
        "enabled": False,
    }
    assert_oauth_error(grant(client, sync), 401, "invalid_client")
    assert_problem(me(client, token), 401, "The access token is unknown, expired or revoked.")
    assert gaggle("apps", "enable", sync.client_id).stdout.strip() == f"{sync.client_id} is enabled"
    assert me(client, token).status_code == 200
    assert grant(client, sync).status_code == 200


def test_rotating_a_secret_retires_the_old_one(operator):
    gaggle, client, sync = operator
    rotated = json.loads(gaggle("apps", "rotate-secret", sync.client_id).stdout)
    assert rotated["client_id"] == sync.client_id and rotated["client_secret"] != sync.client_secret
    assert_oauth_error(grant(client, sync), 401, "invalid_client")
    assert grant(client, App(sync.client_id, rotated["client_secret"])).status_code == 200


def test_deleting_an_app_ends_its_tokens(operator):
    gaggle, client, sync = operator
    token = grant(client, sync).json()["access_token"]
    assert gaggle("apps", "delete", sync.client_id).stdout.strip() == f"{sync.client_id} is deleted"
    assert me(client, token).status_code == 401
    fails_in_one_line(gaggle("apps", "show", sync.client_id, ok=False), "no application")


def test_the_swagger_ui_client_cannot_be_deleted(operator, monkeypatch):
    gaggle, _, sync = operator
    fails_in_one_line(gaggle("apps", "delete", "gaggle-docs", ok=False), "Swagger UI")
    assert json.loads(gaggle("apps", "show", "gaggle-docs", "--json").stdout)["enabled"]
    # The client GAGGLE_DOCS_CLIENT_ID names is the one kept.
    monkeypatch.setenv("GAGGLE_DOCS_CLIENT_ID", sync.client_id)
    fails_in_one_line(gaggle("apps", "delete", sync.client_id, ok=False), "Swagger UI")
    gaggle("apps", "delete", "gaggle-docs")


def test_demo_prints_only_credentials_that_work(operator):
    gaggle, client, _ = operator
    demo = App(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    first = gaggle("demo").stdout
    assert f"client_secret {DEMO_CLIENT_SECRET}" in first
    assert f"Log in as the admin: {ADMIN} / {DEMO_PASSWORD}" in first
    assert grant(client, demo, ADMIN, DEMO_PASSWORD).status_code == 200

    rotated = json.loads(gaggle("apps", "rotate-secret", DEMO_CLIENT_ID).stdout)["client_secret"]
    gaggle("apps", "disable", DEMO_CLIENT_ID)
    gaggle("users", "set-password", ADMIN, "--password", OTHER_PASSWORD)
    gaggle("users", "deactivate", "eli@demo.gaggle.test")
    again = gaggle("demo").stdout
    assert DEMO_CLIENT_SECRET not in again and rotated not in again
    assert "secret was rotated" in again and f"gaggle apps enable {DEMO_CLIENT_ID}" in again
    assert f"{ADMIN} / {DEMO_PASSWORD}" not in again
    with_demo_password = next(line for line in again.splitlines() if DEMO_PASSWORD in line)
    assert "maria@demo.gaggle.test" in with_demo_password
    assert ADMIN not in with_demo_password and "eli@demo.gaggle.test" not in with_demo_password
    assert_oauth_error(grant(client, demo, ADMIN, DEMO_PASSWORD), 401, "invalid_client")


def test_users_list_deactivate_and_set_password(operator):
    gaggle, client, sync = operator
    users = json.loads(gaggle("users", "list", "--json").stdout)
    assert [u["email"] for u in users] == ["ops@example.com", "kim@example.com"]
    assert users[0]["is_admin"] and users[1]["active"]
    assert "kim@example.com" in gaggle("users", "list", "--network", "Default").stdout

    token = grant(client, sync).json()["access_token"]
    gaggle("users", "set-password", "kim@example.com", "--password", OTHER_PASSWORD)
    assert_problem(
        me(client, token), 401, "The access token is unknown, expired or revoked."
    )  # signed out everywhere
    assert_oauth_error(grant(client, sync), 400, "invalid_grant")
    token = grant(client, sync, password=OTHER_PASSWORD).json()["access_token"]

    done = json.loads(gaggle("users", "deactivate", "kim@example.com", "--json").stdout)
    assert done == {"email": "kim@example.com", "active": False}
    assert_problem(me(client, token), 401, "The access token is unknown, expired or revoked.")
    assert_oauth_error(grant(client, sync, password=OTHER_PASSWORD), 400, "invalid_grant")
    assert json.loads(gaggle("users", "list", "--json").stdout)[1]["active"] is False


def test_a_reactivated_user_signs_in_again_without_the_old_tokens(operator):
    gaggle, client, sync = operator
    old = grant(client, sync).json()
    gaggle("users", "deactivate", "kim@example.com")
    done = json.loads(gaggle("users", "reactivate", "kim@example.com", "--json").stdout)
    assert done == {"email": "kim@example.com", "active": True}
    assert_problem(
        me(client, old["access_token"]), 401, "The access token is unknown, expired or revoked."
    )
    refreshed = client.post(
        "/o/token/",
        data={"grant_type": "refresh_token", "refresh_token": old["refresh_token"]},
        headers=basic(sync),
    )
    assert_oauth_error(refreshed, 400, "invalid_grant")
    token = grant(client, sync).json()["access_token"]
    assert me(client, token).status_code == 200
    assert json.loads(gaggle("users", "list", "--json").stdout)[1]["active"] is True
    text = gaggle("users", "reactivate", "kim@example.com").stdout
    assert text.strip() == "kim@example.com is active"


def test_reactivating_a_user_reactivates_their_profile(operator):
    gaggle, client, sync = operator
    admin = grant(client, sync, email="ops@example.com").json()["access_token"]
    kim = me(client, grant(client, sync).json()["access_token"]).json()["id"]
    switched_off = client.patch(
        f"/api/v/2.0/userprofiles/{kim}/",
        json={"activated": False},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert switched_off.status_code == 200, switched_off.text
    assert_oauth_error(grant(client, sync), 400, "invalid_grant")
    gaggle("users", "reactivate", "kim@example.com")
    assert me(client, grant(client, sync).json()["access_token"]).status_code == 200


def test_tokens_revoke_by_user_or_by_client(operator):
    gaggle, client, sync = operator
    kims = [grant(client, sync).json()["access_token"] for _ in range(2)]
    ops = grant(client, sync, email="ops@example.com").json()["access_token"]
    revoked = json.loads(gaggle("tokens", "revoke", "--user", "kim@example.com", "--json").stdout)
    assert revoked == {"user": "kim@example.com", "access_tokens_revoked": 2}
    for token in kims:
        assert_problem(me(client, token), 401, "The access token is unknown, expired or revoked.")
    assert me(client, ops).status_code == 200
    text = gaggle("tokens", "revoke", "--client", sync.client_id).stdout
    assert text.strip() == "revoked 1 access token(s)"
    assert_problem(me(client, ops), 401, "The access token is unknown, expired or revoked.")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["apps", "disable", "no-such-client"], "no application with the client id"),
        (["apps", "rotate-secret", "gaggle-docs"], "public client"),
        (["users", "deactivate", "nobody@example.com"], "no user with the email"),
        (["users", "reactivate", "nobody@example.com"], "no user with the email"),
        (["users", "list", "--network", "No Such Net"], "no network named 'No Such Net'"),
        (["users", "set-password", "kim@example.com", "--password", "password"], "too common"),
        (["tokens", "revoke"], "exactly one of --user"),
        (["tokens", "revoke", "--user", "kim@example.com", "--client", "x"], "exactly one"),
    ],
)
def test_bad_input_is_one_clear_line(operator, args, fragment):
    gaggle, _, _ = operator
    fails_in_one_line(gaggle(*args, ok=False), fragment)


def _password(length: int) -> str:
    """A password of `length` characters, neither common nor an email address."""
    return ("Qz8-wombat-" * length)[:length]


def _signs_in(client, sync: App, email: str, password: str) -> bool:
    """Whether `password` gets a token from the password grant and a session from the sign-in
    page."""
    token = grant(client, sync, email=email, password=password)
    page = client.get("/accounts/login/")
    signed_in = client.post(
        "/accounts/login/",
        data={"username": email, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return token.status_code == 200 and signed_in.status_code == 302


@pytest.mark.parametrize("length", [MIN_LENGTH, MAX_LENGTH])
def test_passwords_of_the_shortest_and_longest_lengths_are_set_and_sign_in(operator, length):
    gaggle, client, sync = operator
    gaggle("users", "create", "--email", "lee@example.com", "--password", _password(length))
    assert _signs_in(client, sync, "lee@example.com", _password(length))
    gaggle("users", "set-password", "kim@example.com", "--password", _password(length))
    assert _signs_in(client, sync, "kim@example.com", _password(length))


@pytest.mark.parametrize(
    ("length", "fragment"),
    [
        (MIN_LENGTH - 1, f"the password must have at least {MIN_LENGTH} characters"),
        (MAX_LENGTH + 1, f"the password must have at most {MAX_LENGTH} characters"),
    ],
)
def test_passwords_one_character_too_short_or_too_long_are_refused(operator, length, fragment):
    gaggle, client, sync = operator
    create = ("users", "create", "--email", "lee@example.com")
    fails_in_one_line(gaggle(*create, "--password", _password(length), ok=False), fragment)
    assert "lee@example.com" not in gaggle("users", "list").stdout
    set_password = ("users", "set-password", "kim@example.com")
    fails_in_one_line(gaggle(*set_password, "--password", _password(length), ok=False), fragment)
    assert _signs_in(client, sync, "kim@example.com", PASSWORD)
