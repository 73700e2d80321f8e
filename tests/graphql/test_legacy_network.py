"""The legacy names of the network that Gaggle answers from its own data: its logo, its business
cycles and its objectives around a cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.graphql.fields import checks

NETWORK = """
query Network($day: String, $start: String, $end: String) {
  network {
    networkLogoImg networkLogoImgUrl(width: 200, height: 50)
    cycle(forDate: $day) { startDate endDate cycleLengthMonths cycleStartMonth }
    objectivesCountForCyclePagination(cycleStartDate: $start, cycleEndDate: $end) {
      before after
    }
  }
}
"""
LOGO = """
mutation Logo($logo: String) {
  updateNetwork(networkLogoImg: $logo) {
    network { networkLogoImg }
    userErrors { field message code }
  }
}
"""
CYCLE_SETTINGS = """
mutation Cycles($length: Int, $start: Int) {
  updateNetwork(businessCycleLength: $length, businessCycleStartMonth: $start) {
    userErrors { message }
  }
}
"""


def _network(graphql, make, user, **variables) -> dict:
    return graphql(make.token(user)).data(NETWORK, variables)["network"]


@checks("NetworkNode.networkLogoImg", "NetworkNode.networkLogoImgUrl")
def test_admins_set_the_logo_everyone_sees(graphql, world, make):
    assert _network(graphql, make, world.employee)["networkLogoImg"] is None
    logo = "https://cdn.example.com/acme/logo.png"
    changed = graphql(make.token(world.admin)).data(LOGO, {"logo": logo})["updateNetwork"]
    assert changed == {"network": {"networkLogoImg": logo}, "userErrors": []}
    network = _network(graphql, make, world.employee)
    assert network["networkLogoImg"] == network["networkLogoImgUrl"] == logo
    cleared = graphql(make.token(world.admin)).data(LOGO, {"logo": ""})["updateNetwork"]
    assert cleared["network"] == {"networkLogoImg": None}


@pytest.mark.parametrize(
    ("user", "logo", "code", "message"),
    [
        ("manager", "https://cdn.example.com/mine.png", "FORBIDDEN", "Only admins change"),
        ("admin", "javascript:alert(1)", "INVALID", "'javascript:alert(1)' does not match"),
        ("admin", "logo.png", "INVALID", "'logo.png' does not match"),
    ],
)
def test_a_logo_that_is_refused_changes_nothing(graphql, world, make, user, logo, code, message):
    answer = graphql(make.token(getattr(world, user))).data(LOGO, {"logo": logo})["updateNetwork"]
    assert answer["network"] is None
    [error] = answer["userErrors"]
    assert error["code"] == code and message in error["message"], error
    assert _network(graphql, make, world.admin)["networkLogoImg"] is None


@pytest.mark.parametrize(
    ("length", "start", "day", "expected"),
    [
        (3, 1, "2026-05-10", ("2026-04-01", "2026-06-30")),
        (3, 4, "2026-03-31", ("2026-01-01", "2026-03-31")),  # the year's cycles began in 2025
        (3, 4, "2026-04-01T23:00:00+00:00", ("2026-04-01", "2026-06-30")),
        (5, 1, "2026-06-01", ("2026-06-01", "2026-10-31")),
        (5, 1, "2026-12-31", ("2026-11-01", "2026-12-31")),  # the year's last is cut short
        (12, 7, "2027-02-28", ("2026-07-01", "2027-06-30")),
    ],
)
@checks(
    "NetworkNode.cycle",
    "PerformanceCycleNode.startDate",
    "PerformanceCycleNode.endDate",
    "PerformanceCycleNode.cycleLengthMonths",
    "PerformanceCycleNode.cycleStartMonth",
)
def test_the_business_cycle_that_holds_a_day(graphql, world, make, length, start, day, expected):
    graphql(make.token(world.admin)).data(CYCLE_SETTINGS, {"length": length, "start": start})
    cycle = _network(graphql, make, world.employee, day=day)["cycle"]
    assert (cycle["startDate"][:10], cycle["endDate"][:10]) == expected
    assert (cycle["cycleLengthMonths"], cycle["cycleStartMonth"]) == (length, start)


@pytest.mark.parametrize("day", ["next week", "2026-02-30", "9999-12-31"])
def test_a_day_with_no_cycle_is_the_callers_error(graphql, world, make, day):
    graphql(make.token(world.admin)).data(CYCLE_SETTINGS, {"length": 12, "start": 2})
    answer = graphql(make.token(world.employee))(NETWORK, {"day": day})
    assert answer["data"]["network"]["cycle"] is None
    [error] = answer["errors"]
    assert error["path"] == ["network", "cycle"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "forDate" in error["message"]


@checks(
    "NetworkNode.objectivesCountForCyclePagination",
    "ObjectiveCountForCyclePaginationNode.before",
    "ObjectiveCountForCyclePaginationNode.after",
)
def test_the_networks_objectives_before_and_after_a_cycle(graphql, world, make):
    for day in ("2025-12-31", "2026-01-01", "2026-03-31", "2026-04-01"):
        make.objective(world.employee, f"Due {day}", due_date=dt.date.fromisoformat(day))
    make.objective(world.other_admin, "Globex, later", due_date=dt.date(2026, 9, 1))
    window = {"start": "2026-01-01", "end": "2026-03-31"}
    assert _network(graphql, make, world.employee, **window)[
        "objectivesCountForCyclePagination"
    ] == {"before": 1, "after": 1}
