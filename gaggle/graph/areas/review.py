"""review.graphql: review cycles and reviews, which the legacy API called snapshot groups and
snapshots (REST `reviewcycles/`, `reviews/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType

from gaggle import links
from gaggle.graph.mutations import reread, rest_body, run, with_answers
from gaggle.graph.nodes import caller_of, day_start, filtered, ids, node, ordered, related
from gaggle.graph.relay import connection, nested, of_list
from gaggle.models import people
from gaggle.models import reviews as rules
from gaggle.models.people import Department, department_members
from gaggle.models.reviews import Review, ReviewCycle
from gaggle.problems import Problem

query = QueryType()
mutation = MutationType()
deleted_cycle = ObjectType("DeleteSnapshotGroup")
moved = ObjectType("TransitionSnapshotToNextState")
review_page = ObjectType("SnapshotConnection")
team_node = ObjectType("TeamNode")

# SnapshotNode.state's legacy codes for Gaggle's review states, in the order a review moves.
CODES = {"self_review": 0, "manager_review": 1, "shared": 4}
STATES = {code: state for state, code in CODES.items()}

SORTS = {
    "pk": "id",
    "created": "created",
    "modified": "modified",
    "submittedDatetime": "submitted",
    "sharedDatetime": "shared",
}
CYCLE_SORTS = {
    "pk": "id",
    "title": "name",
    "startDate": "start_date",
    "endDate": "end_date",
    "created": "created",
    "modified": "modified",
}


def _may_change_review(caller, review: Review) -> bool:
    """Answer it now (the caller's turn while its cycle is active), or, for admins, name
    another reviewer until it is shared."""
    if review.state == "shared":
        return False
    return rules.may_move_on(caller.profile_id, review) or caller.is_admin


cycle_node = node(
    "SnapshotGroupNode",
    lambda cycle: links.current().reviewcycle(cycle.id),
    can_change=rules.may_change_cycle,
    can_delete=rules.may_delete_cycle,
    renamed={"title": "name", "cycleState": "state"},
)
review_node = node(
    "SnapshotNode",
    lambda review: links.current().review(review.id),
    can_change=_may_change_review,
    renamed={
        "snapshotGroup": "cycle",
        "selfAnswers": "self_answers",
        "position": "position",
        "submittedDatetime": "submitted",
        "sharedDatetime": "shared",
    },
)


@cycle_node.field("startDate")
def resolve_start(cycle: ReviewCycle, info):
    return day_start(cycle.start_date)


@cycle_node.field("endDate")
def resolve_end(cycle: ReviewCycle, info):
    return day_start(cycle.end_date)


@cycle_node.field("state")
def resolve_cycle_state(cycle: ReviewCycle, info) -> int:
    return 0 if cycle.state == "draft" else 1


cycle_node.set_field("creator", related("profile", "creator_id"))


@cycle_node.field("isComplete")
def resolve_is_complete(cycle: ReviewCycle, info) -> bool:
    return rules.is_complete(info.context.session, caller_of(info), cycle)


def _state(code: int) -> str:
    return STATES.get(code, "no such state")


def _reviews(info, args: dict, *, parent=None, column=None, link=None):
    """A page of the reviews the caller sees by the legacy filters: of `parent`'s, read for its
    whole page at once, when given (`column` and `link` as gaggle.graph.relay.nested takes
    them)."""
    has_team, has_manager = args.get("forUserHasTeam"), args.get("forUserHasManagers")
    statement = filtered(
        rules.reviews_for(caller_of(info)),
        (args.get("snapshotGroup"), Review.cycle_id),
        (args.get("forUser"), Review.subject_id),
        (args.get("forUserNeq"), lambda profile: Review.subject_id != profile),
        (has_team, lambda has: rules.about(people.members_of_any(), inside=has)),
        (has_manager, lambda has: rules.about(people.managed(), inside=has)),
        (args.get("forUserReportsTo"), lambda m: rules.about(people.reporting_to(m))),
        (args.get("department"), lambda d: rules.about(people.members_of(d))),
        (args.get("departmentWithSubDepts"), lambda d: rules.about(people.members_within(d))),
        (args.get("userIsAssignedManager"), Review.reviewer_id),
        (args.get("assignedToUser"), rules.waiting_on),
        (args.get("state"), lambda code: Review.state == _state(code)),
        (args.get("stateNeq"), lambda code: Review.state != _state(code)),
        ids(args, Review.id),
    )
    statement = ordered(statement, args.get("orderBy"), SORTS, "listReviews", default="id")

    def seen(rows) -> None:
        info.context.loader("profile").want(
            i for row in rows for i in (row.subject_id, row.reviewer_id, row.creator_id)
        )

    if parent is not None:
        return nested(info, parent, statement, column, None, args, link=link, seen=seen)
    return connection(info.context.session, statement, args, seen=seen)


@review_page.field("currentStateSummary")
def resolve_current_states(page, info) -> dict[str, int]:
    counts = rules.state_counts(info.context.session, page.statement)
    return {str(code): counts.get(state, 0) for state, code in CODES.items()}


@review_page.field("stateSummary")
def resolve_reached_states(page, info) -> dict[str, int]:
    counts = rules.state_counts(info.context.session, page.statement)
    reached, total = {}, 0
    for state, code in reversed(CODES.items()):
        total += counts.get(state, 0)
        reached[str(code)] = total
    return {str(code): reached[str(code)] for code in CODES.values()}


@cycle_node.field("snapshots")
def resolve_cycle_reviews(cycle: ReviewCycle, info, **args):
    return _reviews(info, args, parent=cycle, column=Review.cycle_id)


@team_node.field("snapshots")
def resolve_department_reviews(department: Department, info, includeSubdepartments, **args):  # noqa: N803
    if includeSubdepartments:
        return _reviews(info, args, parent=department, column="top", link=_members_within)
    members = department_members
    link = (members, members.c.userprofile_id == Review.subject_id)
    return _reviews(info, args, parent=department, column=members.c.department_id, link=link)


def _members_within(ids):
    """The reviews of the members of each department or of those below it."""
    within = people.members_within_each(ids)
    return within, within.c.userprofile_id == Review.subject_id


review_node.set_field("forUser", related("profile", "subject_id"))


review_node.set_field("manager", related("profile", "reviewer_id"))


review_node.set_field("creator", related("profile", "creator_id"))


@review_node.field("assignedToProfiles")
def resolve_assigned_to(review: Review, info, **args):
    waiting = info.context.loader("profile").get(rules.whose_turn(review))
    return of_list([] if waiting is None else [waiting], args)


@review_node.field("canViewAnswers")
def resolve_can_view_answers(review: Review, info) -> bool:
    return rules.shows_reviewer_answers(caller_of(info), review)


@review_node.field("state")
def resolve_review_state(review: Review, info) -> int:
    return CODES[review.state]


@review_node.field("nextState")
def resolve_next_state(review: Review, info) -> int | None:
    upcoming = rules.next_state(review)
    return CODES[upcoming] if upcoming else None


@review_node.field("showManagerAnswers")
def resolve_show_manager_answers(review: Review, info) -> bool:
    return review.state == "shared"


@review_node.field("employeeAnswersDue")
def resolve_employee_due(review: Review, info) -> bool:
    return review.state == "self_review"


@review_node.field("managerAnswersDue")
def resolve_manager_due(review: Review, info) -> bool:
    return review.state == "manager_review"


@review_node.field("canTransitionToNextState")
def resolve_can_move_on(review: Review, info, profile=None) -> bool:
    return rules.may_move_on(caller_of(info).profile_id if profile is None else profile, review)


@review_node.field("reviewerAnswers")
def resolve_reviewer_answers(review: Review, info) -> list[str] | None:
    if rules.shows_reviewer_answers(caller_of(info), review):
        return list(review.reviewer_answers)
    return None


@query.field("snapshot")
def resolve_snapshot(_, info, pk: int):
    return reread(info, rules.get_review, pk)


@query.field("snapshots")
def resolve_snapshots(_, info, **args):
    return _reviews(info, args)


@moved.field("snapshots")
def resolve_moved_reviews(payload: dict, info, **args):
    return _reviews(info, args)


def _cycles(info, args: dict):
    statement = filtered(
        rules.cycles_in(caller_of(info).network_id),
        (args.get("cycleState"), ReviewCycle.state),
        (args.get("published"), rules.published),
        (args.get("searchTitle"), rules.cycles_matching),
        (args.get("creator"), ReviewCycle.creator_id),
        ids(args, ReviewCycle.id),
    )
    statement = ordered(
        statement, args.get("orderBy"), CYCLE_SORTS, "listReviewCycles", default=rules.CYCLE_ORDER
    )

    def seen(rows) -> None:
        info.context.loader("profile").want(row.creator_id for row in rows)

    return connection(info.context.session, statement, args, seen=seen)


@query.field("snapshotGroup")
def resolve_snapshot_group(_, info, pk: int):
    return info.context.loader("review_cycle").get(pk)


@query.field("snapshotGroups")
def resolve_snapshot_groups(_, info, **args):
    return _cycles(info, args)


@deleted_cycle.field("snapshotGroups")
def resolve_remaining_cycles(payload: dict, info, **args):
    return _cycles(info, args)


# -- mutations -------------------------------------------------------------------------------

REVIEW_FIELDS = {
    "self_answers": ["answers"],
    "reviewer_answers": ["answers"],
    "reviewer": ["manager"],
    "state": ["state"],
}


@mutation.field("answerSnapshot")
def resolve_answer_snapshot(_, info, pk: int, answers: list):
    def write(session, caller) -> None:
        review = rules.get_review(session, caller, pk)
        field = "reviewer_answers" if caller.profile_id == review.reviewer_id else "self_answers"
        questions = len(review.cycle.questions)
        merged = with_answers(getattr(review, field), answers, "item", field, questions)
        rules.update_review(session, caller, review, rest_body("updateReview", {field: merged}))

    _, errors = run(info, write, REVIEW_FIELDS)
    return {"snapshot": reread(info, rules.get_review, pk), "userErrors": errors}


def _move_on(info, pk: int, wanted: int | None = None) -> dict:
    def write(session, caller) -> None:
        review = rules.get_review(session, caller, pk)
        upcoming = rules.next_state(review)
        if upcoming is None:
            raise Problem(409, f"Review {pk} is shared; it no longer changes.")
        if wanted is not None and wanted != CODES[upcoming]:
            raise Problem(409, f"state: review {pk} moves only to {CODES[upcoming]} next.")
        move = rules.submit_review if review.state == "self_review" else rules.share_review
        move(session, caller, review)

    _, errors = run(info, write, REVIEW_FIELDS)
    return {"snapshot": reread(info, rules.get_review, pk), "userErrors": errors}


@mutation.field("transitionSnapshotToNextState")
def resolve_transition_next(_, info, pk: int):
    return _move_on(info, pk)


@mutation.field("transitionSnapshot")
def resolve_transition(_, info, pk: int, state: int):
    return _move_on(info, pk, state)


@mutation.field("updateSnapshotManagers")
def resolve_update_managers(_, info, pk: int, manager=None):
    changes = {} if manager is None else {"reviewer": manager}

    def write(session, caller) -> None:
        review = rules.get_review(session, caller, pk)
        rules.update_review(session, caller, review, rest_body("updateReview", changes))

    _, errors = run(info, write, REVIEW_FIELDS)
    return {"snapshot": reread(info, rules.get_review, pk), "userErrors": errors}


@mutation.field("deleteSnapshotGroup")
def resolve_delete_cycle(_, info, pk: int):
    def write(session, caller) -> None:
        rules.delete_cycle(session, caller, rules.get_cycle(session, caller, pk))

    _, errors = run(info, write, {"state": ["pk"]})
    return {"userErrors": errors}


CYCLE_FIELDS = {
    "name": ["input", "name"],
    "start_date": ["input", "startDate"],
    "end_date": ["input", "endDate"],
    "questions": ["input", "questions"],
    "state": ["input", "cycleState"],
}


def _cycle_data(given: dict) -> dict:
    names = (
        ("name", "name"),
        ("startDate", "start_date"),
        ("endDate", "end_date"),
        ("questions", "questions"),
        ("cycleState", "state"),
    )
    return {rest: given[name] for name, rest in names if given.get(name) is not None}


@mutation.field("createReviewCycle")
def resolve_create_cycle(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> int:
        data = rest_body("createReviewCycle", _cycle_data(input))
        return rules.create_cycle(session, caller, data).id

    done, errors = run(info, write, CYCLE_FIELDS)
    return {"snapshotGroup": reread(info, rules.get_cycle, done), "userErrors": errors}


@mutation.field("updateReviewCycle")
def resolve_update_cycle(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> None:
        cycle = rules.get_cycle(session, caller, input["pk"])
        data = rest_body("updateReviewCycle", _cycle_data(input))
        rules.update_cycle(session, caller, cycle, data)

    _, errors = run(info, write, CYCLE_FIELDS)
    return {"snapshotGroup": reread(info, rules.get_cycle, input["pk"]), "userErrors": errors}


@mutation.field("createReview")
def resolve_create_review(_, info, input: dict):  # noqa: A002 - the schema's argument name
    data = {"cycle": input["snapshotGroup"], "subject": input["forUser"]}
    if input.get("manager") is not None:
        data["reviewer"] = input["manager"]

    def write(session, caller) -> int:
        return rules.create_review(session, caller, rest_body("createReview", data)).id

    fields = {
        "cycle": ["input", "snapshotGroup"],
        "subject": ["input", "forUser"],
        "reviewer": ["input", "manager"],
    }
    done, errors = run(info, write, fields)
    return {"snapshot": reread(info, rules.get_review, done), "userErrors": errors}


def fetch_cycles(session, caller, wanted):
    return session.scalars(
        rules.cycles_in(caller.network_id).where(ReviewCycle.id.in_(wanted))
    ).all()


BINDABLES = [query, mutation, cycle_node, review_node, deleted_cycle, moved, review_page, team_node]
FETCHERS = {"review_cycle": fetch_cycles}
