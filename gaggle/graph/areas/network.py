"""network.graphql: the caller's organization (REST `networks/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType

from gaggle import links
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, node, related
from gaggle.models import people
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


@query.field("network")
def resolve_network(_, info):
    return info.context.loader("network").get(caller_of(info).network_id)


profile_node.set_field("network", related("network", "network_id"))


FIELDS = {
    "name": ["name"],
    "business_cycle_length": ["businessCycleLength"],
    "business_cycle_start_month": ["businessCycleStartMonth"],
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
