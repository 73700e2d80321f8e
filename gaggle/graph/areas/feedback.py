"""feedback.graphql: feedback requests and feedback (REST `feedbackrequests/`, `feedback/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import func, select

from gaggle import links
from gaggle.graph.areas.userprofile import profiles_seen
from gaggle.graph.mutations import refused, reread, rest_body, run, with_answers
from gaggle.graph.nodes import caller_of, day_start, filtered, ids, node, ordered, related
from gaggle.graph.relay import connection
from gaggle.models import feedback as rules
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
REQUEST_SORTS = {"pk": "id", "created": "created", "dueDatetime": "due_date"}
# FeedbackNode.state's legacy codes.
STATES = {DRAFT: 1, SUBMITTED: 2}

request_node = node(
    "FeedbackRequestV2Node",
    lambda request: links.current().feedbackrequest(request.id),
    can_change=rules.may_change_request,
    can_delete=rules.may_change_request,
    renamed={"sentDate": "created", "recipient": "subject"},
)
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
    return request.state == OPEN


@request_node.field("allResponders")
def resolve_all_responders(request: FeedbackRequest, info, **args):
    asked = select(feedback_request_responders.c.userprofile_id).where(
        feedback_request_responders.c.feedback_request_id == request.id
    )
    statement = profiles_in(caller_of(info).network_id).where(UserProfile.id.in_(asked))
    return connection(
        info.context.session, statement.order_by(UserProfile.id), args, seen=profiles_seen(info)
    )


def _feedback(info, args: dict, *, request: int | None = None):
    state = {1: DRAFT, 2: SUBMITTED}.get(args.get("state"), "no such state")
    request = request if request is not None else args.get("feedbackRequest")
    statement = filtered(
        rules.feedback_for(caller_of(info)),
        (request, Feedback.request_id),
        (args.get("responderProfileId"), Feedback.author_id),
        (args.get("recipient"), Feedback.recipient_id),
        (args.get("state"), lambda _: Feedback.state == state),
        ids(args, Feedback.id),
    )
    statement = ordered(statement, args.get("orderBy"), SORTS, "listFeedback", default="-created")

    def seen(rows) -> None:
        info.context.loader("feedback_request").want(row.request_id for row in rows)

    return connection(info.context.session, statement, args, seen=seen)


@request_node.field("feedbacks")
def resolve_request_feedbacks(request: FeedbackRequest, info, **args):
    return _feedback(info, args, request=request.id)


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


@query.field("feedback")
def resolve_feedback_item(_, info, pk: int):
    return reread(info, rules.get_feedback, pk)


@query.field("feedbacks")
def resolve_feedbacks(_, info, **args):
    return _feedback(info, args)


def _requests(info, args: dict, *, subject: int | None = None):
    subject = subject if subject is not None else args.get("recipient")
    accepting = args.get("acceptingSubmissions")
    statement = filtered(
        rules.requests_for(caller_of(info)),
        (args.get("creator"), FeedbackRequest.creator_id),
        (subject, FeedbackRequest.subject_id),
        (args.get("responder"), lambda profile: FeedbackRequest.id.in_(rules.asking(profile))),
        (accepting, lambda accepting: FeedbackRequest.state == (OPEN if accepting else CLOSED)),
        ids(args, FeedbackRequest.id),
    )
    statement = ordered(
        statement,
        args.get("orderBy"),
        REQUEST_SORTS,
        "listFeedbackRequests",
        default="-created",
    )
    return connection(info.context.session, statement, args)


@query.field("feedbackRequest")
def resolve_feedback_request_item(_, info, pk: int):
    return info.context.loader("feedback_request").get(pk)


@query.field("feedbackRequests")
def resolve_feedback_requests(_, info, **args):
    return _requests(info, args)


@profile_node.field("feedbackRequests")
def resolve_profile_feedback_requests(profile: UserProfile, info, **args):
    return _requests(info, args, subject=profile.id)


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
    "due_date": ["request", "dueDatetime"],
    "state": ["request", "acceptingSubmissions"],
}


@mutation.field("updateFeedbackRequest")
def resolve_update_feedback_request(_, info, request: dict, pk=None):
    if pk is None:
        errors = refused(422, "pk: Gaggle creates requests with createFeedbackRequest.")
        return {"feedbackRequest": None, "userErrors": errors}
    data = {}
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
}


@mutation.field("createFeedbackRequest")
def resolve_create_feedback_request(_, info, input: dict):  # noqa: A002 - the schema's name
    data = {"responders": input["responders"], "questions": input["questions"]}
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


BINDABLES = [query, mutation, request_node, feedback_node, profile_node]
FETCHERS = {"feedback_request": fetch_requests}
