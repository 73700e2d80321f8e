"""How much of the legacy GraphQL schema's names Gaggle answers, for the parts both share.

The measure: the legacy fields of every object type both schemas declare, and the legacy
arguments of every root query both declare. One unknown name refuses a whole legacy document,
so each missing name is a legacy query that fails. The figure is printed (`pytest -s`) and may
only grow: ANSWERED is raised as names are added. Each name an area leaves out is in the
README's table of that area, with why, and the table names none that Gaggle answers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLObjectType

from gaggle.graph.schema import schema
from tests.graphql import legacy

# The legacy names Gaggle answers, at least; the measure may not fall below it.
ANSWERED = 624

README = Path(__file__).resolve().parents[2] / "README.md"

# The names of each area whose table in the README is complete: how they start (the area's
# object types and payload types as `Type.`, its root queries as `Query.field`).
AREAS = {
    "userprofile": (
        "UserProfile",
        "UserNode",
        "UpdateUserProfile.",
        "DeactivateUserProfile.",
        "ReactivateUserProfile.",
        "Query.profile",
        "Query.currentUser",
    ),
    "objective": (
        "ObjectiveNode",
        "KeyResultNode",
        "CheckinNode",
        "ObjectiveSummaryNode",
        "CreateObjective.",
        "UpdateObjective.",
        "DeleteKeyResult.",
        "CreateCheckin.",
        "FollowObjective.",
        "UnfollowObjective.",
        "Query.objective",
        "Query.keyResult",
    ),
    "recognition": ("BadgeNode", "BadgeRecipientNode", "Query.recognitions", "Query.badges"),
    "oneonone": (
        "OneOnOne",
        "ActionItem",
        "CreateOrUpdateActionItem.",
        "DeleteActionItem.",
        "DeleteOneonone.",
        "UpdateNoteSharing.",
        "Query.oneonone",
        "Query.actionItem",
    ),
    "review": (
        "Snapshot",
        "TransitionSnapshot",
        "AnswerSnapshot.",
        "DeleteSnapshotGroup.",
        "UpdateSnapshotManagers.",
        "Query.snapshot",
    ),
    "network": ("NetworkNode", "PerformanceCycleNode", "UpdateNetwork.", "Query.network"),
    "department": ("TeamNode", "CreateOrUpdateTeam.", "DeleteTeam.", "Query.team"),
    "feedback": (
        "FeedbackRequestV2Node",
        "FeedbackNode",
        "FeedbackResponderNode",
        "AnswerFeedback.",
        "SubmitFeedback.",
        "UpdateFeedbackRequest.",
        "DeleteFeedbackRequest.",
        "Query.feedback",
    ),
}


def coverage() -> tuple[list[str], list[str]]:
    """(names Gaggle answers, names it does not), as `Type.field` and `Query.field(argument)`."""
    dump = legacy.introspection()
    ours = schema().graphql
    roots = {dump["queryType"]["name"], dump["mutationType"]["name"]}
    answered, missing = [], []
    for legacy_type in dump["types"]:
        name = legacy_type["name"]
        own = ours.type_map.get(name)
        if legacy_type["kind"] != "OBJECT" or name.startswith("__") or name in roots:
            continue
        if not isinstance(own, GraphQLObjectType):
            continue
        for field in legacy_type["fields"]:
            (answered if field["name"] in own.fields else missing).append(f"{name}.{field['name']}")
    query = next(t for t in dump["types"] if t["name"] == dump["queryType"]["name"])
    for field in query["fields"]:
        own = ours.query_type.fields.get(field["name"])
        if own is None:
            continue
        for argument in field["args"]:
            named = f"Query.{field['name']}({argument['name']})"
            (answered if argument["name"] in own.args else missing).append(named)
    return answered, missing


def test_the_legacy_names_gaggle_answers_do_not_fall():
    answered, missing = coverage()
    total = len(answered) + len(missing)
    print(
        f"\nLegacy GraphQL names answered: {len(answered)} of {total} "
        f"({100 * len(answered) / total:.1f}%); missing: {len(missing)}"
    )
    assert len(answered) >= ANSWERED, sorted(missing)


def _table(area: str) -> list[str]:
    """The names the README's table of `area` lists, under the line `*<area>...*`."""
    text = README.read_text(encoding="utf-8").split("**Legacy names Gaggle does not answer.**")[1]
    section = re.split(rf"\n\*{area}\b[^*\n]*\*\n", text)[1].strip().split("\n\n")[0]
    rows = [row.split(" | ")[0] for row in section.splitlines() if row.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([^`]+)`", row)]


@pytest.mark.parametrize("area", AREAS)
def test_each_name_an_area_leaves_out_is_in_its_readme_table(area):
    answered, missing = coverage()
    listed = _table(area)
    left_out = [name for name in missing if name.startswith(AREAS[area])]
    assert [name for name in left_out if name not in listed] == []
    assert [name for name in listed if name not in left_out] == []
