"""networks/: the caller's organization."""

from __future__ import annotations

from gaggle import db
from gaggle.caller import current
from gaggle.models import people
from gaggle.models.people import Network
from gaggle.pagination import paginate
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


def list_networks(limit=None, offset=None):
    statement = people.networks_of(current()).order_by(Network.id)
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_network)


def get_network(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_network(people.get_network(session, caller, id))


def update_network(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        network = people.get_network(session, caller, id)
        return render_network(people.update_network(session, caller, network, dict(body)))
