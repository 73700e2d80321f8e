"""Server-rendered pages: login, logout, application registration, consent, authorized apps.

They work without JavaScript. Every form carries a CSRF token tied to the session, and every
page forbids framing and sends no referrer. The consent form posts only an id: what is being
authorized (client, scopes, redirect URI) stays in the signed session, so it cannot be
tampered with on the way back.
"""

from __future__ import annotations

import functools
import secrets
from urllib.parse import urlencode, urlsplit

import flask
from oauthlib.common import add_params_to_uri
from oauthlib.oauth2.rfc6749 import errors as oauth_errors
from sqlalchemy import select

from gaggle import db, passwords, spec
from gaggle.models.base import utcnow
from gaggle.models.oauth import (
    Application,
    ApplicationError,
    authorized_applications,
    create_application,
    revoke_user_grants,
    update_application,
)
from gaggle.models.people import User, find_user_by_email
from gaggle.oauth.server import server
from gaggle.oauth.validator import TooManyAttempts, check_limit, limiter, record_failure
from gaggle.routing import raw_url
from gaggle.tokens import same
from gaggle.validation import nul_in

pages = flask.Blueprint("pages", __name__)

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@pages.after_request
def _security_headers(response: flask.Response) -> flask.Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def csrf_token() -> str:
    token = flask.session.get("csrf")
    if token is None:
        token = flask.session["csrf"] = secrets.token_urlsafe(32)
    return token


@pages.app_context_processor
def _template_globals() -> dict:
    return {"csrf_token": csrf_token, "user": current_user()}


@pages.before_request
def _check_input() -> flask.Response | None:
    """Refuse NUL characters (no text field can hold one) and forms without the CSRF token."""
    request = flask.request
    if nul_in(list(request.args.values()) + list(request.form.values())):
        return _error(400, "Invalid request", "The request holds a NUL character.")
    if flask.request.method == "POST":
        sent = flask.request.form.get("csrf_token", "")
        expected = flask.session.get("csrf")
        if not expected or not same(sent, expected):
            return _error(400, "Form expired", "The form was stale or forged; reload it.")
    return None


def _error(status: int, title: str, message: str) -> flask.Response:
    response = flask.make_response(
        flask.render_template("error.html", title=title, message=message), status
    )
    return response


def current_user() -> User | None:
    user_id = flask.session.get("user_id")
    if user_id is None:
        return None
    with db.reading() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return None
        return user


def _to_login() -> flask.Response:
    """To the login page, which comes back here afterwards."""
    target = flask.request.full_path if flask.request.query_string else flask.request.path
    return flask.redirect(f"/accounts/login/?{urlencode({'next': target})}")


