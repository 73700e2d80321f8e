"""The yardstick: bare Flask + SQLAlchemy serving the benchmark's list and detail JSON.

No OpenAPI validation, no authentication, no middleware: the same queries as the API's
recognition handlers (built by the same model function) and the same JSON, so the benchmark
shows what the API's machinery costs. The caller the API would take from the token comes in
the query string instead (`network`, `profile`). Serve it with `uvicorn bench.baseline:asgi` on
the API's DATABASE_URL: `asgi` runs it through the API's own bridge to WSGI on as many threads
(GAGGLE_THREADS), so the two differ only in what the API does on top of Flask.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from flask import Flask, abort, request
from sqlalchemy import func, select

from gaggle import bridge, settings
from gaggle.caller import Caller
from gaggle.db import Database
from gaggle.models.people import User, UserProfile
from gaggle.models.recognition import Recognition, recognitions_for

database = Database(os.environ["DATABASE_URL"])
app = Flask(__name__)
app.json.compact = True
app.json.sort_keys = False
threads = int(os.environ.get("GAGGLE_THREADS") or settings.DEFAULT_THREADS)
asgi = bridge.WSGIBridge(app.wsgi_app, ThreadPoolExecutor(threads, thread_name_prefix="gaggle"))

BASE = "/api/v/2.0"


def _url(path: str) -> str:
    return f"{request.host_url.rstrip('/')}{BASE}{path}"


def _user(user: User) -> dict:
    return {
        "id": user.id,
        "url": _url(f"/users/{user.id}/"),
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined.isoformat(),
    }


def _profile(profile: UserProfile) -> dict:
    return {
        "id": profile.id,
        "url": _url(f"/userprofiles/{profile.id}/"),
        "user": _user(profile.user),
        "network": _url(f"/networks/{profile.network_id}/"),
        "reports_to": _url(f"/userprofiles/{profile.reports_to_id}/")
        if profile.reports_to_id
        else None,
        "position": profile.position,
        "phone_number": profile.phone_number,
        "timezone": profile.timezone,
        "about": profile.about,
        "hire_date": profile.hire_date.isoformat() if profile.hire_date else None,
        "employee_id": profile.employee_id,
        "is_manager": bool(profile.is_manager),
        "is_admin": profile.is_admin,
        "activated": profile.activated,
        "profile_img": profile.profile_img,
    }


def _recognition(item: Recognition) -> dict:
    url = _url(f"/recognitions/{item.id}/")
    return {
        "id": item.id,
        "url": url,
        "creator": _profile(item.creator),
        "recipient": _profile(item.recipient),
        "badge": _url(f"/badges/{item.badge_id}/"),
        "message": item.message,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
        "recognition_url": url,
        "likes_count": item.likes_count,
        "comments_count": item.comments_count,
        "liked": bool(item.liked),
    }


def _caller() -> Caller:
    return Caller(
        user_id=0,
        profile_id=int(request.args["profile"]),
        network_id=int(request.args["network"]),
        is_admin=False,
    )


@app.get(f"{BASE}/recognitions/")
def list_recognitions():
    limit = int(request.args.get("limit", 20))
    statement = recognitions_for(_caller()).order_by(
        Recognition.created.desc(), Recognition.id.asc()
    )
    with database.reading() as session:
        count = session.scalar(select(func.count()).select_from(statement.subquery()))
        rows = session.scalars(statement.limit(limit)).all()
        return {
            "count": count,
            "next": f"{request.base_url}?{urlencode({**request.args, 'offset': limit})}"
            if limit < count
            else None,
            "previous": None,
            "results": [_recognition(r) for r in rows],
        }


@app.get(f"{BASE}/recognitions/<int:recognition_id>/")
def get_recognition(recognition_id: int):
    with database.reading() as session:
        item = session.scalar(recognitions_for(_caller()).where(Recognition.id == recognition_id))
        if item is None:
            abort(404)
        return _recognition(item)
