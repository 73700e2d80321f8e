"""The lean baseline: the API's recognitions list and detail, byte for byte, on bare Flask and
SQLAlchemy Core.

`GET /api/v/2.0/recognitions/?limit=20[&offset=N]` and `GET /api/v/2.0/recognitions/<id>/`
answer here the bodies the API answers, for the caller of the same bearer token: one statement
checks the token (by its SHA-256 digest: live, not revoked, active user and profile, enabled
application, the scope granted) and one more reads the page with its count, or the
recognition; the dicts are built by hand and written by orjson. No Connexion, no validation, no
ORM, no logging: what the API serves beyond this is what its machinery costs.
tests/test_bench_baseline.py proves the two answer the same bytes; bench/run.py measures both.

Serve it as the API is served, on the same bridge to WSGI with as many threads
(GAGGLE_THREADS), on the API's database:

    DATABASE_URL=sqlite:///path/gaggle.sqlite3 uvicorn --workers 2 bench.baseline:asgi

`create(database_url)` makes the Flask app for any database, `serve(app)` its ASGI app. URLs
are written from the request's scheme and Host header, as the API writes them at the host's
root (no GAGGLE_ROOT_PATH) behind no trusted proxy.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode

import orjson
from flask import Flask, Response, abort, request
from sqlalchemy import Integer, bindparam, exists, func, select
from sqlalchemy.engine import Connection, RowMapping

from gaggle import bridge, settings, tokens
from gaggle.db import Database
from gaggle.models.oauth import AccessToken, Application
from gaggle.models.people import User, UserProfile
from gaggle.models.recognition import Recognition, RecognitionComment, RecognitionLike

BASE = "/api/v/2.0"
SCOPE = "recognition:read"  # what the API's two operations require; `all` grants it too

TOKEN = AccessToken.__table__
APPLICATION = Application.__table__
USER = User.__table__
PROFILE = UserProfile.__table__
RECOGNITION = Recognition.__table__
LIKE = RecognitionLike.__table__
COMMENT = RecognitionComment.__table__

# The caller of a live bearer token, as gaggle/security.py finds it.
CALLER = (
    select(TOKEN.c.scope, PROFILE.c.id, PROFILE.c.network_id)
    .join_from(TOKEN, USER, USER.c.id == TOKEN.c.user_id)
    .join(PROFILE, PROFILE.c.user_id == USER.c.id)
    .join(APPLICATION, APPLICATION.c.id == TOKEN.c.application_id)
    .where(
        TOKEN.c.token_digest == bindparam("digest"),
        TOKEN.c.expires > bindparam("now", type_=TOKEN.c.expires.type),
        TOKEN.c.revoked_at.is_(None),
        USER.c.is_active.is_(True),
        PROFILE.c.activated.is_(True),
        APPLICATION.c.enabled.is_(True),
    )
)


class Person:
    """The creator's or the recipient's profile, with its user, joined into a recognition row."""

    def __init__(self, role: str) -> None:
        self.profile = PROFILE.alias(role)
        self.user = USER.alias(f"{role}_user")
        reports = PROFILE.alias(f"{role}_reports")
        self.manages = f"{role}_manages"  # whether anyone reports to them
        manages = exists().where(reports.c.reports_to_id == self.profile.c.id)
        p, u = self.profile.c, self.user.c
        self.columns = [
            *(p.id, p.network_id, p.reports_to_id, p.position, p.phone_number, p.timezone),
            *(p.about, p.hire_date, p.employee_id, p.is_admin, p.activated, p.profile_img),
            *(u.id, u.username, u.first_name, u.last_name, u.email, u.is_active, u.date_joined),
            manages.label(self.manages),
        ]

    def render(self, row: RowMapping, api: str) -> dict:
        p, u = self.profile.c, self.user.c
        hire_date, reports_to = row[p.hire_date], row[p.reports_to_id]
        return {
            "id": row[p.id],
            "url": f"{api}/userprofiles/{row[p.id]}/",
            "user": {
                "id": row[u.id],
                "url": f"{api}/users/{row[u.id]}/",
                "username": row[u.username],
                "first_name": row[u.first_name],
                "last_name": row[u.last_name],
                "email": row[u.email],
                "is_active": row[u.is_active],
                "date_joined": row[u.date_joined].isoformat(),
            },
            "network": f"{api}/networks/{row[p.network_id]}/",
            "reports_to": f"{api}/userprofiles/{reports_to}/" if reports_to else None,
            "position": row[p.position],
            "phone_number": row[p.phone_number],
            "timezone": row[p.timezone],
            "about": row[p.about],
            "hire_date": hire_date.isoformat() if hire_date else None,
            "employee_id": row[p.employee_id],
            "is_manager": bool(row[self.manages]),
            "is_admin": row[p.is_admin],
            "activated": row[p.activated],
            "profile_img": row[p.profile_img],
        }


CREATOR, RECIPIENT = Person("creator"), Person("recipient")
R = RECOGNITION.c
NEWEST_FIRST = (R.created.desc(), R.id.asc())  # the API's default order
IN_NETWORK = R.network_id == bindparam("network")

# A recognition of the caller's network with both people, counts and whether the caller likes it.
RECOGNITIONS = (
    select(
        *(R.id, R.badge_id, R.message, R.created, R.modified),
        select(func.count()).where(LIKE.c.recognition_id == R.id).scalar_subquery().label("likes"),
        select(func.count())
        .where(COMMENT.c.recognition_id == R.id)
        .scalar_subquery()
        .label("comments"),
        exists()
        .where(LIKE.c.recognition_id == R.id, LIKE.c.profile_id == bindparam("profile"))
        .label("liked"),
        *CREATOR.columns,
        *RECIPIENT.columns,
    )
    .join_from(RECOGNITION, CREATOR.profile, CREATOR.profile.c.id == R.creator_id)
    .join(CREATOR.user, CREATOR.user.c.id == CREATOR.profile.c.user_id)
    .join(RECIPIENT.profile, RECIPIENT.profile.c.id == R.recipient_id)
    .join(RECIPIENT.user, RECIPIENT.user.c.id == RECIPIENT.profile.c.user_id)
    .where(IN_NETWORK)
)
COUNT = select(func.count()).select_from(RECOGNITION).where(IN_NETWORK)
# A page picks its ids by the network and the order alone, then reads only those rows (as the
# API does: a database sorts every matching row before LIMIT), with the count beside each row.
PAGE_IDS = (
    select(R.id)
    .where(IN_NETWORK)
    .order_by(*NEWEST_FIRST)
    .limit(bindparam("limit", type_=Integer))
    .offset(bindparam("offset", type_=Integer))
)
PAGE = (
    RECOGNITIONS.add_columns(COUNT.correlate(None).scalar_subquery().label("count"))
    .where(R.id.in_(PAGE_IDS.correlate(None)))
    .order_by(*NEWEST_FIRST)
)
DETAIL = RECOGNITIONS.where(R.id == bindparam("id"))


def _recognition(row: RowMapping, api: str) -> dict:
    url = f"{api}/recognitions/{row[R.id]}/"
    return {
        "id": row[R.id],
        "url": url,
        "creator": CREATOR.render(row, api),
        "recipient": RECIPIENT.render(row, api),
        "badge": f"{api}/badges/{row[R.badge_id]}/",
        "message": row[R.message],
        "created": row[R.created].isoformat(),
        "modified": row[R.modified].isoformat(),
        "recognition_url": url,
        "likes_count": row["likes"],
        "comments_count": row["comments"],
        "liked": bool(row["liked"]),
    }


def _caller(connection: Connection) -> dict:
    """The profile and network of the request's bearer token; 401 without a live one, 403
    when it lacks the scope."""
    kind, _, token = request.headers.get("Authorization", "").partition(" ")
    found = None
    if kind.lower() == "bearer" and token:
        now = dt.datetime.now(dt.UTC)
        found = connection.execute(CALLER, {"digest": tokens.digest(token), "now": now}).first()
    if found is None:
        abort(401)
    scope, profile, network = found
    if not {"all", SCOPE} & set(scope.split()):
        abort(403)
    return {"profile": profile, "network": network}


def _origin() -> str:
    """`scheme://host` as the client addressed the request, as the API writes its URLs."""
    return f"{request.scheme}://{request.headers.get('Host') or 'localhost'}"


def _page_link(limit: int, offset: int) -> str:
    """This page's URL with its other parameters, for `limit` rows from `offset`."""
    query = [
        (name, value)
        for name, value in parse_qsl(request.query_string.decode(), keep_blank_values=True)
        if name not in ("limit", "offset")
    ]
    query += [("limit", str(limit))] + ([("offset", str(offset))] if offset else [])
    return f"{_origin()}{request.path}?{urlencode(query)}"


