"""One pipeline: every route the server answers is documented (or a listed page), routed the same
way, and every error of every route goes through the one exception mapping (gaggle.errors).
Also pins the Connexion behaviour that gaggle.app relies on."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from connexion.apps.flask import FlaskOperation
from connexion.decorators import FlaskDecorator
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.routing import Route

from gaggle import db, errors, migrations, runtime, spec
from gaggle.app import DOCUMENT_ROUTES, create_app
from gaggle.bridge import WSGIBridge
from gaggle.settings import Settings
from tests.answers import assert_problem
from tests.builders import PASSWORD
from tests.oauth.conftest import basic
from tests.test_metrics import sample

PROBLEM = "application/problem+json"

# The server-rendered pages (gaggle.pages): HTML for people, not operations of either document.
PAGES = {
    ("/", "GET"),
    ("/favicon.ico", "GET"),
    ("/account/applications/", "GET"),
    ("/account/applications/register/", "GET"),
    ("/accounts/login/", "GET"),
    ("/accounts/login/", "POST"),
    ("/accounts/logout/", "GET"),
    ("/accounts/logout/", "POST"),
    ("/o/applications/", "GET"),
    ("/o/applications/register/", "GET"),
    ("/o/applications/register/", "POST"),
    ("/o/applications/{application_id}/", "GET"),
    ("/o/applications/{application_id}/update/", "GET"),
    ("/o/applications/{application_id}/update/", "POST"),
    ("/o/applications/{application_id}/delete/", "POST"),
    ("/o/authorized_tokens/", "GET"),
    ("/o/authorized_tokens/{application_id}/delete/", "POST"),
}
DOCUMENTED = {
    (full, method.upper())
    for _, full, item in spec.served_paths()
    for method in ("get", "put", "post", "delete", "patch")
    if method in item
}


def _routes(app) -> set[tuple[str, str]]:
    """(path template, method) of every rule in Flask's URL map, the one router."""
    found = set()
    for rule in app.app.url_map.iter_rules():
        template = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((template, method))
    return found


def test_every_route_is_in_a_document_or_a_listed_page(app):
    # The documents themselves, and Swagger UI's page with its assets.
    documents = {(path, "GET") for path in DOCUMENT_ROUTES}
    documents |= {("/api/v/2.0/ui/", "GET"), ("/api/v/2.0/ui/{name}", "GET")}
    assert _routes(app) - DOCUMENTED - PAGES - documents == set()


def test_every_documented_operation_and_page_is_routed(app):
    assert _routes(app) >= DOCUMENTED | PAGES


def test_operations_use_decorators_built_once(app):
    # Connexion registers operations as FlaskOperation views, which rebuild their decorators on
    # every call; gaggle.app builds the stack eagerly and swaps each for its built chain.
    endpoints = [e for e in app.app.view_functions if e.startswith(("api.", "oauth."))]
    assert len(endpoints) == len(DOCUMENTED)
    assert not [e for e in endpoints if isinstance(app.app.view_functions[e], FlaskOperation)]
    operation = FlaskOperation(lambda: None, None, "probe", False)
    assert operation.fn is not operation.fn  # what made the swap worth it


def test_no_request_builds_decorators_or_uri_parsers(client, make, monkeypatch):
    # Connexion's FlaskDecorator builds its chain and URI parser on every call; gaggle.app
    # builds each operation's once, the parser on the operation's first request.
    headers = make.token(make.user())
    assert client.get("/api/v/2.0/userprofiles/me/", headers=headers).status_code == 200
    built = []
    decorate, parser = FlaskDecorator.decorate, FlaskDecorator.uri_parser
    monkeypatch.setattr(
        FlaskDecorator, "decorate", lambda self, fn: built.append("chain") or decorate(self, fn)
    )
    monkeypatch.setattr(
        FlaskDecorator,
        "uri_parser",
        property(lambda self: built.append("parser") or parser.fget(self)),
    )
    for _ in range(3):
        assert client.get("/api/v/2.0/userprofiles/me/", headers=headers).status_code == 200
    assert built == []


