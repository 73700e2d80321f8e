"""Reviews and review cycles over GraphQL by their legacy names (snapshots and snapshot groups):
what each filter keeps and leaves out, the orders, the summaries of a list, and the fields a
review and a cycle answer, none of which shows the reviewer's answers to the subject before
the review is shared."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.graphql import walk
from tests.graphql.conftest import nodes
from tests.handlers.test_query_counts import counted_queries

GRAPH = walk.compiled()


@pytest.fixture
def reviews(world, make) -> dict[str, int]:
    """A review of each of four people in the world's active cycle, by profile name: the
    employee (Engineering, reports to the manager) in self-review; the peer (Platform, below
    Engineering, reports to the manager) in manager review; the manager (Engineering, reports to
    the admin) shared, by the admin; the admin (no department, no manager) in self-review."""
    make.review(world.cycle, world.peer, world.manager, state="manager_review")
    make.review(world.cycle, world.manager, world.admin, state="shared")
    make.review(world.cycle, world.admin, world.manager)
    return {who: getattr(world, who).profile.id for who in ("employee", "peer", "manager", "admin")}


FILTERS = [
    ("forUser: {employee}", ["employee"]),
    ("forUserNeq: {employee}", ["peer", "manager", "admin"]),
    ("forUserHasTeam: true", ["employee", "peer", "manager"]),
    ("forUserHasTeam: false", ["admin"]),
    ("forUserHasManagers: true", ["employee", "peer", "manager"]),
    ("forUserHasManagers: false", ["admin"]),
    ("forUserReportsTo: {manager}", ["employee", "peer"]),
    ("forUserReportsTo: {admin}", ["manager"]),
    ("department: {engineering}", ["employee", "manager"]),
    ("department: {platform}", ["peer"]),
    ("departmentWithSubDepts: {engineering}", ["employee", "peer", "manager"]),
    ("departmentWithSubDepts: {platform}", ["peer"]),
    ("userIsAssignedManager: {admin}", ["manager"]),
    ("assignedToUser: {manager}", ["peer"]),
    ("assignedToUser: {employee}", ["employee"]),
    ("assignedToUser: {peer}", []),
    ("state: 0", ["employee", "admin"]),
    ("stateNeq: 0", ["peer", "manager"]),
    ("stateNeq: 4", ["employee", "peer", "admin"]),
    ('orderBy: "-pk"', ["admin", "manager", "peer", "employee"]),
]


@pytest.mark.parametrize(("argument", "expected"), FILTERS)
@pytest.mark.parametrize(
    "within",
    [
        "{{ snapshots({argument}) {{ edges {{ node {{ forUser {{ pk }} }} }} }} }}",
        "{{ snapshotGroup(pk: {cycle}) {{ snapshots({argument}) "
        "{{ edges {{ node {{ forUser {{ pk }} }} }} }} }} }}",
    ],
)
def test_each_filter_keeps_the_reviews_that_match_and_no_other(
    graphql, world, make, reviews, argument, expected, within
):
    ids = reviews | {"engineering": world.engineering.id, "platform": world.platform.id}
    query = within.format(argument=argument.format(**ids), cycle=world.cycle.id)
    data = graphql(make.token(world.admin)).data(query)
    listed = data["snapshotGroup"]["snapshots"] if "snapshotGroup" in data else data["snapshots"]
    names = {pk: who for who, pk in reviews.items()}
    assert [names[n["forUser"]["pk"]] for n in nodes(listed)] == expected


def test_a_filter_keeps_only_the_reviews_the_caller_may_see(graphql, world, make, reviews):
    # The peer's reviewer is the manager: the employee sees their own review alone.
    data = graphql(make.token(world.employee)).data(
        f"{{ snapshots(forUserReportsTo: {world.manager.profile.id}) "
        "{ edges { node { forUser { pk } } } } }"
    )
    assert [n["forUser"]["pk"] for n in nodes(data["snapshots"])] == [reviews["employee"]]


def test_reviews_sort_by_when_they_moved_on(graphql, world, make):
    cycle = make.review_cycle(world.admin, "Shared ones", state="closed")
    day = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    made = {}
    for who, submitted, shared in [("employee", 2, 9), ("peer", 1, 5), ("manager", 3, 7)]:
        made[who] = make.review(
            cycle,
            getattr(world, who),
            world.admin,
            state="shared",
            submitted=day + dt.timedelta(days=submitted),
            shared=day + dt.timedelta(days=shared),
        ).id
    gql = graphql(make.token(world.admin))

    def order(by: str) -> list[str]:
        data = gql.data(
            f'{{ snapshots(snapshotGroup: {cycle.id}, orderBy: "{by}") '
            "{ edges { node { pk } } } }"
        )
        return [
            next(w for w, pk in made.items() if pk == n["pk"]) for n in nodes(data["snapshots"])
        ]

    assert order("submittedDatetime") == ["peer", "employee", "manager"]
    assert order("-sharedDatetime") == ["employee", "manager", "peer"]
    assert order("-shared") == order("-sharedDatetime")  # the REST name is taken too
    answer = gql('{ snapshots(orderBy: "forUser") { totalCount } }')
    assert answer["data"]["snapshots"] is None
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cannot sort by 'forUser'" in answer["errors"][0]["message"]


def test_the_summaries_count_every_review_that_matches_over_all_pages(
    graphql, world, make, reviews
):
    gql = graphql(make.token(world.admin))
    data = gql.data(
        "{ snapshots(first: 1) { totalCount stateSummary currentStateSummary } "
        "  other: snapshots(forUserHasManagers: true) { stateSummary currentStateSummary } }"
    )
    # self-review: the employee and the admin; manager review: the peer; shared: the manager.
    assert data["snapshots"]["totalCount"] == 4
    assert data["snapshots"]["currentStateSummary"] == {"0": 2, "1": 1, "4": 1}
    assert data["snapshots"]["stateSummary"] == {"0": 4, "1": 2, "4": 1}
    assert data["other"]["currentStateSummary"] == {"0": 1, "1": 1, "4": 1}
    assert data["other"]["stateSummary"] == {"0": 3, "1": 2, "4": 1}
    # The employee's list holds their own review alone.
    mine = graphql(make.token(world.employee)).data(
        "{ snapshots { stateSummary currentStateSummary } }"
    )["snapshots"]
    assert mine == {
        "stateSummary": {"0": 1, "1": 0, "4": 0},
        "currentStateSummary": {"0": 1, "1": 0, "4": 0},
    }


CYCLES = [
    ("published: true", ["Later", "2026 H2"]),
    ("published: false", ["Alpha"]),
    ('searchTitle: "LAT"', ["Later"]),
    ('searchTitle: "h2"', ["2026 H2"]),
    ("creator: {admin}", ["Later"]),
    ("creator: {manager}", []),
    ('orderBy: "title"', ["2026 H2", "Alpha", "Later"]),
    ('orderBy: "startDate"', ["Alpha", "2026 H2", "Later"]),
    ('orderBy: "-endDate,title"', ["Later", "2026 H2", "Alpha"]),
    ("", ["Later", "2026 H2", "Alpha"]),
]


@pytest.mark.parametrize(("argument", "expected"), CYCLES)
def test_each_cycle_filter_and_order(graphql, world, make, argument, expected):
    make.review_cycle(world.admin, "Alpha", start_date=dt.date(2025, 1, 1))
    gql = graphql(make.token(world.admin))
    later = gql.data(
        """mutation { createReviewCycle(input: {name: "Later", startDate: "2027-01-01",
           endDate: "2027-06-30", cycleState: ACTIVE}) { snapshotGroup { pk } } }"""
    )["createReviewCycle"]["snapshotGroup"]
    assert later is not None
    ids = {"admin": world.admin.profile.id, "manager": world.manager.profile.id}
    call = f"snapshotGroups({argument.format(**ids)})" if argument else "snapshotGroups"
    data = graphql(make.token(world.employee)).data(
        f"{{ {call} {{ edges {{ node {{ title }} }} }} }}"
    )
    assert [n["title"] for n in nodes(data["snapshotGroups"])] == expected


def test_a_cycle_and_a_review_name_their_creator_and_the_review_its_subjects_position(
    graphql, world, make
):
    designer = make.user(network="Acme", position="Designer", reports_to=world.manager)
    admin = graphql(make.token(world.admin))
    created = admin.data(
        """mutation($cycle: Int!, $who: Int!) { createReview(input: {snapshotGroup: $cycle,
           forUser: $who}) { snapshot { pk position creator { pk } submittedDatetime
           sharedDatetime snapshotGroup { creator { pk } } } } }""",
        {"cycle": world.cycle.id, "who": designer.profile.id},
    )["createReview"]["snapshot"]
    assert created["position"] == "Designer"
    assert created["creator"] == {"pk": world.admin.profile.id}
    assert (created["submittedDatetime"], created["sharedDatetime"]) == (None, None)
    # The builder's cycle has no creator: created before creators were kept.
    assert created["snapshotGroup"]["creator"] is None
    admin.data(
        'mutation($pk: Int!) { updateUserprofile(pk: $pk, userProfile: {position: "Lead"}) '
        "{ profile { position } } }",
        {"pk": designer.profile.id},
    )
    again = admin.data("query($pk: Int!) { snapshot(pk: $pk) { position } }", {"pk": created["pk"]})
    assert again["snapshot"]["position"] == "Designer"


MOVE = """mutation($pk: Int!) { transitionSnapshotToNextState(pk: $pk) {
  snapshot { state submittedDatetime sharedDatetime assignedToProfiles { edges { node { pk } } } }
  snapshots(stateNeq: 0) { totalCount edges { node { pk } } }
  userErrors { code } } }"""
LOOK = """query($pk: Int!) { snapshot(pk: $pk) { state created submittedDatetime sharedDatetime
  assignedToProfiles { totalCount edges { node { pk } } } canViewAnswers
  snapshotGroup { isComplete } } }"""


def test_a_review_tells_whom_it_waits_on_when_it_moved_on_and_whether_its_cycle_is_complete(
    graphql, world, make
):
    review = world.review.id
    subject, reviewer = graphql(make.token(world.employee)), graphql(make.token(world.manager))
    first = reviewer.data(LOOK, {"pk": review})["snapshot"]
    assert [n["pk"] for n in nodes(first["assignedToProfiles"])] == [world.employee.profile.id]
    assert first["snapshotGroup"]["isComplete"] is False
    refused = reviewer.data(MOVE, {"pk": review})["transitionSnapshotToNextState"]
    assert refused == {"snapshot": None, "snapshots": None, "userErrors": [{"code": "FORBIDDEN"}]}
    submitted = subject.data(MOVE, {"pk": review})["transitionSnapshotToNextState"]
    assert submitted["snapshot"]["state"] == 1 and submitted["snapshot"]["sharedDatetime"] is None
    assert [n["pk"] for n in nodes(submitted["snapshot"]["assignedToProfiles"])] == [
        world.manager.profile.id
    ]
    # The subject's reviews past self-review, after the move: this one.
    assert [n["pk"] for n in nodes(submitted["snapshots"])] == [review]
    shared = reviewer.data(MOVE, {"pk": review})["transitionSnapshotToNextState"]["snapshot"]
    assert shared["submittedDatetime"] == submitted["snapshot"]["submittedDatetime"]
    last = subject.data(LOOK, {"pk": review})["snapshot"]
    assert last["assignedToProfiles"] == {"totalCount": 0, "edges": []}
    moments = [dt.datetime.fromisoformat(last[k]) for k in ("created", "submittedDatetime")]
    moments.append(dt.datetime.fromisoformat(last["sharedDatetime"]))
    assert moments == sorted(moments)
    # Every review of the cycle the subject sees is shared; the admin also sees others.
    assert last["snapshotGroup"]["isComplete"] is True
    admin = graphql(make.token(world.admin)).data(LOOK, {"pk": review})["snapshot"]
    assert admin["snapshotGroup"]["isComplete"] is True
    make.review(world.cycle, world.peer, world.manager)
    assert (
        graphql(make.token(world.admin)).data(LOOK, {"pk": review})["snapshot"]["snapshotGroup"][
            "isComplete"
        ]
        is False
    )
    assert subject.data(LOOK, {"pk": review})["snapshot"]["snapshotGroup"]["isComplete"] is True


def test_a_cycle_without_reviews_is_not_complete(graphql, world, make):
    cycle = make.review_cycle(world.admin, "Empty", state="closed")
    data = graphql(make.token(world.admin)).data(
        "query($pk: Int!) { snapshotGroup(pk: $pk) { isComplete } }", {"pk": cycle.id}
    )
    assert data["snapshotGroup"]["isComplete"] is False


def _every_field(type_name: str, *, leaving_out: tuple[str, ...] = ()) -> str:
    """A selection of every field of a type that needs no argument, objects by `__typename`."""
    fields = GRAPH.get_type(type_name).fields
    return " ".join(
        name + walk.selection(field)
        for name, field in fields.items()
        if not walk.required(field) and name not in leaving_out
    )


# Every field of a review, and of a list of reviews, that a query may select without arguments.
REVIEW = _every_field("SnapshotNode")
EVERYTHING = f"""query($pk: Int!) {{
  snapshot(pk: $pk) {{ {REVIEW} }}
  snapshots {{ {_every_field("SnapshotConnection", leaving_out=("edges",))}
    edges {{ node {{ {REVIEW} }} }} }}
}}"""


@pytest.mark.parametrize("subject", ["peer", "admin"])
def test_no_field_shows_the_subject_the_reviewers_answers_before_the_review_is_shared(
    graphql, world, make, subject
):
    secret = "Not ready for promotion"
    review = make.review(
        world.cycle,
        getattr(world, subject),
        world.manager,
        state="manager_review",
        reviewer_answers=[secret],
    )
    seen = {}
    for who in {subject, "manager", "admin"}:
        seen[who] = graphql(make.token(getattr(world, who))).data(EVERYTHING, {"pk": review.id})
    assert secret not in json.dumps(seen[subject])
    assert seen[subject]["snapshot"]["canViewAnswers"] is False
    for who in seen.keys() - {subject}:
        assert seen[who]["snapshot"]["reviewerAnswers"] == [secret]
        assert seen[who]["snapshot"]["canViewAnswers"] is True
    graphql(make.token(world.manager)).data(
        "mutation($pk: Int!) { transitionSnapshotToNextState(pk: $pk) { snapshot { pk } } }",
        {"pk": review.id},
    )
    shared = graphql(make.token(getattr(world, subject))).data(EVERYTHING, {"pk": review.id})
    assert shared["snapshot"]["reviewerAnswers"] == [secret]
    assert shared["snapshot"]["canViewAnswers"] is True


PAGE = """query($first: Int) { snapshots(first: $first) { edges { node {
  pk position forUser { pk } manager { pk } creator { pk }
  assignedToProfiles { edges { node { pk } } } } } } }"""


def test_the_statements_of_a_page_of_reviews_do_not_grow_with_its_size(graphql, make):
    admin = make.user(network="Reviewed", is_admin=True)
    cycle = make.review_cycle(admin, state="active")
    for index in range(6):
        subject = make.user(network="Reviewed", reports_to=admin)
        state = ("self_review", "manager_review", "shared")[index % 3]
        make.review(cycle, subject, admin, state=state, creator_id=admin.profile.id)
    gql = graphql(make.token(admin))
    counts = []
    for first in (2, 6):
        with counted_queries() as statements:
            data = gql.data(PAGE, {"first": first})
        assert len(nodes(data["snapshots"])) == first
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