def _json(body: dict) -> Response:
    return Response(orjson.dumps(body) + b"\n", mimetype="application/json")


def create(database_url: str) -> Flask:
    """The lean app on the database at `database_url` (its Database as `app.database`)."""
    database = Database(database_url)
    app = Flask(__name__)
    app.database = database

    @app.get(f"{BASE}/recognitions/")
    def list_recognitions() -> Response:
        limit = request.args.get("limit", 20, type=int)
        offset = request.args.get("offset", 0, type=int)
        with database.reads() as connection:
            caller = _caller(connection)
            page = {**caller, "limit": limit, "offset": offset}
            rows = connection.execute(PAGE, page).mappings().all()
            count = rows[0]["count"] if rows else connection.scalar(COUNT, caller)
        api = _origin() + BASE
        return _json(
            {
                "count": count,
                "next": _page_link(limit, offset + limit) if offset + limit < count else None,
                "previous": _page_link(limit, max(offset - limit, 0)) if offset > 0 else None,
                "results": [_recognition(row, api) for row in rows],
            }
        )

    @app.get(f"{BASE}/recognitions/<int:recognition_id>/")
    def get_recognition(recognition_id: int) -> Response:
        with database.reads() as connection:
            caller = _caller(connection)
            row = connection.execute(DETAIL, {**caller, "id": recognition_id}).mappings().first()
        if row is None:
            abort(404)
        return _json(_recognition(row, _origin() + BASE))

    return app


def serve(app: Flask, threads: int | None = None) -> bridge.WSGIBridge:
    """`app` as an ASGI app, on the API's bridge to WSGI with `threads` (GAGGLE_THREADS) threads."""
    threads = threads or int(os.environ.get("GAGGLE_THREADS") or settings.DEFAULT_THREADS)
    return bridge.WSGIBridge(app.wsgi_app, ThreadPoolExecutor(threads, thread_name_prefix="gaggle"))


def __getattr__(name: str) -> bridge.WSGIBridge:
    """`asgi`, what uvicorn serves: the app on DATABASE_URL, made when first asked for."""
    if name != "asgi":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()["asgi"] = serve(create(os.environ["DATABASE_URL"]))
    return globals()["asgi"]
