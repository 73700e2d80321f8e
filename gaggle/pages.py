"""Server-rendered pages: login, logout, application registration, authorized apps, and
what every HTML page shares (the consent page of `/o/authorize/`, gaggle.handlers.oauth,
included).

They work without JavaScript. Every form carries a CSRF token tied to the session, and every
HTML response forbids framing and sends no referrer.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from sqlalchemy import select

from gaggle import db, security, settings, signin, urls
from gaggle.docs import STATIC
from gaggle.models import sessions
from gaggle.models.base import utcnow
from gaggle.models.oauth import (
    Application,
    ApplicationError,
    authorized_applications,
    create_application,
    revoke_user_grants,
    update_application,
)
from gaggle.models.people import User
from gaggle.signin import TooManyAttempts
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


def security_headers(response: flask.Response) -> flask.Response:
    """Every HTML response: no framing, no referrer, no sniffing, no caching (a page that sets
    a content security policy of its own keeps it)."""
    if response.mimetype == "text/html":
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def csrf_cookie(response: flask.Response) -> flask.Response:
    """Every page of a session with a CSRF token sets the `csrftoken` cookie to it, readable
    by the page's scripts (the GraphQL IDE) and by the legacy tools that send it back as the
    `X-CSRFToken` header of their API calls (gaggle.security, the session scheme)."""
    if response.mimetype == "text/html":
        token = flask.session.get("csrf")
        if isinstance(token, str) and flask.request.cookies.get(security.CSRF_COOKIE) != token:
            response.set_cookie(
                security.CSRF_COOKIE,
                token,
                samesite="Lax",
                secure=flask.current_app.session_interface.get_cookie_secure(flask.current_app),
                httponly=False,
            )
    return response


def session_reader(app: flask.Flask) -> Callable[[str], dict | None]:
    """A reader of the pages' signed session cookie outside the pages (the API's session
    scheme): its data, or None when the signature is not the app's or has expired."""
    serializer = app.session_interface.get_signing_serializer(app)
    max_age = int(app.permanent_session_lifetime.total_seconds())

    def read(value: str) -> dict | None:
        try:
            data = serializer.loads(value, max_age=max_age)
        except BadSignature:
            return None
        return data if isinstance(data, dict) else None

    return read


def csrf_token() -> str:
    token = flask.session.get("csrf")
    if token is None:
        token = flask.session["csrf"] = secrets.token_urlsafe(32)
    return token


def here(path: str) -> str:
    """`path` of this site as a browser must ask for it: under the prefix the server is
    mounted under (GAGGLE_ROOT_PATH or a trusted proxy's X-Forwarded-Prefix)."""
    return flask.request.script_root + path


@pages.app_context_processor
def _template_globals() -> dict:
    return {"csrf_token": csrf_token, "user": current_user(), "root": flask.request.script_root}


@pages.before_request
def check_input() -> flask.Response | None:
    """Refuse NUL characters (no text field can hold one) and forms without the CSRF token."""
    request = flask.request
    if nul_in(list(request.args.values()) + list(request.form.values())):
        return error_page(400, "Invalid request", "The request holds a NUL character.")
    if flask.request.method == "POST":
        sent = flask.request.form.get("csrf_token", "")
        expected = flask.session.get("csrf")
        if not expected or not same(sent, expected):
            return error_page(400, "Form expired", "The form was stale or forged; reload it.")
    return None


def error_page(status: int, title: str, message: str) -> flask.Response:
    response = flask.make_response(
        flask.render_template("error.html", title=title, message=message), status
    )
    return response


def current_user() -> User | None:
    """The signed-in user: the one whose live server-side session the cookie names."""
    key = flask.session.get("sid")
    if not isinstance(key, str):
        return None
    with db.reading() as session:
        return sessions.session_user(session, key, utcnow())


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie (HttpOnly, SameSite=Lax), marked Secure whenever the request came
    over https, directly or through a trusted proxy."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        request = flask.request
        seen = urls.origin(
            scheme=request.scheme,
            host=request.host,
            client=request.remote_addr,
            headers=request.headers,
            settings=settings.current(),
        )
        return seen.startswith("https://")


def to_login() -> flask.Response:
    """To the login page, which comes back here afterwards."""
    target = flask.request.full_path if flask.request.query_string else flask.request.path
    return flask.redirect(here(f"/accounts/login/?{urlencode({'next': target})}"))


