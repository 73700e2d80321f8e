"""recognition.graphql: badges and recognitions (REST `badges/`, `recognitions/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType

from gaggle import links
from gaggle.graph.areas.userprofile import met
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, filtered, ids, node, ordered, related, since, until
from gaggle.graph.relay import connection, nested
from gaggle.models import recognition
from gaggle.models.people import UserProfile
from gaggle.models.recognition import Badge, Recognition

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")

SORTS = {"pk": "id", "awardedDate": "created"}
BADGE_SORTS = {"pk": "id", "name": "name", "created": "created"}

badge_node = node(
    "BadgeNode",
    lambda badge: links.current().badge(badge.id),
    can_change=lambda caller, badge: recognition.may_manage_badges(caller),
)
recognition_node = node(
    "BadgeRecipientNode",
    lambda item: links.current().recognition(item.id),
    can_change=recognition.may_change,
    can_delete=recognition.may_delete,
    renamed={
        "awardedDate": "created",
        "sender": "creator",
        "likesCount": "likes_count",
        "commentsCount": "comments_count",
    },
)


recognition_node.set_field(
    "recognitionWebViewUrl", source_only(lambda item: links.current().recognition(item.id))
)
recognition_node.set_field("liked", source_only(lambda item: bool(item.liked)))


recognition_node.set_field("badge", related("badge", "badge_id"))


def recognitions_seen(info):
    """A page of recognitions comes with both people; their badges load once for the page."""

    def seen(rows) -> None:
        info.context.loader("badge").want(r.badge_id for r in rows)
        met(info, [person for r in rows for person in (r.creator, r.recipient)])

    return seen


def _recognitions(info, args: dict, *, person: UserProfile | None = None, column=None):
    """The caller's recognitions by the legacy filters: those `person` sent or received (the
    `column` naming them), read for the whole page of people at once, when given."""
    sender, recipient = args.get("senderId"), args.get("recipientId")
    statement = filtered(
        recognition.recognitions_for(caller_of(info)),
        (sender, Recognition.creator_id),
        (recipient, Recognition.recipient_id),
        (args.get("badgeId"), Recognition.badge_id),
        (args.get("badgeActive"), recognition.with_badge_active),
        since(Recognition.created, args.get("awardedDate_Gte"), "awardedDate_Gte"),
        until(Recognition.created, args.get("awardedDate_Lte"), "awardedDate_Lte"),
        ids(args, Recognition.id),
    )
    statement = ordered(
        statement, args.get("orderBy"), SORTS, "listRecognitions", default="-created"
    )
    seen = recognitions_seen(info)
    if person is not None:
        return nested(info, person, statement, column, None, args, seen=seen)
    return connection(info.context.session, statement, args, seen=seen)


@query.field("recognitions")
def resolve_recognitions(_, info, **args):
    return _recognitions(info, args)


@profile_node.field("recognitionReceived")
def resolve_received(profile: UserProfile, info, **args):
    return _recognitions(info, args, person=profile, column=Recognition.recipient_id)


@profile_node.field("recognitionGiven")
def resolve_given(profile: UserProfile, info, **args):
    return _recognitions(info, args, person=profile, column=Recognition.creator_id)


@query.field("recognition")
def resolve_recognition(_, info, pk: int):
    return reread(info, recognition.get_recognition, pk)


@query.field("badges")
def resolve_badges(_, info, **args):
    statement = filtered(
        recognition.badges_in(caller_of(info).network_id), (args.get("active"), Badge.active.is_)
    )
    statement = ordered(statement, args.get("orderBy"), BADGE_SORTS, "listBadges", default="name")
    return connection(info.context.session, statement, args)


@query.field("badge")
def resolve_badge_by_pk(_, info, pk: int):
    return info.context.loader("badge").get(pk)


# -- mutations -------------------------------------------------------------------------------

FIELDS = {name: ["input", name] for name in ("recipient", "badge", "message", "pk")}


@mutation.field("giveRecognition")
def resolve_give(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> int:
        body = rest_body("createRecognition", dict(input))
        return recognition.give_recognition(session, caller, body).id

    done, errors = run(info, write, FIELDS)
    return {"recognition": reread(info, recognition.get_recognition, done), "userErrors": errors}


@mutation.field("updateRecognition")
def resolve_update(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> None:
        item = recognition.get_recognition(session, caller, input["pk"])
        body = rest_body("updateRecognition", {"message": input["message"]})
        recognition.update_recognition(session, caller, item, body)

    _, errors = run(info, write, FIELDS)
    return {
        "recognition": reread(info, recognition.get_recognition, input["pk"]),
        "userErrors": errors,
    }


@mutation.field("deleteRecognition")
def resolve_delete(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> Recognition:
        item = recognition.get_recognition(session, caller, input["pk"])
        recognition.delete_recognition(session, caller, item)
        return item

    gone, errors = run(info, write, FIELDS)
    return {"recognition": gone, "userErrors": errors}


def fetch_badges(session, caller, wanted):
    return session.scalars(recognition.badges_in(caller.network_id).where(Badge.id.in_(wanted)))


BINDABLES = [query, mutation, badge_node, recognition_node, profile_node]
FETCHERS = {"badge": fetch_badges}