@pytest.mark.parametrize("path", sorted(spec.bundled("api")["paths"]))
def test_a_request_is_matched_only_against_the_routes_of_its_first_segment(
    client, monkeypatch, path
):
    # Starlette tries an API's routes in turn; gaggle.routing.BySegmentRouter tries only those
    # whose path starts like the request's, so a path late in the document costs no more.
    segment = path.split("/")[1]
    routes = sum(
        len(item.keys() & {"get", "put", "post", "patch", "delete"})
        for other, item in spec.bundled("api")["paths"].items()
        if other.split("/")[1] == segment
    )
    tried = []
    matches = Route.matches
    monkeypatch.setattr(
        Route, "matches", lambda self, scope: tried.append(self) or matches(self, scope)
    )
    concrete = re.sub(r"\{[^}]+\}", "1", path)
    assert client.get(f"{spec.API_BASE_PATH}{concrete}").status_code != 404
    assert 0 < len(tried) <= routes


def test_flask_runs_behind_gaggles_bridge_on_the_apps_threads(app, client, monkeypatch):
    # Connexion calls its Flask adapter through `_middleware_app.asgi_app`, which gaggle.app
    # replaces with gaggle.bridge; a probe handler sees which thread it runs on.
    assert isinstance(app._middleware_app.asgi_app, WSGIBridge)
    seen = []
    monkeypatch.setitem(
        app.app.view_functions,
        "api.gaggle_handlers_meta_get_api_root",
        lambda: seen.append(threading.current_thread().name) or {},
    )
    assert client.get("/api/v/2.0/").status_code == 200
    assert seen and seen[0].startswith("gaggle")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/api/v/2.0/oneonones/1/actionitems/0//"),
        ("GET", "/api/v/2.0//recognitions/"),
        ("GET", "/healthz//"),
        ("POST", "/o//token/"),
    ],
)
def test_doubled_slashes_are_a_404_problem_never_a_redirect(client, method, path):
    response = client.request(method, path, headers={"Host": "evil.example"})
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "location" not in response.headers
    assert response.json()["status"] == 404


CONTROLS = ("%0A", "%0D", "%09", "%00")


def _with_a_control_character(template: str) -> list[str]:
    """`template` with each control character in each of its parameters in turn (the others
    1), or at the end of its last segment when it has none, with and without the slash."""
    parameters = re.findall(r"\{[^}]+\}", template) or [None]
    found = []
    for parameter in parameters:
        for control in CONTROLS:
            if parameter is None:
                path = re.sub(r"(/?)$", control + r"\1", template, count=1)
            else:
                path = re.sub(r"\{[^}]+\}", "1", template.replace(parameter, control, 1))
            found += [path, path[:-1] if path.endswith("/") else path + "/"]
    return found


@pytest.mark.parametrize(("path", "method"), sorted(DOCUMENTED | PAGES))
def test_a_control_character_in_a_path_is_a_404_problem_never_a_redirect(client, path, method):
    # A line feed passes a pattern's `$`, which matches before a final newline: left to the
    # routers, `/keyresults/%0A/` and `/keyresults/%0A` redirected to each other forever.
    for sent in _with_a_control_character(path):
        response = client.request(method, sent, follow_redirects=False)
        assert response.status_code == 404, (method, sent)
        assert response.headers["content-type"] == PROBLEM
        assert "location" not in response.headers
        assert "control character U+00" in response.json()["detail"], (method, sent)


