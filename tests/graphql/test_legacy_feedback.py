"""The legacy names of the feedback area that Gaggle answers from its own data: a request's
title, description, enforced due date, kind and publication, what the caller may see of its
answers, its responders and how far each answer is, and the legacy filters of
`feedbackRequests`."""

from __future__ import annotations

import datetime as dt

import pytest

from gaggle.graph.relay import cursor
from tests.graphql.conftest import nodes
from tests.graphql.fields import checks

REQUEST = """
query Request($pk: Int!) {
  feedbackRequest(pk: $pk) {
    title description enforceDueDatetime acceptingSubmissions publishedDatetime created type
    currentUserManagesCreator canViewResponses canViewAllResponses
  }
}
"""


def _request(graphql, make, user, pk: int) -> dict:
    return graphql(make.token(user)).data(REQUEST, {"pk": pk})["feedbackRequest"]


@checks(
    "FeedbackRequestV2Node.title",
    "FeedbackRequestV2Node.description",
    "FeedbackRequestV2Node.publishedDatetime",
    "FeedbackRequestV2Node.type",
)
def test_title_description_publication_and_kind(graphql, world, make):
    personal = make.feedback_request(
        world.employee,
        [world.peer],
        title="My first quarter",
        description="How did the API work go?",
    )
    mine = _request(graphql, make, world.employee, personal.id)
    assert (mine["title"], mine["description"]) == ("My first quarter", "How did the API work go?")
    assert mine["publishedDatetime"] == mine["created"] is not None
    assert mine["type"] == 0
    # The admin asked about the manager: a request about someone else.
    about_manager = _request(graphql, make, world.admin, world.feedback_request.id)
    assert about_manager["type"] == 3
    assert (about_manager["title"], about_manager["description"]) == ("", "")


@checks("FeedbackRequestV2Node.enforceDueDatetime")
def test_an_enforced_due_date_past_stops_submissions(graphql, world, make):
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    enforced = make.feedback_request(
        world.admin, [world.peer], due_date=yesterday, enforce_due_date=True
    )
    lenient = make.feedback_request(world.admin, [world.peer], due_date=yesterday)
    undated = make.feedback_request(world.admin, [world.peer], enforce_due_date=True)
    answers = {
        request.id: _request(graphql, make, world.peer, request.id)
        for request in (enforced, lenient, undated)
    }
    assert answers[enforced.id]["enforceDueDatetime"] is True
    assert answers[enforced.id]["acceptingSubmissions"] is False
    assert answers[lenient.id]["enforceDueDatetime"] is False
    assert answers[lenient.id]["acceptingSubmissions"] is True
    assert answers[undated.id]["acceptingSubmissions"] is True


@checks(
    "FeedbackRequestV2Node.currentUserManagesCreator",
    "FeedbackRequestV2Node.canViewResponses",
    "FeedbackRequestV2Node.canViewAllResponses",
)
@pytest.mark.parametrize(
    ("viewer", "manages", "sees_answers"),
    [
        ("manager", True, False),  # a responder the creator reports to
        ("admin", True, True),  # the subject, whom the manager reports to
        ("employee", False, True),  # the creator
        ("peer", False, False),  # a responder
    ],
)
def test_what_the_caller_is_to_a_request(graphql, world, make, viewer, manages, sees_answers):
    request = make.feedback_request(
        world.employee, [world.peer, world.manager], subject=world.admin
    )
    answer = _request(graphql, make, getattr(world, viewer), request.id)
    assert answer["currentUserManagesCreator"] is manages
    assert answer["canViewResponses"] is answer["canViewAllResponses"] is sees_answers


RESPONDERS = """
query Responders($pk: Int!) {
  feedbackRequest(pk: $pk) {
    responders(first: 10) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { profile { pk } state feedback { pk } feedbackRequest { pk } modified } }
    }
  }
}
"""


