"""oneonone.graphql: 1-on-1s, their notes and action items (REST `oneonones/`)."""

from __future__ import annotations

import datetime as dt

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy.sql.elements import ColumnElement

from gaggle import links
from gaggle.graph.areas.userprofile import met, pk_of
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import refused, reread, rest_body, run
from gaggle.graph.nodes import (
    at,
    caller_of,
    day_start,
    filtered,
    id_list,
    ids,
    node,
    ordered,
    related,
    since,
    until,
)
from gaggle.graph.relay import connection, nested, of_list
from gaggle.models import oneonone as rules
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import UserProfile
from gaggle.problems import Problem

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")

SORTS = {"pk": "id", "startTime": "scheduled_start", "created": "created"}
ITEM_SORTS = {"pk": "id", "created": "created", "modified": "modified", "dueDate": "due_date"}
ITEM_SORTS |= {"completedDatetime": "completed_at"}

# The `status` code of each state (graphql/oneonone.graphql).
STATUS_CODES = {rules.SCHEDULED: 1, rules.COMPLETED: 2, rules.CANCELLED: 3}

oneonone_node = node(
    "OneOnOneNode",
    lambda item: links.current().oneonone(item.id),
    can_change=lambda caller, item: rules.may_change(item),
    can_delete=rules.may_delete,
    renamed={
        "name": "title",
        "startTime": "scheduled_start",
        "scheduledAt": "scheduled_start",
        "state": "status",
        "updatedTime": "modified",
        "completedDatetime": "completed_at",
        "completedTime": "completed_at",
    },
)
oneonone_node.set_field("status", source_only(lambda item: STATUS_CODES[item.status]))
note_node = node(
    "OneOnOneNoteNode",
    lambda note: links.current().oneonone_note(note.oneonone_id, note.id),
    can_change=rules.may_change_note,
    can_delete=rules.may_change_note,
    renamed={"content": "text"},
)
# Either of the 1-on-1's people changes and deletes its action items; only they see them.
action_item_node = node(
    "ActionItemNode",
    lambda item: links.current().oneonone_action_item(item.oneonone_id, item.id),
    can_change=lambda caller, item: True,
    can_delete=lambda caller, item: True,
    renamed={
        "assignedDatetime": "assigned_at",
        "completedDatetime": "completed_at",
        "uncompletedDatetime": "uncompleted_at",
    },
)


@oneonone_node.field("endTime")
def resolve_end_time(item: OneOnOne, info) -> dt.datetime:
    return item.scheduled_start + dt.timedelta(minutes=item.duration)


@oneonone_node.field("canComplete")
def resolve_can_complete(item: OneOnOne, info) -> bool:
    return rules.may_change(item)


@oneonone_node.field("scheduledBy")
def resolve_scheduled_by(item: OneOnOne, info):
    return item.facilitator


@oneonone_node.field("notes")
def resolve_notes(item: OneOnOne, info, **args):
    rows = filtered(
        rules.visible_notes(caller_of(info)), (args.get("shared"), OneOnOneNote.shared.is_)
    )
    return nested(info, item, rows, OneOnOneNote.oneonone_id, [OneOnOneNote.id], args)


def _items(info, statement, args: dict, item=None, column=ActionItem.oneonone_id):
    """A page of action items by the legacy filters: of `item`'s (a 1-on-1, or a person whose
    action items `column` names), read for its whole page at once, when given."""
    statement = filtered(
        statement,
        (args.get("creator"), ActionItem.creator_id),
        (args.get("assignedTo"), ActionItem.assignee_id),
        (args.get("completed"), ActionItem.completed.is_),
        (args.get("completedBy"), ActionItem.completed_by_id),
        (args.get("uncompletedBy"), ActionItem.uncompleted_by_id),
        ids(args, ActionItem.id),
    )
    statement = ordered(
        statement, args.get("orderBy"), ITEM_SORTS, "listOneOnOneActionItems", default="id"
    )

    def seen(rows) -> None:
        info.context.loader("profile").want(
            i
            for row in rows
            for i in (row.creator_id, row.assignee_id, row.completed_by_id, row.uncompleted_by_id)
        )
        info.context.loader("oneonone").want(row.oneonone_id for row in rows)

    if item is not None:
        return nested(info, item, statement, column, None, args, seen=seen)
    return connection(info.context.session, statement, args, seen=seen)


@oneonone_node.field("actionItems")
@oneonone_node.field("createdActionItems")
def resolve_action_items(item: OneOnOne, info, **args):
    return _items(info, rules.action_items_of_any(), args, item)


