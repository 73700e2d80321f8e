"""RFC 6749 §4.1 with PKCE (RFC 7636) and the RFC 9700 baseline, over HTTP."""

from __future__ import annotations

import datetime as dt
import threading
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import update

from gaggle import db
from gaggle.models.oauth import Application, AuthorizationCode
from tests.answers import assert_error_page, assert_oauth_error
from tests.oauth.conftest import REDIRECT, basic, pkce_pair


def test_full_flow_issues_a_token_and_echoes_state(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    page = logged_in.consent_page(
        app,
        redirect_uri=REDIRECT,
        code_challenge=challenge,
        code_challenge_method="S256",
        scope="objective:read",
    )
    assert page.status_code == 200
    assert "Test App" in page.text and "objective:read" in page.text
    assert "See objectives" in page.text  # the scope explained in plain words
    response = logged_in.decide(page)
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    token = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
            "state": "xyz",
        },
        basic(app),
    )
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 36000
    assert body["scope"] == "objective:read" and body["state"] == "xyz"
    assert body["access_token"] and body["refresh_token"]
    assert token.headers["cache-control"] == "no-store"
    assert token.headers["pragma"] == "no-cache"


def test_omitted_scope_gets_the_default_scope(logged_in):
    assert logged_in.code_token(logged_in.app())["scope"] == "all"


def test_deny_redirects_with_access_denied_and_state(logged_in):
    app = logged_in.app()
    _, challenge = pkce_pair()
    page = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    response = logged_in.decide(page, "deny")
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query == {"error": ["access_denied"], "state": ["xyz"], "iss": ["http://testserver"]}


def test_login_comes_first(oauth):
    app = oauth.app()
    _, challenge = pkce_pair()
    response = oauth.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    assert response.status_code == 302
    assert response.headers["location"].startswith("/accounts/login/?next=")


