"""The GraphQL floor: the benchmark's two GraphQL documents answered, byte for byte as the API
answers them, by plain graphql-core over one SQL statement per shape.

`POST /graphql` with `{"query": ...}` answers `RECOGNITIONS_PAGE` (the recognitions page with
both people) and `cli_read(pk)` (the legacy command line's read of a person's open objectives
and their key results) for the caller of a bearer token: one statement checks the token, as
bench/baseline.py does, then graphql-core's own `execute` runs the document, parsed and
validated once and kept (as the API keeps it), against a schema built once at start, whose
resolvers read one statement per
shape (the page of recognitions with their count, badges and people; the profile; its
objectives; their key results) into dicts named as the schema's fields, which graphql-core's
default resolver reads. The answer is written by orjson. No Connexion, no scope directives, no
cost or depth limits, no ORM, no logging: what the API's `/graphql` costs beyond this is what
its machinery costs. tests/test_bench_graphql_floor.py proves the answers are the API's bytes;
bench/run.py measures both.

Serve it as the API is served, on the same bridge to WSGI with as many threads:

    DATABASE_URL=sqlite:///path/gaggle.sqlite3 uvicorn --workers 2 bench.graphql_floor:asgi
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import os
from typing import Any

from flask import Flask, Response, abort, request
from graphql import DocumentNode, GraphQLError, build_schema, execute, parse, validate
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.engine import Connection, RowMapping

from bench import baseline
from gaggle import rows, tokens
from gaggle.db import Database
from gaggle.models import objectives as rules
from gaggle.models.objectives import KeyResult, Objective
from gaggle.models.recognition import Badge

# The recognitions page: a page of 20 with both people, as the REST list shows them.
PERSON = """
fragment Person on UserProfileNode {
  id pk url position phoneNumber timezone about hireDate employeeId isManager isAdmin activated
  profileImageUrl network { url } reportsTo { url }
  user { id pk url username firstName lastName email isActive dateJoined }
}
"""
RECOGNITIONS_PAGE = (
    """
query RecognitionsPage {
  recognitions(first: 20) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id pk url message awardedDate likesCount commentsCount liked
      badge { id pk url name } sender { ...Person } recipient { ...Person }
    } }
  }
}
"""
    + PERSON
)


def cli_read(pk: int) -> str:
    """The legacy command line's read: a person's open objectives with their key results."""
    return (
        f"query CliRead {{ profile(pk: {pk}) {{ ownedObjectives(first: 50, closed: false) {{"
        " edges { node { id pk url name keyResults(first: 50) { edges { node {"
        " id pk url name targetValue currentValue startingValue measurementType"
        " } } } } } } } }"
    )


# The types and fields of the two documents, typed as the API's schema types them (a
# DateTime is the text the API writes).
SDL = """
type Query {
  recognitions(first: Int): BadgeRecipientNodeConnection
  profile(pk: Int!): UserProfileNode
}
type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}
type BadgeRecipientNodeConnection {
  pageInfo: PageInfo!
  edges: [BadgeRecipientNodeEdge]!
  totalCount: Int
}
type BadgeRecipientNodeEdge { node: BadgeRecipientNode cursor: String! }
type BadgeRecipientNode {
  id: ID!
  pk: Int
  url: String
  message: String
  awardedDate: String!
  likesCount: Int!
  commentsCount: Int!
  liked: Boolean!
  badge: BadgeNode
  sender: UserProfileNode
  recipient: UserProfileNode
}
type BadgeNode { id: ID! pk: Int url: String name: String! }
type NetworkNode { url: String }
type UserProfileNode {
  id: ID!
  pk: Int
  url: String
  user: UserNode!
  isManager: Boolean!
  isAdmin: Boolean!
  position: String
  phoneNumber: String
  employeeId: String!
  timezone: String!
  about: String!
  hireDate: String
  profileImageUrl: String
  activated: Boolean!
  network: NetworkNode
  reportsTo: UserProfileNode
  ownedObjectives(first: Int, closed: Boolean): ObjectiveNodeConnection
}
type UserNode {
  id: ID!
  pk: Int
  url: String
  firstName: String!
  lastName: String!
  email: String!
  username: String!
  isActive: Boolean!
  dateJoined: String!
}
type ObjectiveNodeConnection { edges: [ObjectiveNodeEdge]! }
type ObjectiveNodeEdge { node: ObjectiveNode }
type ObjectiveNode {
  id: ID!
  pk: Int
  url: String
  name: String!
  keyResults(first: Int): KeyResultNodeConnection
}
type KeyResultNodeConnection { edges: [KeyResultNodeEdge]! }
type KeyResultNodeEdge { node: KeyResultNode }
type KeyResultNode {
  id: ID!
  pk: Int
  url: String
  name: String!
  targetValue: Float!
  currentValue: Float!
  startingValue: Float!
  measurementType: Int
}
"""

T, P, U = baseline.TOKEN, baseline.PROFILE, baseline.USER
# The caller of a live bearer token (bench/baseline.py's), with what the visibility of
# objectives asks of them.
CALLER = baseline.CALLER.add_columns(P.c.is_admin, U.c.id.label("user_id"))
R = baseline.R
BADGE = Badge.__table__
# The page of recognitions with their count, badges and both people (the baseline's page).
PAGE = baseline.PAGE.add_columns(BADGE.c.name.label("badge_name")).join(
    BADGE, BADGE.c.id == R.badge_id
)
PROFILE_SEEN = select(P.c.id).where(
    P.c.id == bindparam("pk"), P.c.network_id == bindparam("network")
)
OBJECTIVE, KEY_RESULT = Objective.__table__, KeyResult.__table__


def _objectives(is_admin: bool):
    """A person's open objectives the caller sees, by id: built once per kind of caller from
    the API's own visibility query (models/objectives.py), as gaggle.rows builds it."""
    visible = rows.visible_to(rules.visible_objectives, is_admin)
    return (
        visible.with_only_columns(OBJECTIVE.c.id, OBJECTIVE.c.name)
        .where(
            OBJECTIVE.c.id.in_(rules.owned_by(bindparam("pk"))),
            OBJECTIVE.c.closed == bindparam("closed"),
        )
        .order_by(OBJECTIVE.c.id)
        .limit(bindparam("first", type_=Integer))
    )


