"""networks/: the caller's organization."""

from __future__ import annotations

from gaggle import db
from gaggle.caller import Caller, current
from gaggle.models import people
from gaggle.models.people import Network
from gaggle.pagination import paginate
from gaggle.problems import Problem
from gaggle.requests import api_url


def render_network(network: Network) -> dict:
    return {
        "id": network.id,
        "url": api_url(f"/networks/{network.id}/"),
        "name": network.name,
        "business_cycle_length": network.business_cycle_length,
        "business_cycle_start_month": network.business_cycle_start_month,
        "created": network.created.isoformat(),
        "modified": network.modified.isoformat(),
    }


def _visible(caller: Caller):
    return people.networks_for(caller).order_by(Network.id)


def list_networks(limit=None, offset=None):
    caller = current()
    with db.reading() as session:
        return paginate(
            session, _visible(caller), limit=limit, offset=offset, render=render_network
        )


def _get(session, caller: Caller, network_id: int) -> Network:
    network = session.scalar(_visible(caller).where(Network.id == network_id))
    if network is None:
        raise Problem(404, f"No network with id {network_id}.")
    return network


def get_network(id):  # noqa: A002 - the spec's parameter name
    with db.reading() as session:
        return render_network(_get(session, current(), id))


def update_network(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        network = people.update_network(session, caller, _get(session, caller, id), dict(body))
        return render_network(network)
