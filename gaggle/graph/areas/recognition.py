"""recognition.graphql: badges and recognitions (REST `badges/`, `recognitions/`)."""

from __future__ import annotations

from operator import attrgetter

from ariadne import MutationType, ObjectType, QueryType

from gaggle import links, projection, rows
from gaggle.graph.fast import context_read, source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, filtered, ids, node, ordered, since, until
from gaggle.graph.relay import asks, connection, nested, selected
from gaggle.models import recognition
from gaggle.models.base import missing
from gaggle.models.people import UserProfile
from gaggle.models.recognition import Badge, Recognition

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")

SORTS = {"pk": "id", "awardedDate": "created"}
# The fields of a recognition that only its projection answers (gaggle.projection).
PROJECTED = frozenset({"sender", "recipient", "badge", "likesCount", "commentsCount", "liked"})
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


recognition_node.set_field("badge", source_only(attrgetter("badge")))


def _badge_time(name: str):
    """A badge's `created` or `modified`, which a recognition's badge (gaggle.projection)
    leaves to the badge loader, wanted for the whole page."""

    def read(badge, context):
        if isinstance(badge, projection.Badge):
            badge = context.loader("badge").get(badge.id)
        return getattr(badge, name)

    return context_read(read)


badge_node.set_field("image", source_only(attrgetter("image")))
badge_node.set_field("created", _badge_time("created"))
badge_node.set_field("modified", _badge_time("modified"))


def projected(info):
    """How a page of recognitions is read: as gaggle.projection reads them for REST, with
    their badges and both people; the people's managers load once for the page."""

    def read(page: list[int]) -> list[projection.Recognition]:
        context = info.context
        found, _ = projection.RECOGNITIONS.read(context.reads, context.caller, page)
        context.loader("profile").want(
            person.reports_to_id for item in found for person in (item.creator, item.recipient)
        )
        context.loader("badge").want(item.badge.id for item in found)
        return found

    return read


def get_projected(session, caller, recognition_id: int) -> projection.Recognition:
    """The recognition `recognition_id` as gaggle.projection reads it, if the caller sees it;
    Problem(404) otherwise."""
    found = rows.read_one(
        session.connection(),
        recognition.visible_recognitions,
        projection.RECOGNITIONS,
        caller,
        recognition_id,
    )
    if found is None:
        raise missing("recognition", recognition_id)
    return found


def _recognitions(info, args: dict, *, person: UserProfile | None = None, column=None):
    """The caller's recognitions by the legacy filters: those `person` sent or received (the
    `column` naming them), read for the whole page of people at once, when given."""
    sender, recipient = args.get("senderId"), args.get("recipientId")
    statement = filtered(
        recognition.visible_recognitions(caller_of(info)),
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
    if person is not None:
        # Read for the whole page of people at once, as ORM objects, which answer the
        # recognition's own columns; what the projection adds (its badge and people, counts
        # and likes) is read for all the pages at once, when the document asks for it.
        if not selected(info) & PROJECTED:
            return nested(info, person, statement, column, None, args)
        views = info.context.memo("recognition views", dict)

        def seen(found) -> None:
            views.update((item.id, item) for item in projected(info)([r.id for r in found]))

        page = nested(info, person, statement, column, None, args, seen=seen)
        return page.showing([views[item.id] for item in page.items if item.id in views])
    return connection(
        info.context.reads,
        statement,
        args,
        read=projected(info),
        counted=asks(info, "totalCount"),
    )


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
    return reread(info, get_projected, pk)


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
    return {"recognition": reread(info, get_projected, done), "userErrors": errors}


@mutation.field("updateRecognition")
def resolve_update(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> None:
        item = recognition.get_recognition(session, caller, input["pk"])
        body = rest_body("updateRecognition", {"message": input["message"]})
        recognition.update_recognition(session, caller, item, body)

    _, errors = run(info, write, FIELDS)
    return {
        "recognition": reread(info, get_projected, input["pk"]),
        "userErrors": errors,
    }


@mutation.field("deleteRecognition")
def resolve_delete(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> projection.Recognition:
        item = recognition.get_recognition(session, caller, input["pk"])
        before = get_projected(session, caller, item.id)
        recognition.delete_recognition(session, caller, item)
        return before

    gone, errors = run(info, write, FIELDS)
    return {"recognition": gone, "userErrors": errors}


def fetch_badges(session, caller, wanted):
    return session.scalars(recognition.badges_in(caller.network_id).where(Badge.id.in_(wanted)))


BINDABLES = [query, mutation, badge_node, recognition_node, profile_node]
FETCHERS = {"badge": fetch_badges}