OBJECTIVES = {is_admin: _objectives(is_admin) for is_admin in (False, True)}
KEY_RESULTS = (
    select(
        KEY_RESULT.c.id,
        KEY_RESULT.c.objective_id,
        KEY_RESULT.c.name,
        KEY_RESULT.c.target_value,
        KEY_RESULT.c.current_value,
        KEY_RESULT.c.starting_value,
        KEY_RESULT.c.measurement_type,
    )
    .where(KEY_RESULT.c.objective_id.in_(bindparam("objectives", expanding=True)))
    .order_by(KEY_RESULT.c.objective_id, KEY_RESULT.c.id)
)
SCOPES = {"recognitions": {"recognition:read", "userprofile:read", "network:read"}}
SCOPES["profile"] = {"userprofile:read", "objective:read"}


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(index: int) -> str:
    return base64.b64encode(f"arrayconnection:{index}".encode()).decode()


class Request:
    """What the resolvers of one request share: its connection, its caller and its API URL."""

    def __init__(self, connection: Connection, caller: dict, api: str) -> None:
        self.connection = connection
        self.caller = caller
        self.api = api

    def allow(self, field: str) -> None:
        """403 unless the token grants the scopes the field's document needs."""
        granted = set(self.caller["scope"].split())
        if "all" not in granted and not SCOPES[field] <= granted:
            abort(403)


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _person(person: baseline.Person, row: RowMapping, api: str) -> dict:
    p, u = person.profile.c, person.user.c
    profile_id, user_id = row[p.id], row[u.id]
    hire_date, reports_to = row[p.hire_date], row[p.reports_to_id]
    return {
        "id": global_id("UserProfileNode", profile_id),
        "pk": profile_id,
        "url": f"{api}/userprofiles/{profile_id}/",
        "position": row[p.position],
        "phoneNumber": row[p.phone_number],
        "timezone": row[p.timezone],
        "about": row[p.about],
        "hireDate": f"{hire_date.isoformat()}T00:00:00+00:00" if hire_date else None,
        "employeeId": row[p.employee_id],
        "isManager": bool(row[person.manages]),
        "isAdmin": row[p.is_admin],
        "activated": row[p.activated],
        "profileImageUrl": row[p.profile_img] or None,
        "network": {"url": f"{api}/networks/{row[p.network_id]}/"},
        "reportsTo": {"url": f"{api}/userprofiles/{reports_to}/"} if reports_to else None,
        "user": {
            "id": global_id("UserNode", user_id),
            "pk": user_id,
            "url": f"{api}/users/{user_id}/",
            "username": row[u.username],
            "firstName": row[u.first_name],
            "lastName": row[u.last_name],
            "email": row[u.email],
            "isActive": row[u.is_active],
            "dateJoined": _instant(row[u.date_joined]),
        },
    }


def _recognition(row: RowMapping, api: str) -> dict:
    recognition_id, badge_id = row[R.id], row[R.badge_id]
    return {
        "id": global_id("BadgeRecipientNode", recognition_id),
        "pk": recognition_id,
        "url": f"{api}/recognitions/{recognition_id}/",
        "message": row[R.message],
        "awardedDate": _instant(row[R.created]),
        "likesCount": row["likes"],
        "commentsCount": row["comments"],
        "liked": bool(row["liked"]),
        "badge": {
            "id": global_id("BadgeNode", badge_id),
            "pk": badge_id,
            "url": f"{api}/badges/{badge_id}/",
            "name": row["badge_name"],
        },
        "sender": _person(baseline.CREATOR, row, api),
        "recipient": _person(baseline.RECIPIENT, row, api),
    }


