"""networks/: the caller's organization."""

from __future__ import annotations

from gaggle import render
from gaggle.models import people
from gaggle.models.people import Network
from gaggle.resources import Resource
from gaggle.rows import Shape

NETWORKS = Resource(people.networks_of, "network", Shape(people.network_rows, render.network))


def list_networks(limit=None, offset=None):
    statement = NETWORKS.listed().order_by(Network.id)
    return NETWORKS.page(statement, limit=limit, offset=offset)


def get_network(id):  # noqa: A002 - the spec's parameter name
    return NETWORKS.show(id)


def update_network(id, body):  # noqa: A002 - the spec's parameter name
    return NETWORKS.change(people.update_network, id, body)