@checks(
    "FeedbackRequestV2Node.responders",
    "FeedbackResponderNode.profile",
    "FeedbackResponderNode.state",
    "FeedbackResponderNode.feedback",
    "FeedbackResponderNode.feedbackRequest",
    "FeedbackResponderNode.modified",
    "FeedbackResponderNodeConnection.totalCount",
    "FeedbackResponderNodeConnection.edges",
    "FeedbackResponderNodeConnection.pageInfo",
    "FeedbackResponderNodeEdge.node",
    "FeedbackResponderNodeEdge.cursor",
)
def test_responders_and_how_far_each_answer_is(graphql, world, make):
    # The admin asks about the employee: the peer submitted, the manager keeps a draft, a
    # newcomer has not started.
    newcomer = make.user(network="Acme", email="newcomer@acme.example")
    request = make.feedback_request(
        world.admin, [world.peer, world.manager, newcomer], subject=world.employee
    )
    submitted = make.feedback(world.peer, request=request)
    draft = make.feedback(world.manager, request=request, submitted=False)

    def responders(user) -> dict[int, dict]:
        data = graphql(make.token(user)).data(RESPONDERS, {"pk": request.id})
        page = data["feedbackRequest"]["responders"]
        assert page["totalCount"] == 3
        assert [edge["cursor"] for edge in page["edges"]] == [cursor(i) for i in range(3)]
        assert page["pageInfo"] == {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": cursor(0),
            "endCursor": cursor(2),
        }
        return {node["profile"]["pk"]: node for node in nodes(page)}

    created = _request(graphql, make, world.admin, request.id)["created"]
    peer, manager, new = (u.profile.id for u in (world.peer, world.manager, newcomer))
    # The creator and the subject see submitted answers; a draft is not one yet.
    for viewer in (world.admin, world.employee):
        seen = responders(viewer)
        assert [seen[p]["state"] for p in (peer, manager, new)] == [2, 0, 0]
        assert seen[peer]["feedback"] == {"pk": submitted.id}
        assert seen[manager]["feedback"] is None and seen[new]["feedback"] is None
        assert seen[manager]["modified"] == seen[new]["modified"] == created
        assert seen[peer]["modified"] not in (None, created)
        assert {n["feedbackRequest"]["pk"] for n in seen.values()} == {request.id}
    # A responder sees their own draft, and nothing of another responder's answer.
    own = responders(world.manager)
    assert (own[manager]["state"], own[manager]["feedback"]) == (1, {"pk": draft.id})
    assert (own[peer]["state"], own[peer]["feedback"], own[peer]["modified"]) == (None,) * 3
    assert own[new]["state"] is None


FEEDBACK_RESPONDER = """
query Answer($pk: Int!) {
  feedback(pk: $pk) {
    pk modified responder { profile { pk } state feedback { pk } feedbackRequest { pk } modified }
  }
}
"""


@checks("FeedbackNode.responder")
def test_the_responder_of_a_piece_of_feedback(graphql, world, make):
    data = graphql(make.token(world.admin)).data(FEEDBACK_RESPONDER, {"pk": world.feedback.id})
    feedback = data["feedback"]
    assert feedback["responder"] == {
        "profile": {"pk": world.employee.profile.id},
        "state": 2,
        "feedback": {"pk": world.feedback.id},
        "feedbackRequest": {"pk": world.feedback_request.id},
        "modified": feedback["modified"],
    }
    unsolicited = make.feedback(world.peer, recipient=world.manager, text="Thanks", submitted=False)
    data = graphql(make.token(world.peer)).data(FEEDBACK_RESPONDER, {"pk": unsolicited.id})
    responder = data["feedback"]["responder"]
    assert responder["profile"] == {"pk": world.peer.profile.id}
    assert (responder["state"], responder["feedbackRequest"]) == (1, None)


LIST = """
query Requests($relevance: RequestRelevanceOptions, $myReports: Boolean, $reportsTo: Int,
               $gte: String, $lte: String, $state: Int, $orderBy: String) {
  feedbackRequests(first: 100, profileRelevance: $relevance, myReports: $myReports,
                   reportsTo: $reportsTo, sentDateGte: $gte, sentDateLte: $lte, state: $state,
                   orderBy: $orderBy) {
    edges { node { pk } }
  }
}
"""


def _relevance(made=False, asked=False, about=False, profile=None) -> dict:
    options = {
        "includeFromProfile": made,
        "includeForProfile": asked,
        "includeSharedWithProfile": about,
    }
    return options | ({"profile": profile} if profile else {})


