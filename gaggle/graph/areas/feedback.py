"""feedback.graphql: feedback requests and feedback (REST `feedbackrequests/`, `feedback/`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import false, func, select, true

from gaggle import links
from gaggle.graph.areas.userprofile import profiles_seen
from gaggle.graph.context import page_of
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import refused, reread, rest_body, run, with_answers
from gaggle.graph.nodes import (
    caller_of,
    day_start,
    filtered,
    ids,
    node,
    ordered,
    related,
    since,
    until,
)
from gaggle.graph.relay import connection, nested
from gaggle.models import feedback as rules
from gaggle.models import people
from gaggle.models.base import one_or_422
from gaggle.models.feedback import (
    CLOSED,
    DRAFT,
    OPEN,
    SUBMITTED,
    Feedback,
    FeedbackRequest,
    feedback_request_responders,
)
from gaggle.models.people import UserProfile, profiles_in

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")

SORTS = {"pk": "id", "created": "created", "submittedTimestamp": "submitted"}
REQUEST_SORTS = {"pk": "id", "created": "created", "sentDate": "created"}
REQUEST_SORTS |= {"dueDatetime": "due_date", "title": "title"}
# FeedbackNode.state's legacy codes, and FeedbackResponderNode.state's before an answer.
STATES = {DRAFT: 1, SUBMITTED: 2}
NOT_STARTED = 0
# FeedbackRequestV2Node.type's legacy codes for a request about its creator and about another.
PERSONAL, THREESIXTY = 0, 3

request_node = node(
    "FeedbackRequestV2Node",
    lambda request: links.current().feedbackrequest(request.id),
    can_change=rules.may_change_request,
    can_delete=rules.may_change_request,
    renamed={
        "sentDate": "created",
        "publishedDatetime": "created",
        "recipient": "subject",
        "enforceDueDatetime": "enforce_due_date",
    },
)
responder_node = ObjectType("FeedbackResponderNode")
feedback_node = node(
    "FeedbackNode",
    lambda item: links.current().feedback(item.id),
    can_change=rules.may_change_feedback,
    can_delete=rules.may_change_feedback,
    renamed={"submittedTimestamp": "submitted", "answerTexts": "answers"},
)


@request_node.field("dueDatetime")
def resolve_due(request: FeedbackRequest, info):
    return day_start(request.due_date)


@request_node.field("state")
def resolve_request_state(request: FeedbackRequest, info) -> int:
    return 1  # published: Gaggle sends a request as it creates it


@request_node.field("acceptingSubmissions")
def resolve_accepting(request: FeedbackRequest, info) -> bool:
    return rules.takes_answers(request)


@request_node.field("type")
def resolve_request_type(request: FeedbackRequest, info) -> int:
    return PERSONAL if request.subject_id == request.creator_id else THREESIXTY


@request_node.field("currentUserManagesCreator")
def resolve_manages_creator(request: FeedbackRequest, info) -> bool:
    return people.manages(caller_of(info).profile_id, request.creator)


def _sees_answers(request: FeedbackRequest, info) -> bool:
    return rules.may_see_answers(caller_of(info), request)


request_node.set_field("canViewResponses", _sees_answers)
request_node.set_field("canViewAllResponses", _sees_answers)


def _asked(request: FeedbackRequest, info, args: dict):
    """A page of the profiles the request asks, by id, read for its whole page at once."""
    table = feedback_request_responders
    rows = profiles_in(caller_of(info).network_id)
    link = (table, table.c.userprofile_id == UserProfile.id)
    parent = table.c.feedback_request_id
    seen = profiles_seen(info)
    return nested(info, request, rows, parent, [UserProfile.id], args, link=link, seen=seen)


def _answers(request: FeedbackRequest, info) -> dict[tuple[int, int], Feedback]:
    """The answers the caller sees to the requests read with `request`, by (request, author),
    read once for all of them."""
    session = info.context.session
    ids = sorted({item.id for item in page_of(session, request)})

    def read() -> dict[tuple[int, int], Feedback]:
        visible = rules.feedback_for(caller_of(info)).where(Feedback.request_id.in_(ids))
        return {(item.request_id, item.author_id): item for item in session.scalars(visible)}

    return info.context.memo(f"feedback answers {ids}", read)


@request_node.field("allResponders")
def resolve_all_responders(request: FeedbackRequest, info, **args):
    return _asked(request, info, args)


@dataclass(frozen=True)
class Responder:
    """A FeedbackResponderNode: a person asked to answer a request (or the author of
    unsolicited feedback), with their answer as far as the caller may see it."""

    profile_id: int
    request_id: int | None
    feedback: Feedback | None
    state: int | None
    modified: dt.datetime | None


def answering(item: Feedback) -> Responder:
    """The responder whose answer `item` is (one the caller sees)."""
    return Responder(item.author_id, item.request_id, item, STATES[item.state], item.modified)


def responding(caller, request: FeedbackRequest, profile_id: int, answer: Feedback | None):
    """The responder `profile_id` of `request`, with `answer`, their answer the caller sees."""
    if answer is not None:
        return answering(answer)
    if rules.may_see_answers(caller, request) or profile_id == caller.profile_id:
        return Responder(profile_id, request.id, None, NOT_STARTED, request.created)
    return Responder(profile_id, request.id, None, None, None)


@request_node.field("responders")
def resolve_responders(request: FeedbackRequest, info, **args):
    page = _asked(request, info, args)
    caller = caller_of(info)
    asked = [profile.id for profile in page.items]
    found = _answers(request, info)
    answers = {
        author: found[request.id, author] for author in asked if (request.id, author) in found
    }
    return page.shown_as([responding(caller, request, p, answers.get(p)) for p in asked])


@profile_node.field("feedbackResponses")
def resolve_feedback_responses(profile: UserProfile, info, **args):
    caller = caller_of(info)
    table = feedback_request_responders
    link = (table, table.c.feedback_request_id == FeedbackRequest.id)
    order = [FeedbackRequest.created.desc(), FeedbackRequest.id.desc()]
    rows = rules.visible_requests(caller)
    page = nested(info, profile, rows, table.c.userprofile_id, order, args, link=link)
    answers = _answers_by(profile, info)
    return page.shown_as(
        [responding(caller, r, profile.id, answers.get((r.id, profile.id))) for r in page.items]
    )


def _answers_by(profile: UserProfile, info) -> dict[tuple[int, int], Feedback]:
    """The answers the caller sees by the people read with `profile`, by (request, author),
    read once for all of them."""
    session = info.context.session
    ids = sorted({item.id for item in page_of(session, profile)})

    def read() -> dict[tuple[int, int], Feedback]:
        visible = rules.feedback_for(caller_of(info)).where(
            Feedback.author_id.in_(ids), Feedback.request_id.is_not(None)
        )
        return {(item.request_id, item.author_id): item for item in session.scalars(visible)}

    return info.context.memo(f"answers by {ids}", read)


responder_node.set_field("profile", related("profile", "profile_id"))
responder_node.set_field("feedbackRequest", related("feedback_request", "request_id"))


def _feedback(info, args: dict, *, request: FeedbackRequest | None = None):
    """A page of the feedback the caller sees by the legacy filters: of `request`, read for
    its whole page of requests at once, when given."""
    state = {1: DRAFT, 2: SUBMITTED}.get(args.get("state"), "no such state")
    statement = filtered(
        rules.feedback_for(caller_of(info)),
        (args.get("feedbackRequest"), Feedback.request_id),
        (args.get("responderProfileId"), Feedback.author_id),
        (args.get("recipient"), Feedback.recipient_id),
        (args.get("state"), lambda _: Feedback.state == state),
        ids(args, Feedback.id),
    )
    statement = ordered(statement, args.get("orderBy"), SORTS, "listFeedback", default="-created")

    def seen(rows) -> None:
        info.context.loader("feedback_request").want(row.request_id for row in rows)

    if request is not None:
        return nested(info, request, statement, Feedback.request_id, None, args, seen=seen)
    return connection(info.context.session, statement, args, seen=seen)


@request_node.field("feedbacks")
def resolve_request_feedbacks(request: FeedbackRequest, info, **args):
    return _feedback(info, args, request=request)


@request_node.field("numResponsesSubmitted")
def resolve_submitted_count(request: FeedbackRequest, info) -> int:
    visible = rules.feedback_for(caller_of(info)).where(
        Feedback.request_id == request.id, Feedback.state == SUBMITTED
    )
    return info.context.session.scalar(
        select(func.count()).select_from(visible.order_by(None).subquery())
    )


@feedback_node.field("state")
def resolve_feedback_state(item: Feedback, info) -> int:
    return STATES[item.state]


feedback_node.set_field("feedbackRequest", related("feedback_request", "request_id"))
feedback_node.set_field("responder", source_only(answering))


@query.field("feedback")
def resolve_feedback_item(_, info, pk: int):
    return reread(info, rules.get_feedback, pk)


@query.field("feedbacks")
def resolve_feedbacks(_, info, **args):
    return _feedback(info, args)


def _relevant(caller, options: dict):
    """RequestRelevanceOptions as a condition on requests."""
    return rules.relevant_to(
        options.get("profile") or caller.profile_id,
        made=options["includeFromProfile"],
        asked=options["includeForProfile"],
        about=options["includeSharedWithProfile"],
    )


def _requests(info, args: dict, *, subject: UserProfile | None = None):
    """A page of the feedback requests the caller sees by the legacy filters: of those about
    `subject`, read for its whole page of people at once, when given."""
    caller = caller_of(info)
    accepting = args.get("acceptingSubmissions")
    mine = caller.profile_id if args.get("myReports") else None
    # Gaggle sends a request as it makes it: every request is published (1), none a draft (0).
    published = args.get("state")
    statement = filtered(
        rules.requests_for(caller),
        (args.get("creator"), FeedbackRequest.creator_id),
        (args.get("recipient"), FeedbackRequest.subject_id),
        (args.get("responder"), lambda profile: FeedbackRequest.id.in_(rules.asking(profile))),
        (accepting, lambda accepting: FeedbackRequest.state == (OPEN if accepting else CLOSED)),
        (args.get("profileRelevance"), lambda options: _relevant(caller, options)),
        (mine, rules.about_reports_of),
        (args.get("reportsTo"), rules.about_reports_of),
        since(FeedbackRequest.created, args.get("sentDateGte"), "sentDateGte"),
        until(FeedbackRequest.created, args.get("sentDateLte"), "sentDateLte"),
        (published, lambda state: true() if state == 1 else false()),
        ids(args, FeedbackRequest.id),
    )
    statement = ordered(
        statement,
        args.get("orderBy"),
        REQUEST_SORTS,
        "listFeedbackRequests",
        default="-created",
    )
    if subject is not None:
        return nested(info, subject, statement, FeedbackRequest.subject_id, None, args)
    return connection(info.context.session, statement, args)


@query.field("feedbackRequest")
def resolve_feedback_request_item(_, info, pk: int):
    return info.context.loader("feedback_request").get(pk)


@query.field("feedbackRequests")
def resolve_feedback_requests(_, info, **args):
    return _requests(info, args)


@profile_node.field("feedbackRequests")
def resolve_profile_feedback_requests(profile: UserProfile, info, **args):
    return _requests(info, args, subject=profile)


@profile_node.field("feedbackRequest")
def resolve_profile_feedback_request(profile: UserProfile, info, pk: int | None = None):
    if pk is None:
        return None
    statement = rules.requests_for(caller_of(info)).where(
        FeedbackRequest.id == pk, FeedbackRequest.subject_id == profile.id
    )
    return info.context.session.scalar(statement)


def _threesixty(info, *conditions) -> int:
    """How many of the requests about someone else that the caller sees meet `conditions`."""
    seen = rules.visible_requests(caller_of(info)).where(rules.about_someone_else(), *conditions)
    return info.context.session.scalar(select(func.count()).select_from(seen.subquery()))


def _counted(*conditions):
    """A resolver of a profile's count of threesixty requests: `conditions(profile, caller)`."""
    return lambda profile, info: _threesixty(
        info, *(condition(profile, caller_of(info)) for condition in conditions)
    )


