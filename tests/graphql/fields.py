"""The value every field of the SDL's object types has for a caller, worked out without the
GraphQL resolvers, and the register of which test asserts each field's value.

TABLE holds, for each object type, how to reach its objects through the Query root and, for
each of its fields, the value the field must have for an object and a caller:

- where the REST API shows the field, what the REST API answers the same caller for the same
  object (`rest`, `ref`), renamed and reshaped as the SDL says (a day as its 00:00 UTC, a state
  as its code);
- where it does not, the rule the SDL states, written here over the REST answers the caller
  gets (`rule`, `many`): who may change or delete the object, counts, the lists an object leads
  to. What the REST API shows nobody (the author of a private note) is read from the database.

`Seen` is what one caller gets from the REST API, read once per collection. Connections,
their edges and PageInfo are checked alike wherever they appear (`check_connection`): the
nodes and their order, `totalCount`, cursors that name each node's position, and the page's
bounds; a page in the middle of each root list is compared with the REST API's page at the
same offset.

CHECKED registers, for each `Type.field`, the tests that assert its value: the table's fields
and the connections it reaches are registered here, and a test elsewhere that asserts a field's
value says so with `@checks("Type.field", ...)`. tests/graphql/test_field_values.py fails for a
field of the SDL that no test asserts.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from string import Template
from typing import Any

from graphql import GraphQLObjectType, get_named_type
from sqlalchemy import select

from gaggle import db
from gaggle.graph.schema import schema
from gaggle.models.privatenote import PrivateNote
from tests.graphql.conftest import API

# "Type.field" -> the tests ("module.function") that assert the field's value.
CHECKED: dict[str, set[str]] = defaultdict(set)


def checks(*fields: str):
    """Registers the decorated test as one that asserts the values of `fields`
    ("Type.field")."""

    def register(test):
        for name in fields:
            CHECKED[name].add(f"{test.__module__}.{test.__name__}")
        return test

    return register


# How many objects a nested connection shows, and a root list (every list of the test data is
# shorter, so each shows all of its objects and its last page).
NESTED = 10
ROOT = 20
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"


# -- what a caller sees through the REST API ----------------------------------------------------


class Seen:
    """The REST API's answers to one caller (`headers`), each collection read once."""

    def __init__(self, client, headers: dict[str, str], people: dict[str, int]) -> None:
        self.client = client
        self.headers = headers
        self.people = people  # a name of the test data -> its profile id
        self._read: dict[str, Any] = {}
        me = self.get("/userprofiles/me/")
        self.me: int = me["id"]
        self.admin: bool = me["is_admin"]

    def get(self, path: str) -> Any:
        if path not in self._read:
            response = self.client.get(f"{API}{path}", headers=self.headers)
            assert response.status_code == 200, (path, response.text)
            self._read[path] = response.json()
        return self._read[path]

    def object(self, path: str) -> dict:
        """The object at the REST path `path`; a 1-on-1's note or action item, which the REST
        API shows in its 1-on-1's lists alone, from its list."""
        parent, _, object_id = path.rstrip("/").rpartition("/")
        if parent.count("/") < 3:
            return self.get(path)
        listed = self.get(f"{parent}/?limit=500")["results"]
        return next(item for item in listed if item["id"] == int(object_id))

    def items(self, collection: str) -> list[dict]:
        """Every object of the REST list `collection` ("userprofiles"), in its order."""
        return self.get(f"/{collection}/?limit=500")["results"]

    def one(self, collection: str, object_id: int | None) -> dict | None:
        return next((i for i in self.items(collection) if i["id"] == object_id), None)

    def under(self, kind: str) -> list[dict]:
        """The notes or action items (`kind` "notes", "actionitems") of every 1-on-1 the
        caller sees, oldest first."""
        found = [
            item
            for oneonone in self.items("oneonones")
            for item in self.get(f"/oneonones/{oneonone['id']}/{kind}/?limit=500")["results"]
        ]
        return sorted(found, key=lambda item: item["id"])

    def private_note_authors(self) -> dict[int, int]:
        """Each private note's author: the REST API shows it to nobody."""
        if "authors" not in self._read:
            with db.reading() as session:
                rows = session.execute(select(PrivateNote.id, PrivateNote.author_id))
                self._read["authors"] = dict(rows.all())
        return self._read["authors"]


def people_of(world) -> dict[str, int]:
    """The profile ids of the world's people, by name, for a check's arguments."""
    names = ("admin", "manager", "employee", "peer", "other_admin", "other_user")
    return {name: getattr(world, name).profile.id for name in names}