note_node.set_field("creator", related("profile", "author_id"))


note_node.set_field("oneonone", related("oneonone", "oneonone_id"))


@action_item_node.field("dueDate")
def resolve_due_date(item: ActionItem, info):
    return day_start(item.due_date)


action_item_node.set_field("creator", related("profile", "creator_id"))


action_item_node.set_field("assignedTo", related("profile", "assignee_id"))


action_item_node.set_field("createdInOneonone", related("oneonone", "oneonone_id"))


action_item_node.set_field("completedBy", related("profile", "completed_by_id"))


action_item_node.set_field("uncompletedBy", related("profile", "uncompleted_by_id"))


@action_item_node.field("participants")
def resolve_participants(item: ActionItem, info, **args):
    oneonone = info.context.loader("oneonone").get(item.oneonone_id)
    people = [oneonone.facilitator, oneonone.participant] if oneonone else []
    met(info, people)
    return of_list(people, args)


@action_item_node.field("network")
def resolve_network(item: ActionItem, info):
    # Only the people of a 1-on-1 see its action items, and both are of the caller's network.
    return info.context.loader("network").get(caller_of(info).network_id)


def _in_status(code: int) -> ColumnElement[bool]:
    """The condition for the 1-on-1s with the `status` code: none for a number that is not one."""
    states = [state for state, known in STATUS_CODES.items() if known == code]
    return OneOnOne.status.in_(states)


def _oneonones(info, args: dict):
    return connection(info.context.session, _oneonone_statement(info, args), args)


def _oneonone_statement(info, args: dict):
    participant = args.get("participant")
    start, end = OneOnOne.scheduled_start, rules.end_time()
    statement = filtered(
        rules.oneonones_for(caller_of(info)),
        (pk_of(args.get("network"), "NetworkNode", "network"), OneOnOne.network_id),
        (args.get("facilitator"), OneOnOne.facilitator_id),
        (participant, rules.with_participant),
        (id_list(args, "participants"), rules.with_any_of),
        (id_list(args, "teams"), rules.with_member_of),
        (args.get("status"), _in_status),
        (args.get("state"), OneOnOne.status),
        at(start, args.get("startTime"), "startTime"),
        since(start, args.get("startTime_Gte"), "startTime_Gte"),
        until(start, args.get("startTime_Lte"), "startTime_Lte"),
        at(end, args.get("endTime"), "endTime"),
        since(end, args.get("endTime_Gte"), "endTime_Gte"),
        until(end, args.get("endTime_Lte"), "endTime_Lte"),
        since(OneOnOne.completed_at, args.get("completedDatetime_Gte"), "completedDatetime_Gte"),
        until(OneOnOne.completed_at, args.get("completedDatetime_Lte"), "completedDatetime_Lte"),
        since(OneOnOne.modified, args.get("updatedDatetime_Gte"), "updatedDatetime_Gte"),
        until(OneOnOne.modified, args.get("updatedDatetime_Lte"), "updatedDatetime_Lte"),
        ids(args, OneOnOne.id),
    )
    statement = ordered(
        statement, args.get("orderBy"), SORTS, "listOneOnOnes", default="-scheduled_start"
    )
    return statement


@query.field("oneonones")
def resolve_oneonones(_, info, **args):
    return _oneonones(info, args)


@profile_node.field("oneonones")
def resolve_profile_oneonones(profile: UserProfile, info, **args):
    # A person's 1-on-1s are those they are one of the two people of; the caller's own
    # profile lists every 1-on-1 they see.
    pairs = rules.people_of_each(everyone_of=caller_of(info).profile_id)
    rows = _oneonone_statement(info, args)
    link = (pairs, pairs.c.id == OneOnOne.id)
    return nested(info, profile, rows, pairs.c.person, None, args, link=link)


def _theirs(column):
    """A resolver of a person's action items among the caller's: those whose `column` is them."""

    def resolve(profile: UserProfile, info, **args):
        return _items(info, rules.action_items_for(caller_of(info)), args, profile, column)

    return resolve


profile_node.set_field("createdActionItems", _theirs(ActionItem.creator_id))
profile_node.set_field("assignedActionItems", _theirs(ActionItem.assignee_id))
profile_node.set_field("completedActionItems", _theirs(ActionItem.completed_by_id))
profile_node.set_field("uncompletedActionItems", _theirs(ActionItem.uncompleted_by_id))


@query.field("oneonone")
def resolve_oneonone(_, info, pk: int):
    return info.context.loader("oneonone").get(pk)