def _asking(profile, caller):
    return FeedbackRequest.id.in_(rules.asking(profile.id))


profile_node.set_field(
    "count360FeedbackRequestsReceivedAsRecipient",
    _counted(lambda profile, caller: FeedbackRequest.subject_id == profile.id),
)
profile_node.set_field(
    "count360FeedbackRequestsCreated",
    _counted(lambda profile, caller: FeedbackRequest.creator_id == profile.id),
)
profile_node.set_field("count360FeedbackRequestsReceivedAsResponder", _counted(_asking))
profile_node.set_field(
    "count360FeedbackRequestsResponded",
    _counted(
        _asking,
        lambda profile, caller: FeedbackRequest.id.in_(rules.answered_by(caller, profile.id)),
    ),
)
profile_node.set_field(
    "count360FeedbackRequestsNotResponded",
    _counted(
        _asking,
        lambda profile, caller: (
            rules.answers_seen_by(caller) if profile.id != caller.profile_id else true()
        ),
        lambda profile, caller: FeedbackRequest.id.not_in(rules.answered_by(caller, profile.id)),
    ),
)


# -- mutations -------------------------------------------------------------------------------

ANSWER_FIELDS = {"answers": ["feedback", "answers"], "text": ["feedback", "text"]}
ANSWER_FIELDS |= {"request": ["requestPk"]}