def pk(value: Any) -> int | None:
    """The id of an object the REST API shows as a URL or as an object, or None."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value["id"]
    return int(value.rstrip("/").rsplit("/", 1)[1])


def global_id(type_name: str, object_id: int) -> str:
    return base64.b64encode(f"{type_name}:{object_id}".encode()).decode()


def cursor_position(cursor: str) -> int | None:
    text = base64.b64decode(cursor).decode()
    prefix, _, position = text.partition(":")
    return int(position) if prefix == "arrayconnection" and position.isdigit() else None


def at(item: dict, key: str) -> Any:
    for part in key.split("."):
        item = item[part]
    return item


def day(value: str | None) -> str | None:
    """A calendar day of the REST API as the SDL's DateTime: that day at 00:00 UTC."""
    return None if value is None else f"{value}T00:00:00+00:00"


# -- the checks ---------------------------------------------------------------------------------

VALUE, REF, MANY, EMBEDDED = "value", "ref", "many", "embedded"
KINDS = (VALUE, REF, MANY, EMBEDDED)


@dataclass(frozen=True)
class Check:
    """How one field's value is asked for and what it must be: `expect(seen, item)` from the
    caller's REST view and the object's REST item. `field` is the SDL field when the table's key
    is an alias that asks it with `arguments`."""

    kind: str
    expect: Callable[[Seen, dict], Any]
    arguments: str = ""
    field: str | None = None
    embedded: str | None = None  # the object type of an EMBEDDED list


def rest(key: str, then: Callable[[Any], Any] | None = None) -> Check:
    """The REST item's `key` (dotted for nested objects), through `then`."""
    return Check(VALUE, lambda seen, item: (then or (lambda v: v))(at(item, key)))


def ref(key: str) -> Check:
    """An object field: its `pk` is the id of the REST item's `key` (a URL or an object)."""
    return Check(REF, lambda seen, item: pk(at(item, key)))


def rule(expect: Callable[[Seen, dict], Any], arguments: str = "", field: str | None = None):
    return Check(VALUE, expect, arguments, field)


def constant(value: Any) -> Check:
    return Check(VALUE, lambda seen, item: value)


def one(expect: Callable[[Seen, dict], int | None]) -> Check:
    """An object field whose object's id the rule gives."""
    return Check(REF, expect)


def many(
    expect: Callable[[Seen, dict], list[int]], arguments: str = "", field: str | None = None
) -> Check:
    """A connection: the ids of its objects, in order (its first NESTED asked for)."""
    return Check(MANY, expect, arguments, field)


def embedded(key: str, type_name: str) -> Check:
    """A list of values that are not objects of their own, each checked by `type_name`'s
    table against the REST item's `key` at the same position."""
    return Check(EMBEDDED, lambda seen, item: at(item, key), embedded=type_name)


def ids(items: Iterable[dict]) -> list[int]:
    return [item["id"] for item in items]


def linked(urls: list[str]) -> list[int]:
    """The ids of a REST list of URLs, ascending (the GraphQL lists sort by id)."""
    return sorted(pk(url) for url in urls)


def node_fields(type_name: str) -> dict[str, Check]:
    """The Node and DRFNode fields: the global id, the REST id and URL."""
    return {
        "id": rule(lambda seen, item: global_id(type_name, item["id"])),
        "pk": rest("id"),
        "url": rest("url"),
    }


def timestamps(*names: str) -> dict[str, Check]:
    return {name: rest(name) for name in names}


# -- the rules, as the SDL states them ----------------------------------------------------------


def may_change_objective(seen: Seen, objective: dict) -> bool:
    """Its owners, its creator and admins."""
    return (
        seen.admin
        or pk(objective["creator"]) == seen.me
        or seen.me in [pk(url) for url in objective["owners"]]
    )


def objective_of(seen: Seen, item: dict) -> dict:
    found = seen.one("objectives", pk(item["objective"]))
    assert found is not None, item
    return found


def owns_key_result(seen: Seen, key_result: dict) -> bool:
    return seen.me in [pk(url) for url in key_result["owners"]]


def may_check_in(seen: Seen, objective: dict) -> bool:
    """Those who change the objective and the owners of its key results, while it is open."""
    key_results = [seen.one("keyresults", pk(url)) for url in objective["key_results"]]
    return not objective["closed"] and (
        may_change_objective(seen, objective)
        or any(owns_key_result(seen, kr) for kr in key_results if kr is not None)
    )


def full_name(seen: Seen, department: dict) -> str:
    """The names of the department and its parents, outermost first."""
    names = []
    while department is not None:
        names.insert(0, department["name"])
        department = seen.one("departments", pk(department["parent"]))
    return " / ".join(names)


def reports_of(seen: Seen, profile: dict) -> list[dict]:
    return [p for p in seen.items("userprofiles") if pk(p["reports_to"]) == profile["id"]]


def profile_of_user(seen: Seen, user: dict) -> int:
    return next(p["id"] for p in seen.items("userprofiles") if p["user"]["id"] == user["id"])


def whose_turn(review: dict) -> int | None:
    """The subject answers a review in self-review, its reviewer in manager review."""
    return {"self_review": pk(review["subject"]), "manager_review": pk(review["reviewer"])}.get(
        review["state"]
    )