def test_unknown_client_is_an_error_page_never_a_redirect(logged_in):
    response = logged_in.client.get(
        "/o/authorize/?response_type=code&client_id=nope&redirect_uri=https://evil.example/",
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "location" not in response.headers


def test_unregistered_redirect_uri_is_never_redirected_to(logged_in):
    app = logged_in.app()
    _, challenge = pkce_pair()
    for uri in (
        "https://evil.example/callback",
        REDIRECT + "/extra",
        REDIRECT + "?x=1",
        "https://client.example.com/CALLBACK",
    ):
        response = logged_in.consent_page(
            app, redirect_uri=uri, code_challenge=challenge, code_challenge_method="S256"
        )
        assert response.status_code == 400, uri
        assert "location" not in response.headers


def _redirected_error(response) -> dict[str, list[str]]:
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return parse_qs(location.query)


@pytest.mark.parametrize("require_pkce", [True, False])
@pytest.mark.parametrize("response_type", ["token", "code token", "id_token", "none", "codes"])
def test_an_unsupported_response_type_is_named_before_pkce_and_scope(
    logged_in, require_pkce, response_type
):
    # RFC 6749 §4.1.2.1: once the client and redirect URI are known good, the response type
    # is the client's first error, whatever else (no PKCE challenge, a scope nobody has) is
    # wrong with the request.
    app = logged_in.app(require_pkce=require_pkce)
    response = logged_in.consent_page(
        app, response_type=response_type, redirect_uri=REDIRECT, scope="nope"
    )
    query = _redirected_error(response)
    assert query["error"] == ["unsupported_response_type"]
    assert "response_type=code" in query["error_description"][0]
    assert query["state"] == ["xyz"] and query["iss"] == ["http://testserver"]


def test_a_missing_response_type_is_named_before_pkce(logged_in):
    response = logged_in.consent_page(logged_in.app(), response_type=None, redirect_uri=REDIRECT)
    query = _redirected_error(response)
    assert query["error"] == ["invalid_request"]
    assert "response_type" in query["error_description"][0]


def test_an_application_not_registered_for_codes_is_an_unauthorized_client_before_pkce(
    logged_in,
):
    app = logged_in.app(grant_type="password", require_pkce=True)
    response = logged_in.consent_page(app, redirect_uri=REDIRECT, scope="nope")
    query = _redirected_error(response)
    assert query["error"] == ["unauthorized_client"]
    assert "authorization-code" in query["error_description"][0]


@pytest.mark.parametrize("response_type", ["token", None])
def test_client_and_redirect_uri_problems_come_before_the_response_type(logged_in, response_type):
    app = logged_in.app()
    for client_id, redirect_uri in (
        ("nope", REDIRECT),
        (app.client_id, "https://evil.example/callback"),
        ("", REDIRECT),
    ):
        query = {"response_type": response_type, "client_id": client_id}
        query["redirect_uri"] = redirect_uri
        response = logged_in.client.get(
            "/o/authorize/?" + urlencode({k: v for k, v in query.items() if v is not None}),
            follow_redirects=False,
        )
        assert response.status_code == 400, (client_id, redirect_uri)
        assert "location" not in response.headers
        assert response.headers["content-type"].startswith("text/html")


def test_loopback_redirect_may_use_any_port(logged_in):
    app = logged_in.app(redirect_uris="http://127.0.0.1/cb")
    _, challenge = pkce_pair()
    ok = logged_in.consent_page(
        app,
        redirect_uri="http://127.0.0.1:53122/cb",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    assert ok.status_code == 200
    other_path = logged_in.consent_page(
        app,
        redirect_uri="http://127.0.0.1:53122/other",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    assert_error_page(other_path, 400, "Mismatching redirect URI.")


def test_plain_pkce_is_refused(logged_in):
    app = logged_in.app()
    response = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge="a" * 43, code_challenge_method="plain"
    )
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == ["invalid_request"]


def test_challenge_without_method_is_refused(logged_in):
    app = logged_in.app()
    response = logged_in.consent_page(app, redirect_uri=REDIRECT, code_challenge="a" * 43)
    assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == ["invalid_request"]


def test_malformed_challenge_is_refused(logged_in):
    app = logged_in.app()
    for challenge in ("short", "a" * 44, "!" * 43):
        response = logged_in.consent_page(
            app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
        )
        query = parse_qs(urlsplit(response.headers["location"]).query)
        assert query["error"] == ["invalid_request"], challenge


def test_pkce_is_required_when_the_app_requires_it(logged_in):
    app = logged_in.app()
    response = logged_in.consent_page(app, redirect_uri=REDIRECT)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["invalid_request"]
    # The error says how the application's owner turns PKCE off for a legacy client.
    assert "code_challenge" in query["error_description"][0]
    assert "/o/applications/" in query["error_description"][0]


def test_wrong_or_missing_verifier_is_refused(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    for sent in (None, pkce_pair()[0], "short"):
        code = logged_in.code(app, challenge)
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
        if sent:
            data["code_verifier"] = sent
        response = logged_in.token(data, basic(app))
        assert response.status_code == 400, sent
        assert response.json()["error"] in ("invalid_grant", "invalid_request")


def test_verifier_for_a_code_without_challenge_is_a_refused_downgrade(logged_in):
    legacy = logged_in.app(require_pkce=False)
    code = logged_in.code(legacy)
    response = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": pkce_pair()[0],
        },
        basic(legacy),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_legacy_app_without_pkce_and_without_redirect_uri_in_token_request(logged_in):
    legacy = logged_in.app(require_pkce=False)
    code = logged_in.code(legacy)
    response = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": legacy.client_id,
            "client_secret": legacy.client_secret,
            "unknown_field": "x",
        }
    )
    assert response.status_code == 200, response.text


def test_an_exchange_without_redirect_uri_falls_back_to_the_first_registered(logged_in):
    # As the legacy server did: the application's first registered URI stands in, and the
    # exchange succeeds only when that is the URI the code was issued for.
    other = "https://client.example.com/other"
    app = logged_in.app(redirect_uris=f"{REDIRECT} {other}", require_pkce=False)
    code = logged_in.code(app, redirect_uri=other)
    response = logged_in.token({"grant_type": "authorization_code", "code": code}, basic(app))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    code = logged_in.code(app)  # issued for REDIRECT, the first registered
    response = logged_in.token({"grant_type": "authorization_code", "code": code}, basic(app))
    assert response.status_code == 200, response.text


def test_code_is_bound_to_redirect_uri_and_client(logged_in):
    app = logged_in.app(redirect_uris=f"{REDIRECT} https://client.example.com/other")
    other = logged_in.app()
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge)
    wrong_uri = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "https://client.example.com/other",
            "code_verifier": verifier,
        },
        basic(app),
    )
    assert_oauth_error(wrong_uri, 400, "invalid_request")
    code = logged_in.code(app, challenge)
    wrong_client = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        basic(other),
    )
    assert wrong_client.status_code == 400
    assert wrong_client.json()["error"] == "invalid_grant"