@mutation.field("answerFeedback")
def resolve_answer_feedback(_, info, requestPk: int, feedback: dict):  # noqa: N803
    def write(session, caller) -> int:
        draft = session.scalar(
            rules.feedback_for(caller).where(
                Feedback.request_id == requestPk, Feedback.author_id == caller.profile_id
            )
        )
        request = one_or_422(
            session, rules.requests_for(caller), requestPk, "feedback request", "request"
        )
        answers = with_answers(
            draft.answers if draft else [],
            feedback.get("answers") or [],
            "question",
            "answers",
            len(request.questions),
        )
        data = {"answers": answers}
        if feedback.get("text") is not None:
            data["text"] = feedback["text"]
        if draft is None:
            data["request"] = requestPk
            rest_body("createFeedback", data)
            return rules.create_feedback(session, caller, data).id
        rest_body("updateFeedback", data)
        rules.update_feedback(session, caller, draft, data)
        return draft.id

    done, errors = run(info, write, ANSWER_FIELDS)
    return {"feedback": reread(info, rules.get_feedback, done), "userErrors": errors}


@mutation.field("submitFeedback")
def resolve_submit_feedback(_, info, pk: int):
    def write(session, caller) -> None:
        item = rules.get_feedback(session, caller, pk)
        rules.update_feedback(session, caller, item, {"state": SUBMITTED})

    _, errors = run(info, write, ANSWER_FIELDS)
    return {"feedback": reread(info, rules.get_feedback, pk), "userErrors": errors}