def _action_item(session, caller, pk: int) -> ActionItem:
    """The action item of one of the caller's 1-on-1s; Problem(404) for any other."""
    item = session.scalar(rules.action_items_for(caller).where(ActionItem.id == pk))
    if item is None:
        raise Problem(404, f"No action item with id {pk}.")
    return item


@query.field("actionItem")
def resolve_action_item(_, info, pk: int):
    return reread(info, _action_item, pk)


@query.field("actionItems")
def resolve_action_items_root(_, info, **args):
    oneonone = args.get("oneonone", args.get("createdInOneonone"))
    statement = filtered(
        rules.action_items_for(caller_of(info)),
        (oneonone, ActionItem.oneonone_id),
        (id_list(args, "participants"), rules.in_oneonones_of_any),
    )
    return _items(info, statement, args)


# -- mutations -------------------------------------------------------------------------------

FIELDS = {
    "title": ["actionItem", "title"],
    "description": ["actionItem", "description"],
    "due_date": ["actionItem", "dueDate"],
    "assignee": ["actionItem", "assignedTo"],
    "completed": ["actionItem", "completed"],
}


def _item_data(given: dict) -> dict:
    """The REST body of an action item from ActionItemInput (fields given only)."""
    data = {}
    for field in ("title", "description"):
        if given.get(field) is not None:
            data[field] = given[field]
    if "dueDate" in given:
        due = given["dueDate"]
        data["due_date"] = due.date() if due is not None else None
    if given.get("assignedTo") is not None:
        data["assignee"] = given["assignedTo"]
    if given.get("completed") is not None:
        data["completed"] = given["completed"]
    return data


@mutation.field("createOrUpdateActionItem")
def resolve_create_or_update_action_item(_, info, actionItem: dict, pk=None):  # noqa: N803
    data = _item_data(actionItem)
    if pk is None and actionItem.get("createdInOneonone") is None:
        errors = refused(422, "createdInOneonone: required to add an action item.")
        return {"actionItem": None, "userErrors": errors}

    def write(session, caller) -> int:
        if pk is None:
            item = rules.get_oneonone(session, caller, actionItem["createdInOneonone"])
            rest_body("addOneOnOneActionItem", data)
            return rules.add_action_item(session, caller, item, data).id
        action = _action_item(session, caller, pk)
        item = rules.get_oneonone(session, caller, action.oneonone_id)
        rest_body("updateOneOnOneActionItem", data)
        rules.update_action_item(session, caller, item, action, data)
        return action.id

    done, errors = run(info, write, FIELDS)
    found = reread(info, _action_item, done if done is not None else pk)
    return {"actionItem": found, "userErrors": errors}


@mutation.field("deleteActionItem")
def resolve_delete_action_item(_, info, pk: int):
    def write(session, caller) -> ActionItem:
        action = _action_item(session, caller, pk)
        item = rules.get_oneonone(session, caller, action.oneonone_id)
        rules.delete_action_item(session, caller, item, pk)
        return action

    gone, errors = run(info, write)
    return {"actionItem": gone, "userErrors": errors}


@mutation.field("deleteOneonone")
def resolve_delete_oneonone(_, info, pk: int):
    def write(session, caller) -> bool:
        rules.delete_oneonone(session, caller, rules.get_oneonone(session, caller, pk))
        return True

    done, errors = run(info, write)
    return {"ok": bool(done), "userErrors": errors}


@mutation.field("updateNoteSharing")
def resolve_update_note_sharing(_, info, pk: int, shared: bool):
    def note_of(session, caller, note_id: int) -> OneOnOneNote:
        note = session.scalar(rules.notes_of_theirs(caller).where(OneOnOneNote.id == note_id))
        if note is None:
            raise Problem(404, f"No note with id {note_id}.")
        return note

    def write(session, caller) -> int:
        found = note_of(session, caller, pk)
        item = rules.get_oneonone(session, caller, found.oneonone_id)
        note = rules.get_note(session, caller, item, pk)
        rules.update_note(
            session, caller, note, rest_body("updateOneOnOneNote", {"shared": shared})
        )
        return item.id

    done, errors = run(info, write, {"shared": ["shared"]})
    note = reread(info, note_of, pk)
    oneonone = info.context.loader("oneonone").get(note.oneonone_id if note else done)
    return {"oneonone": oneonone, "note": note, "userErrors": errors}


def fetch_oneonones(session, caller, wanted):
    return session.scalars(rules.oneonones_for(caller).where(OneOnOne.id.in_(wanted))).all()


BINDABLES = [query, mutation, oneonone_node, note_node, action_item_node, profile_node]
FETCHERS = {"oneonone": fetch_oneonones}