def resolve_recognitions(_: Any, info, first: int = 20) -> dict:
    """A first page of the caller's recognitions, newest first: one statement."""
    context: Request = info.context
    context.allow("recognitions")
    caller = context.caller
    found = context.connection.execute(PAGE, {**caller, "limit": first, "offset": 0}).mappings()
    found = found.all()
    count = found[0]["count"] if found else context.connection.scalar(baseline.COUNT, caller)
    return {
        "totalCount": count,
        "pageInfo": {
            "hasNextPage": count > first,
            "hasPreviousPage": False,
            "startCursor": cursor(0) if found else None,
            "endCursor": cursor(len(found) - 1) if found else None,
        },
        "edges": [
            {"cursor": cursor(index), "node": _recognition(row, context.api)}
            for index, row in enumerate(found)
        ],
    }


def resolve_profile(_: Any, info, pk: int) -> dict | None:
    """The person `pk` of the caller's network: one statement."""
    context: Request = info.context
    context.allow("profile")
    seen = context.connection.execute(
        PROFILE_SEEN, {"pk": pk, "network": context.caller["network"]}
    ).first()
    return None if seen is None else {"pk": pk}


def resolve_owned_objectives(profile: dict, info, first: int = 20, closed: bool | None = None):
    """The person's objectives the caller sees, with their key results: one statement each."""
    context: Request = info.context
    caller, api = context.caller, context.api
    params = {
        "pk": profile["pk"],
        "closed": closed,
        "first": first,
        "caller_user": caller["user_id"],
        "caller_profile": caller["profile"],
        "caller_network": caller["network"],
    }
    found = context.connection.execute(OBJECTIVES[caller["is_admin"]], params).all()
    results: dict[int, list[dict]] = {row.id: [] for row in found}
    if results:
        for row in context.connection.execute(KEY_RESULTS, {"objectives": list(results)}):
            results[row.objective_id].append(
                {
                    "node": {
                        "id": global_id("KeyResultNode", row.id),
                        "pk": row.id,
                        "url": f"{api}/keyresults/{row.id}/",
                        "name": row.name,
                        "targetValue": row.target_value,
                        "currentValue": row.current_value,
                        "startingValue": row.starting_value,
                        "measurementType": row.measurement_type,
                    }
                }
            )
    return {
        "edges": [
            {
                "node": {
                    "id": global_id("ObjectiveNode", row.id),
                    "pk": row.id,
                    "url": f"{api}/objectives/{row.id}/",
                    "name": row.name,
                    "keyResults": results[row.id],
                }
            }
            for row in found
        ]
    }


def resolve_key_results(objective: dict, info, first: int = 20) -> dict:
    return {"edges": objective["keyResults"][:first]}


def make_schema():
    """The floor's schema, built once, its resolvers set on its fields."""
    schema = build_schema(SDL)
    schema.query_type.fields["recognitions"].resolve = resolve_recognitions
    schema.query_type.fields["profile"].resolve = resolve_profile
    profile = schema.get_type("UserProfileNode")
    profile.fields["ownedObjectives"].resolve = resolve_owned_objectives
    schema.get_type("ObjectiveNode").fields["keyResults"].resolve = resolve_key_results
    return schema


SCHEMA = make_schema()


@functools.lru_cache(maxsize=16)
def prepared(query: str) -> tuple[DocumentNode | None, list[GraphQLError]]:
    """The parsed and validated document of `query`, or the errors that stop it."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, [error]
    errors = validate(SCHEMA, document)
    return (None, errors) if errors else (document, [])


def _caller(connection: Connection) -> dict:
    """The caller of the request's bearer token; 401 without a live one."""
    kind, _, token = request.headers.get("Authorization", "").partition(" ")
    found = None
    if kind.lower() == "bearer" and token:
        now = dt.datetime.now(dt.UTC)
        found = connection.execute(CALLER, {"digest": tokens.digest(token), "now": now}).first()
    if found is None:
        abort(401)
    scope, profile, network, is_admin, user_id = found
    return {
        "scope": scope,
        "profile": profile,
        "network": network,
        "is_admin": is_admin,
        "user_id": user_id,
    }


def create(database_url: str) -> Flask:
    """The floor's app on the database at `database_url` (its Database as `app.database`)."""
    database = Database(database_url)
    app = Flask(__name__)
    app.database = database

    @app.post("/graphql")
    def graphql() -> Response:
        query = (request.get_json(silent=True) or {}).get("query")
        if not isinstance(query, str):
            abort(400)
        with database.reads() as connection:
            context = Request(connection, _caller(connection), baseline._origin() + baseline.BASE)
            document, errors = prepared(query)
            if document is None:
                return baseline._json({"errors": [error.formatted for error in errors]})
            result = execute(SCHEMA, document, context_value=context)
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        return baseline._json(answer)

    return app


def __getattr__(name: str) -> Any:
    """`asgi`, what uvicorn serves: the floor on DATABASE_URL, made when first asked for."""
    if name != "asgi":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()["asgi"] = baseline.serve(create(os.environ["DATABASE_URL"]))
    return globals()["asgi"]