def test_code_expires_after_its_lifetime(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge)
    with db.transaction() as session:
        expires = session.query(AuthorizationCode).one().expires
        created = session.query(AuthorizationCode).one().created
        assert (expires - created) <= dt.timedelta(seconds=60)
        session.execute(
            update(AuthorizationCode).values(
                expires=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            )
        )
    response = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        basic(app),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_reused_code_fails_and_revokes_what_it_issued(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    first = logged_in.token(data, basic(app))
    assert first.status_code == 200
    assert logged_in.introspect(app, first.json()["access_token"])["active"] is True
    second = logged_in.token(data, basic(app))
    assert_oauth_error(second, 400, "invalid_grant")
    assert logged_in.introspect(app, first.json()["access_token"]) == {"active": False}
    assert logged_in.introspect(app, first.json()["refresh_token"]) == {"active": False}


def test_concurrent_exchanges_of_one_code_succeed_once(logged_in, app):
    application = logged_in.app(client_type="public")
    verifier, challenge = pkce_pair()
    code = logged_in.code(application, challenge)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": application.client_id,
    }
    answers: list[tuple[int, str | None]] = []
    barrier = threading.Barrier(10)

    def exchange():
        client = app.test_client()
        barrier.wait()
        response = client.post("/o/token/", data=data)
        answers.append((response.status_code, response.json().get("error")))

    threads = [threading.Thread(target=exchange) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        sorted(answers, key=lambda answer: answer[0])
        == [(200, None)] + [(400, "invalid_grant")] * 9
    )


def test_consent_post_cannot_be_replayed_or_forged(logged_in):
    app = logged_in.app()
    _, challenge = pkce_pair()
    page = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    first = logged_in.decide(page)
    assert first.status_code == 302
    replay = logged_in.decide(page)  # same consent id again
    assert_error_page(replay, 400, "This consent form is no longer valid.")
    assert "location" not in replay.headers
    page = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    from tests.oauth.conftest import csrf_of

    forged = logged_in.client.post(
        "/o/authorize/",
        data={
            "csrf_token": csrf_of(page.text),
            "consent_id": "made-up",
            "decision": "allow",
            "client_id": "other",
            "redirect_uri": "https://evil.example/",
            "scope": "all",
        },
        follow_redirects=False,
    )
    assert_error_page(forged, 400, "This consent form is no longer valid.")
    assert "location" not in forged.headers
    no_csrf = logged_in.client.post(
        "/o/authorize/", data={"decision": "allow"}, follow_redirects=False
    )
    assert_error_page(no_csrf, 400, "The form was stale or forged; reload it.")


def test_without_redirect_uri_the_only_registered_one_is_used(logged_in):
    app = logged_in.app(require_pkce=False)
    page = logged_in.consent_page(app)
    assert page.status_code == 200, page.text
    response = logged_in.decide(page)
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    code = parse_qs(location.query)["code"][0]
    token = logged_in.token({"grant_type": "authorization_code", "code": code}, basic(app))
    assert token.status_code == 200, token.text


def test_without_redirect_uri_an_application_with_several_is_an_error_page(logged_in):
    app = logged_in.app(redirect_uris=f"{REDIRECT} https://client.example.com/other")
    _, challenge = pkce_pair()
    response = logged_in.consent_page(app, code_challenge=challenge, code_challenge_method="S256")
    assert response.status_code == 400
    assert "location" not in response.headers


def test_a_code_for_several_scopes_gives_a_token_for_each(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge, scope="objective:read review:read")
    token = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        basic(app),
    )
    assert token.status_code == 200, token.text
    assert token.json()["scope"] == "objective:read review:read"
    claims = logged_in.introspect(app, token.json()["access_token"])
    assert claims["scope"] == "objective:read review:read"


def test_pkce_required_since_a_code_was_issued_without_a_challenge_refuses_it(logged_in):
    app = logged_in.app(require_pkce=False)
    code = logged_in.code(app)
    # The owner turns "Require PKCE" on between the authorization and the exchange.
    with db.transaction() as session:
        session.execute(update(Application).values(require_pkce=True))
    response = logged_in.token(
        {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}, basic(app)
    )
    assert_oauth_error(response, 400, "invalid_request")
    assert response.json()["error_description"] == "Code verifier required."


def test_a_reused_code_revokes_what_it_issued_and_nothing_else(logged_in):
    app = logged_in.app()
    exchanges = []
    for _ in range(2):
        verifier, challenge = pkce_pair()
        data = {
            "grant_type": "authorization_code",
            "code": logged_in.code(app, challenge),
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        }
        exchanges.append((data, logged_in.token(data, basic(app)).json()))
    (reused, revoked), (_, kept) = exchanges
    assert_oauth_error(logged_in.token(reused, basic(app)), 400, "invalid_grant")
    assert logged_in.introspect(app, revoked["access_token"]) == {"active": False}
    assert logged_in.introspect(app, kept["access_token"])["active"] is True
    assert logged_in.introspect(app, kept["refresh_token"])["active"] is True