REQUEST_FIELDS = {
    "title": ["request", "title"],
    "description": ["request", "description"],
    "due_date": ["request", "dueDatetime"],
    "enforce_due_date": ["request", "enforceDueDatetime"],
    "state": ["request", "acceptingSubmissions"],
}
# Text and flags both APIs name alike: the GraphQL name and the REST name.
REQUEST_TERMS = {"title": "title", "description": "description"}
REQUEST_TERMS |= {"enforceDueDatetime": "enforce_due_date"}


@mutation.field("updateFeedbackRequest")
def resolve_update_feedback_request(_, info, request: dict, pk=None):
    if pk is None:
        errors = refused(422, "pk: Gaggle creates requests with createFeedbackRequest.")
        return {"feedbackRequest": None, "userErrors": errors}
    data = {
        rest: request[name] for name, rest in REQUEST_TERMS.items() if request.get(name) is not None
    }
    if request.get("clearDueDatetime"):
        data["due_date"] = None
    elif request.get("dueDatetime") is not None:
        data["due_date"] = request["dueDatetime"].date()
    if request.get("acceptingSubmissions") is not None:
        data["state"] = OPEN if request["acceptingSubmissions"] else CLOSED

    def write(session, caller) -> None:
        found = rules.get_request(session, caller, pk)
        rules.update_request(session, caller, found, rest_body("updateFeedbackRequest", data))

    _, errors = run(info, write, REQUEST_FIELDS)
    return {"feedbackRequest": reread(info, rules.get_request, pk), "userErrors": errors}


@mutation.field("deleteFeedbackRequest")
def resolve_delete_feedback_request(_, info, pk: int):
    def write(session, caller) -> FeedbackRequest:
        found = rules.get_request(session, caller, pk)
        rules.delete_request(session, caller, found)
        return found

    gone, errors = run(info, write)
    return {"feedbackRequest": gone, "userErrors": errors}


NEW_REQUEST_FIELDS = {
    "subject": ["input", "recipient"],
    "responders": ["input", "responders"],
    "questions": ["input", "questions"],
    "due_date": ["input", "dueDate"],
    "title": ["input", "title"],
    "description": ["input", "description"],
    "enforce_due_date": ["input", "enforceDueDatetime"],
}


@mutation.field("createFeedbackRequest")
def resolve_create_feedback_request(_, info, input: dict):  # noqa: A002 - the schema's name
    data = {"responders": input["responders"], "questions": input["questions"]}
    data |= {
        rest: input[name] for name, rest in REQUEST_TERMS.items() if input.get(name) is not None
    }
    if input.get("recipient") is not None:
        data["subject"] = input["recipient"]
    if input.get("dueDate") is not None:
        data["due_date"] = input["dueDate"]

    def write(session, caller) -> int:
        rest_body("createFeedbackRequest", data)
        return rules.create_request(session, caller, data).id

    done, errors = run(info, write, NEW_REQUEST_FIELDS)
    return {"feedbackRequest": reread(info, rules.get_request, done), "userErrors": errors}


@mutation.field("giveFeedback")
def resolve_give_feedback(_, info, input: dict):  # noqa: A002 - the schema's name
    data = {"recipient": input["recipient"], "text": input["text"]}
    if input.get("submit"):
        data["state"] = SUBMITTED

    def write(session, caller) -> int:
        rest_body("createFeedback", data)
        return rules.create_feedback(session, caller, data).id

    fields = {"recipient": ["input", "recipient"], "text": ["input", "text"]}
    done, errors = run(info, write, fields)
    return {"feedback": reread(info, rules.get_feedback, done), "userErrors": errors}


def fetch_requests(session, caller, wanted):
    return session.scalars(rules.requests_for(caller).where(FeedbackRequest.id.in_(wanted))).all()


BINDABLES = [query, mutation, request_node, feedback_node, responder_node, profile_node]
FETCHERS = {"feedback_request": fetch_requests}