def may_move_on(seen: Seen, review: dict, profile: int) -> bool:
    """Its turn is `profile`'s and its cycle is active."""
    cycle = seen.one("reviewcycles", pk(review["cycle"]))
    return whose_turn(review) == profile and cycle["state"] == "active"


def in_the_oneonone(seen: Seen, item: dict) -> bool:
    oneonone = seen.one("oneonones", pk(item["oneonone"]))
    return seen.me in (oneonone["facilitator"]["id"], oneonone["participant"]["id"])


def action_items_of(seen: Seen, oneonone: dict) -> list[int]:
    return ids(seen.get(f"/oneonones/{oneonone['id']}/actionitems/")["results"])


def checkins_of(seen: Seen, objective: dict) -> list[int]:
    """The objective's check-ins, newest first, the later id first among equals."""
    checkins = [c for c in seen.items("objectivecheckins") if pk(c["objective"]) == objective["id"]]
    checkins.sort(key=lambda c: (dt.datetime.fromisoformat(c["created"]), c["id"]), reverse=True)
    return ids(checkins)


def own_draft(seen: Seen, feedback: dict) -> bool:
    """Its author, while it is a draft."""
    return pk(feedback["author"]) == seen.me and feedback["state"] == "draft"


def mine(key: str) -> Callable[[Seen, dict], bool]:
    """Whether the object's `key` (its author, creator, facilitator) is the caller."""
    return lambda seen, item: pk(item[key]) == seen.me


ONEONONE_CODES = {"scheduled": 1, "completed": 2, "cancelled": 3}
REVIEW_CODES = {"self_review": 0, "manager_review": 1, "shared": 4}
NEXT_CODES = {0: 1, 1: 4, 4: None}
OBJECTIVE_TYPES = {"individual": 1, "department": 2, "company": 3}


# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """An object type: its REST objects as a caller sees them, the ways the Query root reaches
    its objects, and its fields' checks.

    `root` is a root connection of all of them, compared with the REST list `collection`;
    `item` a root field that finds one by `pk`; `alone` a root field of one object, with its
    REST item's id; `through` a query (with `%s` for the object's selection) and the keys of
    the answer that lead to objects of the type."""

    items: Callable[[Seen], list[dict]]
    fields: dict[str, Check]
    collection: str | None = None
    root: str | None = None
    item: str | None = None
    alone: tuple[str, Callable[[Seen], int]] | None = None
    through: tuple[str, tuple[str, ...]] | None = None


def listed(collection: str) -> Callable[[Seen], list[dict]]:
    return lambda seen: seen.items(collection)


TABLE: dict[str, Kind] = {
    "UserProfileNode": Kind(
        listed("userprofiles"),
        {
            **node_fields("UserProfileNode"),
            "canChange": rule(lambda s, p: s.admin or p["id"] == s.me),
            "canChangeOwnFields": rule(
                lambda s, p: s.admin or p["id"] == s.me,
                '(changedFields: [{fieldName: "about", newValue: "Hi"}, {fieldName: "timezone"}])',
                "canChange",
            ),
            "canChangeAdminFields": rule(
                lambda s, p: s.admin,
                '(changedFields: [{fieldName: "about"}, {fieldName: "position"}])',
                "canChange",
            ),
            "canDelete": constant(False),
            "user": ref("user"),
            "isManager": rest("is_manager"),
            "isAdmin": rest("is_admin"),
            "username": rest("user.username"),
            "position": rest("position"),
            "phoneNumber": rest("phone_number"),
            "employeeId": rest("employee_id"),
            "timezone": rest("timezone"),
            "about": rest("about"),
            "hireDate": rest("hire_date", day),
            "profileImageUrl": rest("profile_img", lambda url: url or None),
            "profileImageUrlSized": rule(
                lambda s, p: p["profile_img"] or None, "(size: 64)", "profileImageUrl"
            ),
            "fullName": rule(
                lambda s, p: f"{p['user']['first_name']} {p['user']['last_name']}".strip()
            ),
            "firstName": rest("user.first_name"),
            "lastName": rest("user.last_name"),
            "activated": rest("activated"),
            "reportsTo": ref("reports_to"),
            "isOnlyAdmin": rule(
                lambda s, p: (
                    p["is_admin"]
                    and not any(
                        o["is_admin"] and o["activated"] and o["id"] != p["id"]
                        for o in s.items("userprofiles")
                    )
                )
            ),
            "countDirectReports": rule(lambda s, p: len(reports_of(s, p))),
            "reportingToMe": many(lambda s, p: sorted(ids(reports_of(s, p)))),
            "network": ref("network"),
            "teams": many(
                lambda s, p: [d["id"] for d in s.items("departments") if p["url"] in d["members"]]
            ),
            "teamsLeading": many(
                lambda s, p: [d["id"] for d in s.items("departments") if p["url"] in d["leaders"]]
            ),
            "isDepartmentLeader": rule(
                lambda s, p: any(p["url"] in d["leaders"] for d in s.items("departments"))
            ),
            "recognitionReceived": many(
                lambda s, p: [
                    r["id"] for r in s.items("recognitions") if r["recipient"]["id"] == p["id"]
                ]
            ),
            "recognitionGiven": many(
                lambda s, p: [
                    r["id"] for r in s.items("recognitions") if r["creator"]["id"] == p["id"]
                ]
            ),
            # The caller's 1-on-1s with the person; all of the caller's for the caller.
            "oneonones": many(
                lambda s, p: [
                    o["id"]
                    for o in s.items("oneonones")
                    if p["id"] in (s.me, o["facilitator"]["id"], o["participant"]["id"])
                ]
            ),
            "feedbackRequests": many(
                lambda s, p: [
                    r["id"] for r in s.items("feedbackrequests") if r["subject"]["id"] == p["id"]
                ]
            ),
            "ownedClosedObjectives": many(
                lambda s, p: [
                    o["id"]
                    for o in s.items("objectives")
                    if p["url"] in o["owners"] and o["closed"]
                ],
                "(closed: true)",
                "ownedObjectives",
            ),
            "recognitionFromManager": many(
                lambda s, p: [
                    r["id"]
                    for r in s.items("recognitions")
                    if r["recipient"]["id"] == p["id"] and r["creator"]["id"] == s.people["manager"]
                ],
                "(senderId: $manager)",
                "recognitionReceived",
            ),
            "ownedObjectives": many(
                lambda s, p: [o["id"] for o in s.items("objectives") if p["url"] in o["owners"]]
            ),
        },
        collection="userprofiles",
        root="profiles",
        item="profile",
        alone=("currentUser", lambda seen: seen.me),
    ),
    "UserNode": Kind(
        listed("users"),
        {
            **node_fields("UserNode"),
            "canChange": rule(lambda s, u: s.admin or profile_of_user(s, u) == s.me),
            "canDelete": constant(False),
            "firstName": rest("first_name"),
            "lastName": rest("last_name"),
            "email": rest("email"),
            "username": rest("username"),
            "isActive": rest("is_active"),
            "dateJoined": rest("date_joined"),
            "profile": one(profile_of_user),
        },
        through=(
            f"profiles(first: {ROOT}) {{ edges {{ node {{ user {{ %s }} }} }} }}",
            ("profiles", "edges", "node", "user"),
        ),
    ),
    "NetworkNode": Kind(
        listed("networks"),
        {
            **node_fields("NetworkNode"),
            "canChange": rule(lambda s, n: s.admin),
            "canDelete": constant(False),
            "name": rest("name"),
            "businessCycleLength": rest("business_cycle_length"),
            "businessCycleStartMonth": rest("business_cycle_start_month"),
            **timestamps("created", "modified"),
            "objectives": many(lambda s, n: ids(s.items("objectives"))),
        },
        alone=("network", lambda seen: seen.items("networks")[0]["id"]),
    ),
    "TeamNode": Kind(
        listed("departments"),
        {
            **node_fields("TeamNode"),
            "canChange": rule(lambda s, d: s.admin or s.me in linked(d["leaders"])),
            "canDelete": rule(lambda s, d: s.admin or s.me in linked(d["leaders"])),
            "name": rest("name"),
            "parent": ref("parent"),
            "fullName": rule(full_name),
            "subDepartments": many(
                lambda s, d: [c["id"] for c in s.items("departments") if pk(c["parent"]) == d["id"]]
            ),
            "leaders": many(lambda s, d: linked(d["leaders"])),
            "members": many(lambda s, d: linked(d["members"])),
            "creator": ref("creator"),
            **timestamps("created", "modified"),
            "objectives": many(
                lambda s, d: [
                    o["id"] for o in s.items("objectives") if pk(o["department"]) == d["id"]
                ]
            ),
        },
        collection="departments",
        root="teams",
        item="team",
    ),
    "BadgeNode": Kind(
        listed("badges"),
        {
            **node_fields("BadgeNode"),
            "canChange": rule(lambda s, b: s.admin),
            "canDelete": constant(False),
            "name": rest("name"),
            "active": rest("active"),
            "description": rest("description"),
            "image": rest("image"),
            **timestamps("created", "modified"),
        },
        collection="badges",
        root="badges",
        item="badge",
    ),
    "BadgeRecipientNode": Kind(
        listed("recognitions"),
        {
            **node_fields("BadgeRecipientNode"),
            "canChange": rule(mine("creator")),
            "canDelete": rule(lambda s, r: mine("creator")(s, r) or s.admin),
            "message": rest("message"),
            "awardedDate": rest("created"),
            "recognitionWebViewUrl": rest("recognition_url"),
            "sender": ref("creator"),
            "recipient": ref("recipient"),
            "badge": ref("badge"),
            "modified": rest("modified"),
            "likesCount": rest("likes_count"),
            "commentsCount": rest("comments_count"),
            "liked": rest("liked"),
        },
        collection="recognitions",
        root="recognitions",
        item="recognition",
    ),
    "OneOnOneNode": Kind(
        listed("oneonones"),
        {
            **node_fields("OneOnOneNode"),
            "canChange": rule(lambda s, o: o["status"] != "completed"),
            "canDelete": rule(mine("facilitator")),
            "name": rest("title"),
            **timestamps("created", "modified"),
            "startTime": rest("scheduled_start"),
            "scheduledAt": rest("scheduled_start"),
            "updatedTime": rest("modified"),
            "status": rest("status", ONEONONE_CODES.get),
            "completedDatetime": rest("completed_at"),
            "completedTime": rest("completed_at"),
            "endTime": rule(
                lambda s, o: (
                    dt.datetime.fromisoformat(o["scheduled_start"])
                    + dt.timedelta(minutes=o["duration"])
                ).isoformat()
            ),
            "duration": rest("duration"),
            "state": rest("status", str.upper),
            "canComplete": rule(lambda s, o: o["status"] != "completed"),
            "facilitator": ref("facilitator"),
            "participant": ref("participant"),
            "scheduledBy": ref("facilitator"),
            "notes": many(lambda s, o: ids(s.get(f"/oneonones/{o['id']}/notes/")["results"])),
            "sharedNotes": many(
                lambda s, o: [
                    n["id"] for n in s.get(f"/oneonones/{o['id']}/notes/")["results"] if n["shared"]
                ],
                "(shared: true)",
                "notes",
            ),
            "openActionItems": many(
                lambda s, o: [
                    i["id"]
                    for i in s.get(f"/oneonones/{o['id']}/actionitems/")["results"]
                    if not i["completed"]
                ],
                "(completed: false)",
                "actionItems",
            ),
            "actionItems": many(action_items_of),
            "createdActionItems": many(action_items_of),
        },
        collection="oneonones",
        root="oneonones",
        item="oneonone",
    ),
    "OneOnOneNoteNode": Kind(
        lambda seen: seen.under("notes"),
        {
            **node_fields("OneOnOneNoteNode"),
            "canChange": rule(mine("author")),
            "canDelete": rule(mine("author")),
            "creator": ref("author"),
            **timestamps("created", "modified"),
            "content": rest("text"),
            "shared": rest("shared"),
            "oneonone": ref("oneonone"),
        },
        through=(
            f"oneonones(first: {ROOT}) {{ edges {{ node {{ notes(first: {NESTED}) "
            "{ edges { node { %s } } } } } }",
            ("oneonones", "edges", "node", "notes", "edges", "node"),
        ),
    ),
    "ActionItemNode": Kind(
        lambda seen: seen.under("actionitems"),
        {
            **node_fields("ActionItemNode"),
            "canChange": rule(in_the_oneonone),
            "canDelete": rule(in_the_oneonone),
            **timestamps("created", "modified"),
            "title": rest("title"),
            "dueDate": rest("due_date", day),
            "completed": rest("completed"),
            "creator": ref("creator"),
            "createdInOneonone": ref("oneonone"),
            "assignedTo": ref("assignee"),
            "assignedDatetime": rest("assigned_at"),
            "description": rest("description"),
            "completedDatetime": rest("completed_at"),
            "completedBy": ref("completed_by"),
            "uncompletedDatetime": rest("uncompleted_at"),
            "uncompletedBy": ref("uncompleted_by"),
            # The two people of its 1-on-1, its facilitator first; the caller's network.
            "participants": many(
                lambda s, i: [
                    s.one("oneonones", pk(i["oneonone"]))[person]["id"]
                    for person in ("facilitator", "participant")
                ]
            ),
            "network": one(lambda s, i: s.items("networks")[0]["id"]),
        },
        root="actionItems",
        item="actionItem",
    ),
    "FeedbackRequestV2Node": Kind(
        listed("feedbackrequests"),
        {
            **node_fields("FeedbackRequestV2Node"),
            "canChange": rule(mine("creator")),
            "canDelete": rule(mine("creator")),
            "dueDatetime": rest("due_date", day),
            **timestamps("created", "modified"),
            "sentDate": rest("created"),
            "creator": ref("creator"),
            "recipient": ref("subject"),
            "state": constant(1),
            "acceptingSubmissions": rest("state", lambda state: state == "open"),
            "questions": rest("questions"),
            "allResponders": many(lambda s, r: linked(r["responders"])),
            "feedbacksOfPeer": many(
                lambda s, r: [
                    f["id"]
                    for f in s.items("feedback")
                    if pk(f["request"]) == r["id"] and f["author"]["id"] == s.people["peer"]
                ],
                "(responderProfileId: $peer)",
                "feedbacks",
            ),
            "feedbacks": many(
                lambda s, r: [f["id"] for f in s.items("feedback") if pk(f["request"]) == r["id"]]
            ),
            "numResponsesSubmitted": rule(
                lambda s, r: sum(
                    pk(f["request"]) == r["id"] and f["state"] == "submitted"
                    for f in s.items("feedback")
                )
            ),
        },
        collection="feedbackrequests",
        root="feedbackRequests",
        item="feedbackRequest",
    ),
    "FeedbackNode": Kind(
        listed("feedback"),
        {
            **node_fields("FeedbackNode"),
            "canChange": rule(own_draft),
            "canDelete": rule(own_draft),
            **timestamps("created", "modified"),
            "state": rest("state", {"draft": 1, "submitted": 2}.get),
            "submittedTimestamp": rest("submitted"),
            "feedbackRequest": ref("request"),
            "author": ref("author"),
            "recipient": ref("recipient"),
            "text": rest("text"),
            "answerTexts": rest("answers"),
        },
        collection="feedback",
        root="feedbacks",
        item="feedback",
    ),
    "PrivateNoteNode": Kind(
        listed("privatenotes"),
        {
            **node_fields("PrivateNoteNode"),
            "canChange": rule(lambda s, n: s.private_note_authors()[n["id"]] == s.me),
            "canDelete": rule(lambda s, n: s.private_note_authors()[n["id"]] == s.me),
            "about": ref("about"),
            "text": rest("text"),
            **timestamps("created", "modified"),
        },
        collection="privatenotes",
        root="privateNotes",
        item="privateNote",
    ),
    "ObjectiveNode": Kind(
        listed("objectives"),
        {
            **node_fields("ObjectiveNode"),
            "canChange": rule(may_change_objective),
            "canDelete": rule(may_change_objective),
            "name": rest("name"),
            "description": rest("description"),
            "closed": rest("closed"),
            "completedDatetime": rest("closed_at"),
            "draft": rest("draft"),
            "private": rest("private"),
            "startDate": rest("start_date", day),
            "dueDatetime": rest("due_date", day),
            "creator": ref("creator"),
            **timestamps("created", "modified"),
            "objectiveType": rest("objective_type", OBJECTIVE_TYPES.get),
            "progress": rest("progress"),
            "parentObjectives": many(lambda s, o: [pk(o["parent"])] if o["parent"] else []),
            "childObjectives": many(lambda s, o: linked(o["children"])),
            "keyResults": many(lambda s, o: [pk(url) for url in o["key_results"]]),
            "checkins": many(checkins_of),
            "lastCheckin": one(lambda s, o: next(iter(checkins_of(s, o)), None)),
            "owners": many(lambda s, o: linked(o["owners"])),
            "stakeholders": many(lambda s, o: linked(o["stakeholders"])),
            "followers": many(lambda s, o: linked(o["followers"])),
            "contributingTeams": many(
                lambda s, o: [
                    d["id"] for d in s.items("departments") if d["url"] in o["contributing_teams"]
                ]
            ),
            "participants": many(
                lambda s, o: sorted(set(linked(o["owners"] + o["stakeholders"] + o["followers"])))
            ),
            "team": ref("department"),
        },
        collection="objectives",
        root="objectives",
        item="objective",
    ),
    "KeyResultNode": Kind(
        listed("keyresults"),
        {
            **node_fields("KeyResultNode"),
            "canChange": rule(
                lambda s, kr: (
                    not objective_of(s, kr)["closed"]
                    and (may_change_objective(s, objective_of(s, kr)) or owns_key_result(s, kr))
                )
            ),
            "canDelete": rule(
                lambda s, kr: (
                    not objective_of(s, kr)["closed"]
                    and may_change_objective(s, objective_of(s, kr))
                )
            ),
            "name": rest("name"),
            "description": rest("description"),
            "creator": ref("creator"),
            "weight": rest("weight"),
            "startingValue": rest("starting_value"),
            "targetValue": rest("target_value"),
            "currentValue": rest("current_value"),
            "created": rest("created"),
            "updated": rest("modified"),
            "measurementType": rest("measurement_type"),
            "owners": many(lambda s, kr: linked(kr["owners"])),
            "canCheckin": rule(lambda s, kr: may_check_in(s, objective_of(s, kr))),
            "progress": rest("progress"),
            "objective": ref("objective"),
        },
        item="keyResult",
    ),
    "CheckinNode": Kind(
        listed("objectivecheckins"),
        {
            **node_fields("CheckinNode"),
            "canChange": constant(False),
            "canDelete": constant(False),
            "objective": ref("objective"),
            "message": rest("message"),
            "created": rest("created"),
            "updated": rest("created"),
            "status": rest("assessment_status"),
            "user": ref("creator"),
            "closeObjective": rest("close_objective"),
            "progress": rest("progress"),
            "keyResultValues": embedded("key_results", "CheckinKeyResultValue"),
        },
        through=(
            f"objectives(first: {ROOT}) {{ edges {{ node {{ checkins(first: {NESTED}) "
            "{ edges { node { %s } } } } } }",
            ("objectives", "edges", "node", "checkins", "edges", "node"),
        ),
    ),
    "CheckinKeyResultValue": Kind(
        lambda seen: [],
        {
            "keyResult": ref("key_result"),
            "previousValue": rest("previous_value"),
            "currentValue": rest("current_value"),
            "progress": rest("progress"),
        },
    ),
    "SnapshotGroupNode": Kind(
        listed("reviewcycles"),
        {
            **node_fields("SnapshotGroupNode"),
            "canChange": rule(lambda s, c: s.admin and c["state"] != "closed"),
            "canDelete": rule(lambda s, c: s.admin and c["state"] == "draft"),
            "title": rest("name"),
            "startDate": rest("start_date", day),
            "endDate": rest("end_date", day),
            **timestamps("created", "modified"),
            "state": rest("state", lambda state: 0 if state == "draft" else 1),
            "cycleState": rest("state", str.upper),
            "questions": rest("questions"),
            "creator": ref("creator"),
            # It has reviews the caller sees, each of them shared.
            "isComplete": rule(
                lambda s, c: (
                    bool(reviews := [r for r in s.items("reviews") if pk(r["cycle"]) == c["id"]])
                    and all(r["state"] == "shared" for r in reviews)
                )
            ),
            "snapshotsInManagerReview": many(
                lambda s, c: sorted(
                    r["id"]
                    for r in s.items("reviews")
                    if pk(r["cycle"]) == c["id"] and r["state"] == "manager_review"
                ),
                "(state: 1)",
                "snapshots",
            ),
            "snapshots": many(
                lambda s, c: sorted(
                    r["id"] for r in s.items("reviews") if pk(r["cycle"]) == c["id"]
                )
            ),
        },
        collection="reviewcycles",
        root="snapshotGroups",
        item="snapshotGroup",
    ),
    "SnapshotNode": Kind(
        listed("reviews"),
        {
            **node_fields("SnapshotNode"),
            # Answer it now, or, for admins, name another reviewer: until it is shared.
            "canChange": rule(
                lambda s, r: r["state"] != "shared" and (s.admin or may_move_on(s, r, s.me))
            ),
            "canDelete": constant(False),
            "forUser": ref("subject"),
            "manager": ref("reviewer"),
            "snapshotGroup": ref("cycle"),
            "state": rest("state", REVIEW_CODES.get),
            "nextState": rest("state", lambda state: NEXT_CODES[REVIEW_CODES[state]]),
            "showManagerAnswers": rest("state", lambda state: state == "shared"),
            "employeeAnswersDue": rest("state", lambda state: state == "self_review"),
            "managerAnswersDue": rest("state", lambda state: state == "manager_review"),
            "canTransitionToNextState": rule(lambda s, r: may_move_on(s, r, s.me)),
            **{
                f"canTransitionToNextStateOf{name.title()}": rule(
                    lambda s, r, name=name: may_move_on(s, r, s.people[name]),
                    f"(profile: ${name})",
                    "canTransitionToNextState",
                )
                for name in ("employee", "peer", "manager", "admin")
            },
            "creator": ref("creator"),
            "position": rest("position"),
            "submittedDatetime": rest("submitted"),
            "sharedDatetime": rest("shared"),
            "assignedToProfiles": many(lambda s, r: [p for p in [whose_turn(r)] if p is not None]),
            # All of its answers: to anyone but its subject, and to its subject once shared.
            "canViewAnswers": rule(lambda s, r: pk(r["subject"]) != s.me or r["state"] == "shared"),
            "selfAnswers": rest("self_answers"),
            "reviewerAnswers": rest("reviewer_answers"),
            **timestamps("created", "modified"),
        },
        collection="reviews",
        root="snapshots",
        item="snapshot",
    ),
}


# -- asking and comparing -----------------------------------------------------------------------


def connection_selection(name: str, arguments: str, nodes: str = "pk") -> str:
    return f"{name}{arguments} {{ totalCount {PAGE_INFO} edges {{ cursor node {{ {nodes} }} }} }}"


def selection(type_name: str, people: dict[str, int], kinds: Iterable[str] = KINDS) -> str:
    """The fields of the table's `type_name` of the `kinds` of check given (every field by
    default), each alias with its arguments."""
    parts = []
    for alias, check in TABLE[type_name].fields.items():
        if check.kind not in kinds:
            continue
        name = check.field or alias
        arguments = Template(check.arguments).substitute(people)
        head = f"{alias}: {name}" if check.field else name
        if check.kind == MANY:
            more = f", {arguments[1:-1]}" if arguments else ""
            parts.append(connection_selection(head, f"(first: {NESTED}{more})"))
        elif check.kind == REF:
            parts.append(f"{head}{arguments} {{ pk }}")
        elif check.kind == EMBEDDED:
            parts.append(f"{head}{arguments} {{ {selection(check.embedded, people)} }}")
        else:
            parts.append(f"{head}{arguments}")
    return " ".join(parts)


_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT")


def same(got: Any, want: Any) -> bool:
    """Equal values, instants compared as instants and numbers within rounding."""
    if (
        isinstance(got, str)
        and isinstance(want, str)
        and _INSTANT.match(got)
        and _INSTANT.match(want)
    ):
        return dt.datetime.fromisoformat(got) == dt.datetime.fromisoformat(want)
    if isinstance(got, float | int) and isinstance(want, float | int) and not isinstance(got, bool):
        return not isinstance(want, bool) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(same(g, w) for g, w in zip(got, want, strict=True))
    return type(got) is type(want) and got == want


def check_connection(
    where: str, got: dict, want: list[int], start: int = 0, size: int = NESTED
) -> list[str]:
    """A connection's page of `size` from position `start` of the ids `want`: its nodes, edges,
    cursors, totalCount and PageInfo. The problems found, each naming `where`."""
    problems = []
    page = want[start : start + size]
    shown = [edge["node"]["pk"] for edge in got["edges"]]
    if shown != page:
        problems.append(f"{where}: nodes {shown}, expected {page}")
    if got["totalCount"] != len(want):
        problems.append(f"{where}.totalCount: {got['totalCount']}, expected {len(want)}")
    positions = [cursor_position(edge["cursor"]) for edge in got["edges"]]
    if positions != list(range(start, start + len(got["edges"]))):
        problems.append(f"{where}: cursors name positions {positions}, from {start} expected")
    cursors = [edge["cursor"] for edge in got["edges"]]
    info = got["pageInfo"]
    expected_info = {
        "hasNextPage": start + size < len(want),
        "hasPreviousPage": start > 0,
        "startCursor": cursors[0] if cursors else None,
        "endCursor": cursors[-1] if cursors else None,
    }
    if info != expected_info:
        problems.append(f"{where}.pageInfo: {info}, expected {expected_info}")
    return problems


def compare(
    type_name: str, node: dict, item: dict, seen: Seen, where: str, asked: set | None = None
) -> list[str]:
    """What in `node`, the GraphQL answer of an object of `type_name`, differs from what the
    table expects of it from `item`, its REST item; `asked` is told (type, alias) of each
    check the answer held."""
    problems = []
    for alias, check in TABLE[type_name].fields.items():
        if alias not in node:
            continue  # not asked for
        if asked is not None:
            asked.add((type_name, alias))
        here = f"{where}.{alias}"
        got = node[alias]
        want = check.expect(seen, item)
        if check.kind == MANY:
            problems += check_connection(here, got, want)
        elif check.kind == REF:
            shown = None if got is None else got["pk"]
            if shown != want:
                problems.append(f"{here}: pk {shown}, expected {want}")
        elif check.kind == EMBEDDED:
            if len(got) != len(want):
                problems.append(f"{here}: {len(got)} values, expected {len(want)}")
            for index, (value, expected) in enumerate(zip(got, want, strict=False)):
                problems += compare(
                    check.embedded, value, expected, seen, f"{here}[{index}]", asked
                )
        elif not same(got, want):
            problems.append(f"{here}: {got!r}, expected {want!r}")
    return problems


def nodes_at(value: Any, keys: tuple[str, ...]) -> list[dict]:
    """The objects at `keys` of an answer, lists flattened on the way."""
    found = [value]
    for key in keys:
        found = [
            item
            for v in found
            for item in (v[key] if isinstance(v[key], list) else [v[key]])
            if item is not None
        ]
    return found


# -- what the table covers ----------------------------------------------------------------------


def _register() -> None:
    """The table's fields, its embedded types', the root fields it asks, and every field of the
    connections, edges and PageInfo it checks."""
    graphql = schema().graphql
    test = "tests.graphql.test_parity.test_every_field_has_its_value"
    for type_name, kind in TABLE.items():
        object_type = graphql.type_map[type_name]
        for alias, check in kind.fields.items():
            name = check.field or alias
            CHECKED[f"{type_name}.{name}"].add(test)
            if check.kind != MANY:
                continue
            connection = get_named_type(object_type.fields[name].type)
            _register_connection(connection, test)
        for root in (kind.root, kind.item, kind.alone and kind.alone[0]):
            if root:
                CHECKED[f"Query.{root}"].add(test)
                if root == kind.root:
                    _register_connection(get_named_type(graphql.query_type.fields[root].type), test)
    for root in ("oneonones", "objectives", "profiles"):  # the ways through, above
        CHECKED[f"Query.{root}"].add(test)


def _register_connection(connection: GraphQLObjectType, test: str) -> None:
    edge = get_named_type(connection.fields["edges"].type)
    for type_name, names in (
        (connection.name, connection.fields),
        (edge.name, edge.fields),
        ("PageInfo", get_named_type(connection.fields["pageInfo"].type).fields),
    ):
        for name in names:
            CHECKED[f"{type_name}.{name}"].add(test)


_register()