def login_required(view):
    """Send anonymous visitors to the login page (and back); pass the user to the view."""

    @functools.wraps(view)
    def wrapper(**kwargs):
        user = current_user()
        return _to_login() if user is None else view(user, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, never a scheme-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/o/applications/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/o/applications/"


# -- accounts ------------------------------------------------------------------------------


@pages.route("/accounts/login/", methods=["GET", "POST"])
def login():
    next_url = _safe_next(flask.request.values.get("next"))
    if flask.request.method == "GET":
        return flask.render_template("login.html", next=next_url, username="", error=None)
    username = flask.request.form.get("username", "").strip()
    password = flask.request.form.get("password", "")
    key = f"login:{username.lower()}"
    try:
        check_limit(key)
    except TooManyAttempts as exc:
        response = flask.make_response(
            flask.render_template(
                "login.html",
                next=next_url,
                username=username,
                error="Too many failed attempts. Wait a few minutes and try again.",
            ),
            429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    with db.reading() as session:
        user = find_user_by_email(session, username)
        if user is None:
            passwords.burn_time(password)
        ok = user is not None and user.is_active and user.check_password(password)
    if not ok:
        record_failure(key)
        return flask.make_response(
            flask.render_template(
                "login.html",
                next=next_url,
                username=username,
                error="The email or password is not right.",
            ),
            400,
        )
    with db.transaction() as session:
        limiter().reset(session, key)
        session.get(User, user.id).last_login = utcnow()
    # A new session on login: nothing from before (or planted) carries over.
    flask.session.clear()
    flask.session["user_id"] = user.id
    flask.session["csrf"] = secrets.token_urlsafe(32)
    return flask.redirect(next_url)


@pages.route("/accounts/logout/", methods=["GET", "POST"])
def logout():
    if flask.request.method == "POST":
        flask.session.clear()
    return flask.render_template("logout.html")


# -- applications --------------------------------------------------------------------------


def _own_application(session, user: User, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.owner_id != user.id:
        flask.abort(_error(404, "Not found", "No such application."))
    return application


def _form_values(application: Application | None = None) -> dict:
    form = flask.request.form
    if flask.request.method == "POST":
        return {
            "name": form.get("name", ""),
            "grant_type": form.get("grant_type", "authorization-code"),
            "client_type": form.get("client_type", "confidential"),
            "redirect_uris": form.get("redirect_uris", ""),
            "require_pkce": form.get("require_pkce") == "on",
        }
    if application is not None:
        return {
            "name": application.name,
            "redirect_uris": application.redirect_uris,
            "require_pkce": application.require_pkce,
        }
    return {
        "name": "",
        "grant_type": "authorization-code",
        "client_type": "confidential",
        "redirect_uris": "",
        "require_pkce": True,
    }


@pages.route("/o/applications/")
@login_required
def list_applications(user: User):
    with db.reading() as session:
        applications = session.scalars(
            select(Application).where(Application.owner_id == user.id).order_by(Application.name)
        ).all()
    return flask.render_template("applications.html", applications=applications)


@pages.route("/o/applications/register/", methods=["GET", "POST"])
@login_required
def register_application(user: User):
    form = _form_values()
    if flask.request.method == "GET":
        return flask.render_template("application_form.html", form=form, application=None)
    try:
        with db.transaction() as session:
            application, secret = create_application(
                session=session, owner=session.get(User, user.id), **form
            )
    except ApplicationError as exc:
        return flask.make_response(
            flask.render_template(
                "application_form.html", form=form, application=None, error=str(exc)
            ),
            400,
        )
    return flask.render_template("application_detail.html", application=application, secret=secret)


@pages.route("/o/applications/<int:application_id>/")
@login_required
def show_application(user: User, application_id: int):
    with db.reading() as session:
        application = _own_application(session, user, application_id)
    return flask.render_template("application_detail.html", application=application, secret=None)


@pages.route("/o/applications/<int:application_id>/update/", methods=["GET", "POST"])
@login_required
def edit_application(user: User, application_id: int):
    with db.reading() as session:
        application = _own_application(session, user, application_id)
    form = _form_values(application)
    if flask.request.method == "GET":
        return flask.render_template("application_form.html", form=form, application=application)
    try:
        with db.transaction() as session:
            application = _own_application(session, user, application_id)
            update_application(
                application,
                name=form["name"],
                redirect_uris=form["redirect_uris"],
                require_pkce=form["require_pkce"],
            )
    except ApplicationError as exc:
        return flask.make_response(
            flask.render_template(
                "application_form.html", form=form, application=application, error=str(exc)
            ),
            400,
        )
    return flask.redirect(f"/o/applications/{application_id}/", 303)


@pages.route("/o/applications/<int:application_id>/delete/", methods=["POST"])
@login_required
def delete_application(user: User, application_id: int):
    with db.transaction() as session:
        session.delete(_own_application(session, user, application_id))
    return flask.redirect("/o/applications/", 303)


# -- authorization -------------------------------------------------------------------------


def _scope_texts(scopes: list[str]) -> list[tuple[str, str]]:
    flows = spec.bundled()["components"]["securitySchemes"]["oauth2"]["flows"]
    catalogue = flows["authorizationCode"]["scopes"]
    return [(scope, catalogue.get(scope, scope)) for scope in scopes]


@pages.route("/o/authorize/", methods=["GET"])
def authorize():
    request = flask.request
    try:
        scopes, credentials = server().authorization.validate_authorization_request(
            raw_url(request), "GET", "", dict(request.headers)
        )
    except ValueError:  # oauthlib refuses a query string that is not form-urlencoded
        return _error(400, "Invalid authorization request", "The query string is malformed.")
    except oauth_errors.FatalClientError as exc:
        # Unknown client or unregistered redirect URI: never redirect anywhere.
        return _error(400, "Invalid authorization request", exc.description or exc.error)
    except oauth_errors.OAuth2Error as exc:
        return flask.redirect(exc.in_uri(exc.redirect_uri))
    user = current_user()
    if user is None:
        return _to_login()
    client = credentials["request"].client
    consent_id = secrets.token_urlsafe(16)
    flask.session["consent"] = {
        "id": consent_id,
        "uri": raw_url(request),
        "client_id": client.client_id,
        "redirect_uri": credentials["redirect_uri"],
        "scopes": scopes,
        "state": credentials.get("state"),
        "user_id": user.id,
    }
    return flask.render_template(
        "consent.html",
        application=client,
        scopes=_scope_texts(scopes),
        consent_id=consent_id,
        redirect_host=urlsplit(credentials["redirect_uri"]).netloc,
    )


@pages.route("/o/authorize/", methods=["POST"])
@login_required
def decide_authorization(user: User):
    pending = flask.session.pop("consent", None)
    sent_id = flask.request.form.get("consent_id", "")
    if not pending or pending["user_id"] != user.id or not same(sent_id, pending["id"]):
        return _error(400, "Invalid authorization request", "This consent form is no longer valid.")
    if flask.request.form.get("decision") != "allow":
        params = [("error", "access_denied")]
        if pending["state"]:
            params.append(("state", pending["state"]))
        return flask.redirect(add_params_to_uri(pending["redirect_uri"], params))
    try:
        headers, _, status = server().authorization.create_authorization_response(
            pending["uri"], "GET", "", {}, scopes=pending["scopes"], credentials={"user": user.id}
        )
    except oauth_errors.FatalClientError as exc:
        return _error(400, "Invalid authorization request", exc.description or exc.error)
    return flask.redirect(headers["Location"], status)


# -- authorized applications ---------------------------------------------------------------


@pages.route("/o/authorized_tokens/")
@login_required
def list_authorized_applications(user: User):
    with db.reading() as session:
        applications = authorized_applications(session, user, utcnow())
    return flask.render_template("authorized_tokens.html", applications=applications)


@pages.route("/o/authorized_tokens/<int:application_id>/delete/", methods=["POST"])
@login_required
def revoke_authorized_application(user: User, application_id: int):
    with db.transaction() as session:
        revoke_user_grants(session, user, application_id, utcnow())
    return flask.redirect("/o/authorized_tokens/", 303)