def test_an_unexpected_error_is_a_500_problem_and_a_logged_traceback(
    app, client, caplog, monkeypatch
):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.app.view_functions, "api.gaggle_handlers_meta_get_api_root", broken)
    response = client.get("/api/v/2.0/", headers={"X-Request-ID": "r-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 500 and "request id" in response.json()["detail"]
    assert "boom" not in response.text
    [error] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert error.request_id == "r-500" and error.exc_info


# More result columns than either database takes in one statement (SQLite 2000, PostgreSQL 1664).
TOO_WIDE = "SELECT " + ", ".join(["1"] * 2100)


def test_a_statement_the_database_refuses_is_the_servers_failure_not_an_outage(
    app, client, caplog, monkeypatch
):
    def too_wide():
        with db.reading() as session:
            session.execute(text(TOO_WIDE))

    monkeypatch.setitem(app.app.view_functions, "api.gaggle_handlers_meta_get_api_root", too_wide)
    counted = app.runtime.metrics.exposition
    before = sample(counted().decode(), "gaggle_database_errors_total")
    response = client.get("/api/v/2.0/")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "database" not in response.json()["detail"]
    [error] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert error.getMessage() == "unhandled OperationalError" and error.exc_info
    assert sample(counted().decode(), "gaggle_database_errors_total") == before


def _deadlock(engine) -> OperationalError:
    """The error of the transaction PostgreSQL ends when two of them wait on each other."""
    lost: list[OperationalError] = []

    def lock(connection, key: int) -> None:
        try:
            connection.execute(text(f"SELECT pg_advisory_xact_lock({key})"))
        except OperationalError as error:
            lost.append(error)
            connection.rollback()

    with engine.connect() as one, engine.connect() as two:
        lock(one, 1)
        lock(two, 2)
        waiting = threading.Thread(target=lock, args=(one, 2))
        waiting.start()
        lock(two, 1)  # PostgreSQL ends one of the two after its deadlock_timeout (1 s)
        waiting.join(timeout=60)
    [error] = lost
    return error


def test_a_transaction_that_loses_a_deadlock_is_a_conflict_not_an_outage(
    app, client, caplog, monkeypatch
):
    engine = db.current().engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    error = _deadlock(engine)

    def lost():
        raise error

    monkeypatch.setitem(app.app.view_functions, "api.gaggle_handlers_meta_get_api_root", lost)
    response = client.get("/api/v/2.0/")
    assert response.status_code == 409
    assert response.json()["detail"] == errors.CONFLICT
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_page_failing_inside_flask_gets_the_same_problem_as_the_api(tmp_path):
    # Nothing listens on port 1: every database call fails at once.
    down = Settings.from_env(
        data_dir=tmp_path, secret_key="x", database_url="postgresql://gaggle@127.0.0.1:1/gaggle"
    )
    client = create_app(down).test_client()
    page = client.get("/accounts/login/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/", data={"username": "a@b.example", "password": "x", "csrf_token": csrf}
    )
    api = client.get("/readyz")
    assert response.status_code == api.status_code == 503
    assert response.headers["content-type"] == api.headers["content-type"] == PROBLEM
    assert response.json()["title"] == api.json()["title"]
    assert response.headers["retry-after"]


def test_two_apps_with_different_settings_serve_side_by_side_in_one_process(
    tmp_path, make, database_url, empty_database
):
    """Each app keeps its own settings, database and threads: nothing is process-wide."""
    migrations.upgrade(empty_database)
    first = create_app(
        Settings.from_env(data_dir=tmp_path, secret_key="1", database_url=database_url)
    )
    second = create_app(
        Settings.from_env(
            data_dir=tmp_path,
            secret_key="2",
            database_url=empty_database.url,
            access_token_expires=60,
            default_scopes=("recognition:read",),
            threads=1,
        )
    )
    clients = {}
    for name, app in (("first", first), ("second", second)):
        with runtime.active(app.runtime):
            user = make.user(email="same@acme.example")
            client_app = make.password_app(user)
        clients[name] = (app.test_client(), client_app)
    answers = {}
    for _ in range(2):  # interleaved, so neither app can lean on the other's last request
        for name, (client, client_app) in clients.items():
            response = client.post(
                "/o/token/",
                data={
                    "grant_type": "password",
                    "username": "same@acme.example",
                    "password": PASSWORD,
                },
                headers=basic(client_app),
            )
            assert response.status_code == 200, response.text
            answers[name] = response.json()
    assert answers["first"]["expires_in"] == 36000 and answers["first"]["scope"] == "all"
    assert answers["second"]["expires_in"] == 60
    assert answers["second"]["scope"] == "recognition:read"
    # A token is only good on the app (and database) that issued it.
    for name, (client, _) in clients.items():
        for issuer, answer in answers.items():
            me = client.get(
                "/api/v/2.0/userprofiles/me/",
                headers={"Authorization": f"Bearer {answer['access_token']}"},
            )
            if name != issuer:
                assert_problem(me, 401, "The access token is unknown, expired or revoked.")
            elif name == "first":
                assert me.status_code == 200
            else:
                # recognition:read only
                assert_problem(me, 403, "This operation needs the scope userprofile:read.")
    assert first.runtime.executor._max_workers == 4 and second.runtime.executor._max_workers == 1
    first.runtime.close()
    second.runtime.close()