def test_feedback_requests_by_relevance_reports_sent_date_and_state(graphql, world, make):
    # What the manager sees: the world's request (about the manager, by the admin), one the
    # manager made about the employee, one asking the manager about the peer, and one about
    # the employee the admin made and asked the peer and the manager to answer.
    def ask(creator, responders, subject, day: int, hour: int, title: str):
        sent = dt.datetime(2026, 3, day, hour, tzinfo=dt.UTC)
        return make.feedback_request(
            creator, responders, subject=subject, created=sent, title=title
        )

    made = ask(world.manager, [world.peer], world.employee, 1, 12, "b")
    asked = ask(world.employee, [world.manager], world.peer, 2, 9, "a")
    both = ask(world.admin, [world.peer, world.manager], world.employee, 3, 9, "c")
    about = world.feedback_request.id
    graph = graphql(make.token(world.manager))

    def ids(**variables) -> set[int]:
        return {n["pk"] for n in nodes(graph.data(LIST, variables)["feedbackRequests"])}

    everything = {made.id, asked.id, both.id, about}
    assert ids() == everything
    assert ids(relevance=_relevance(made=True)) == {made.id}
    assert ids(relevance=_relevance(asked=True)) == {asked.id, both.id}
    assert ids(relevance=_relevance(about=True)) == {about}
    assert ids(relevance=_relevance(made=True, about=True)) == {made.id, about}
    assert ids(relevance=_relevance()) == set()
    # Another profile's part, among what the manager may see: what the peer is asked.
    peer = world.peer.profile.id
    assert ids(relevance=_relevance(asked=True, profile=peer)) == {made.id, both.id}
    # The employee and the peer report to the manager; the manager to the admin.
    assert ids(myReports=True) == {made.id, asked.id, both.id}
    assert ids(myReports=False) == everything
    assert ids(reportsTo=world.admin.profile.id) == {about}
    assert ids(reportsTo=world.employee.profile.id) == set()
    assert ids(gte="2026-03-02") == {asked.id, both.id, about}
    assert ids(lte="2026-03-02") == {made.id, asked.id}
    assert ids(gte="2026-03-02T10:00:00+00:00", lte="2026-03-03T09:00:00Z") == {both.id}
    assert ids(state=1) == everything
    assert ids(state=0) == set()
    ordered = graph.data(LIST, {"orderBy": "title,sentDate", "relevance": _relevance(True, True)})
    assert [n["pk"] for n in nodes(ordered["feedbackRequests"])] == [asked.id, made.id, both.id]


def test_a_sent_date_that_is_no_date_is_the_callers_error(graphql, world, make):
    answer = graphql(make.token(world.manager))(LIST, {"gte": "last week"})
    assert answer["data"]["feedbackRequests"] is None
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "sentDateGte" in error["message"]


CREATE = """
mutation Ask($input: CreateFeedbackRequestInput!) {
  createFeedbackRequest(input: $input) {
    feedbackRequest { pk title description enforceDueDatetime }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation Change($pk: Int!, $request: FeedbackRequestInput!) {
  updateFeedbackRequest(pk: $pk, request: $request) {
    feedbackRequest { pk title description enforceDueDatetime }
    userErrors { field message code }
  }
}
"""


def test_create_and_change_title_description_and_enforcement(graphql, world, make):
    graph = graphql(make.token(world.employee))
    created = graph.data(
        CREATE,
        {
            "input": {
                "responders": [world.peer.profile.id],
                "questions": ["What should I keep doing?"],
                "title": "My first quarter",
                "description": "How did it go?",
                "dueDate": "2026-12-15",
                "enforceDueDatetime": True,
            }
        },
    )["createFeedbackRequest"]
    request = created["feedbackRequest"]
    assert created["userErrors"] == []
    assert (request["title"], request["description"], request["enforceDueDatetime"]) == (
        "My first quarter",
        "How did it go?",
        True,
    )
    changed = graph.data(
        UPDATE,
        {
            "pk": request["pk"],
            "request": {"title": "Q1", "description": "", "enforceDueDatetime": False},
        },
    )["updateFeedbackRequest"]
    assert changed["userErrors"] == []
    assert changed["feedbackRequest"] == {
        "pk": request["pk"],
        "title": "Q1",
        "description": "",
        "enforceDueDatetime": False,
    }
    too_long = graph.data(UPDATE, {"pk": request["pk"], "request": {"title": "x" * 201}})
    [error] = too_long["updateFeedbackRequest"]["userErrors"]
    assert error["field"] == ["request", "title"] and error["code"] == "INVALID"
    assert "is too long" in error["message"], error
