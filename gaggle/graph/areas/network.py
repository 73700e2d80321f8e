"""network.graphql: the caller's organization (REST `networks/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import func, select

from gaggle import dates, links
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, day_start, node, related
from gaggle.models import objectives, people
from gaggle.models.base import utcnow
from gaggle.models.people import Network

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")

network_node = node(
    "NetworkNode",
    lambda network: links.current().network(network.id),
    can_change=lambda caller, network: caller.is_admin,
    renamed={
        "businessCycleLength": "business_cycle_length",
        "businessCycleStartMonth": "business_cycle_start_month",
    },
)

# One logo whatever the size the legacy clients ask for.
network_node.set_field("networkLogoImg", source_only(lambda network: network.logo_img or None))
network_node.set_field("networkLogoImgUrl", source_only(lambda network: network.logo_img or None))


def business_cycle(network: Network, for_date: str | None) -> dict:
    """The PerformanceCycleNode of the network's business cycle that holds the day `forDate`
    names (a day, or a date-time's day), today (UTC) when it names none."""
    day = utcnow().date() if for_date is None else dates.day(for_date[:10], "forDate")
    start, end = people.business_cycle(network, day, "forDate")
    return {
        "startDate": day_start(start),
        "endDate": day_start(end),
        "cycleLengthMonths": network.business_cycle_length,
        "cycleStartMonth": network.business_cycle_start_month,
    }


@network_node.field("cycle")
def resolve_cycle(network: Network, info, forDate=None):  # noqa: N803
    return business_cycle(network, forDate)


def objectives_around_cycle(info, network: Network, args: dict, *conditions) -> dict:
    """ObjectiveCountForCyclePaginationNode: how many objectives the caller may see (of those
    that meet `conditions`) are due before the cycle `args` names and after it, by default
    today's business cycle."""
    start, end = people.business_cycle(network, utcnow().date(), "cycleStartDate")
    if args.get("cycleStartDate") is not None:
        start = dates.day(args["cycleStartDate"][:10], "cycleStartDate")
    if args.get("cycleEndDate") is not None:
        end = dates.day(args["cycleEndDate"][:10], "cycleEndDate")
    seen = objectives.visible_objectives(caller_of(info)).where(*conditions).subquery()
    before, after = info.context.session.execute(
        select(
            func.count().filter(seen.c.due_date < start),
            func.count().filter(seen.c.due_date > end),
        )
    ).one()
    return {"before": before, "after": after}


@network_node.field("objectivesCountForCyclePagination")
def resolve_objectives_around_cycle(network: Network, info, **args):
    return objectives_around_cycle(info, network, args)


@query.field("network")
def resolve_network(_, info):
    return info.context.loader("network").get(caller_of(info).network_id)


profile_node.set_field("network", related("network", "network_id"))


FIELDS = {
    "name": ["name"],
    "business_cycle_length": ["businessCycleLength"],
    "business_cycle_start_month": ["businessCycleStartMonth"],
    "logo_img": ["networkLogoImg"],
}


@mutation.field("updateNetwork")
def resolve_update_network(_, info, **args):
    changes = {rest: args[name] for rest, (name,) in FIELDS.items() if args.get(name) is not None}

    def write(session, caller) -> int:
        network = people.get_network(session, caller, caller.network_id)
        rest_body("updateNetwork", changes)
        return people.update_network(session, caller, network, changes).id

    _, errors = run(info, write, FIELDS)
    return {
        "network": reread(info, people.get_network, caller_of(info).network_id),
        "userErrors": errors,
    }


def fetch_networks(session, caller, wanted):
    return session.scalars(people.networks_of(caller).where(Network.id.in_(wanted))).all()


BINDABLES = [query, mutation, network_node, profile_node]
FETCHERS = {"network": fetch_networks}