def login_required(view):
    """Send anonymous visitors to the login page (and back); pass the user to the view."""

    @functools.wraps(view)
    def wrapper(**kwargs):
        user = current_user()
        return to_login() if user is None else view(user, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, never a scheme-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/o/applications/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/o/applications/"


# -- the front door ------------------------------------------------------------------------


@pages.route("/")
def landing():
    """Where a browser lands: the way to the documentation, the API and the sign-in."""
    return flask.render_template("landing.html")


@pages.route("/favicon.ico")
def favicon():
    """The icon of every page, where the pages link it and where browsers ask without a link."""
    return flask.send_from_directory(STATIC, "favicon.ico", max_age=86400)


@pages.route("/account/applications/")
@pages.route("/account/applications/register/")
def legacy_applications():
    """The legacy documentation's addresses of the application pages."""
    target = flask.request.path.replace("/account/applications/", "/o/applications/", 1)
    return flask.redirect(here(target), 301)


# -- accounts ------------------------------------------------------------------------------


@pages.route("/accounts/login/", methods=["GET", "POST"])
def login():
    next_url = _safe_next(flask.request.values.get("next"))
    if flask.request.method == "GET":
        return flask.render_template("login.html", next=next_url, username="", error=None)
    username = flask.request.form.get("username", "").strip()
    password = flask.request.form.get("password", "")
    try:
        user = signin.check_user(username, password)
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
    if user is None:
        return flask.make_response(
            flask.render_template(
                "login.html",
                next=next_url,
                username=username,
                error="The email or password is not right.",
            ),
            400,
        )
    now = utcnow()
    with db.transaction() as session:
        session.get(User, user.id).last_login = now
        key = sessions.open_session(session, user.id, now)
    # A new session on login: nothing from before (or planted) carries over.
    flask.session.clear()
    flask.session["sid"] = key
    flask.session["csrf"] = secrets.token_urlsafe(32)
    return flask.redirect(here(next_url))


@pages.route("/accounts/logout/", methods=["GET", "POST"])
def logout():
    if flask.request.method == "POST":
        key = flask.session.get("sid")
        if isinstance(key, str):
            with db.transaction() as session:
                sessions.close_session(session, key)  # a copy of the cookie is now worthless
        flask.session.clear()
    return flask.render_template("logout.html")


# -- applications --------------------------------------------------------------------------


def own_application(view):
    """Pass the signed-in user's application `application_id` to the view; a 404 page when it
    is not theirs (or does not exist)."""

    @functools.wraps(view)
    def wrapper(user: User, application_id: int):
        with db.reading() as session:
            application = session.get(Application, application_id)
        if application is None or application.owner_id != user.id:
            return error_page(404, "Not found", "No such application.")
        return view(user, application)

    return wrapper


def _form_values(application: Application | None = None) -> dict:
    form = flask.request.form
    if flask.request.method == "POST":
        return {
            "name": form.get("name", ""),
            "grant_type": form.get("grant_type", "authorization-code"),
            "client_type": form.get("client_type", "confidential"),
            "redirect_uris": form.get("redirect_uris", ""),
            "require_pkce": form.get("require_pkce") == "on",
            "allowed_origins": form.get("allowed_origins", ""),
        }
    if application is not None:
        return {
            "name": application.name,
            "redirect_uris": application.redirect_uris,
            "require_pkce": application.require_pkce,
            "allowed_origins": application.allowed_origins,
        }
    return {
        "name": "",
        "grant_type": "authorization-code",
        "client_type": "confidential",
        "redirect_uris": "",
        "require_pkce": True,
        "allowed_origins": "",
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
    # Post/redirect/get, so a reload does not register again; the application's page shows
    # the secret once, from the signed session cookie, and forgets it.
    if secret is not None:
        flask.session["new_secret"] = {"application_id": application.id, "secret": secret}
    return flask.redirect(here(f"/o/applications/{application.id}/"), 303)


@pages.route("/o/applications/<int:application_id>/")
@login_required
@own_application
def show_application(user: User, application: Application):
    new = flask.session.pop("new_secret", None)
    secret = new["secret"] if new and new["application_id"] == application.id else None
    return flask.render_template("application_detail.html", application=application, secret=secret)


@pages.route("/o/applications/<int:application_id>/update/", methods=["GET", "POST"])
@login_required
@own_application
def edit_application(user: User, application: Application):
    form = _form_values(application)
    if flask.request.method == "GET":
        return flask.render_template("application_form.html", form=form, application=application)
    try:
        with db.transaction() as session:
            update_application(
                session.get(Application, application.id),
                name=form["name"],
                redirect_uris=form["redirect_uris"],
                require_pkce=form["require_pkce"],
                allowed_origins=form["allowed_origins"],
            )
    except ApplicationError as exc:
        return flask.make_response(
            flask.render_template(
                "application_form.html", form=form, application=application, error=str(exc)
            ),
            400,
        )
    return flask.redirect(here(f"/o/applications/{application.id}/"), 303)


@pages.route("/o/applications/<int:application_id>/delete/", methods=["POST"])
@login_required
@own_application
def delete_application(user: User, application: Application):
    with db.transaction() as session:
        session.delete(session.get(Application, application.id))
    return flask.redirect(here("/o/applications/"), 303)


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
    return flask.redirect(here("/o/authorized_tokens/"), 303)
