"""Prometheus metrics: requests by operation and status, their latency, tokens issued by grant
type, failed client and user authentications, rate-limit refusals and database errors.

`gaggle serve` with GAGGLE_METRICS_PORT set serves them at `/metrics` on that port (127.0.0.1
unless GAGGLE_METRICS_HOST says otherwise), never on the public one. Served, every worker
process writes its values to files in a directory of the server's own
(PROMETHEUS_MULTIPROC_DIR), and the `/metrics` answer adds up all the workers'. That mode is
chosen when prometheus_client is imported, so this module is imported only once the server
has set the directory (gaggle.runtime imports it on first use).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)

# Seconds; the API answers most requests in milliseconds, the password grant in a tenth.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"


class Metrics:
    """One app's metrics (gaggle.runtime)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "gaggle_requests",
            "Requests answered, by operation (its operationId; 'other' for the pages, the "
            "documents and unknown paths), method and status.",
            ["operation", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gaggle_request_duration_seconds",
            "Time from a request's arrival to its answer, by operation.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.tokens = Counter(
            "gaggle_tokens_issued",
            "Access tokens issued, by grant type.",
            ["grant_type"],
            registry=self.registry,
        )
        self.authentication_failures = Counter(
            "gaggle_authentication_failures",
            "Failed authentications: 'user' (sign-in page, password grant) or 'client'.",
            ["kind"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "gaggle_rate_limit_refusals",
            "Attempts refused because their source failed too often: 'user' or 'client'.",
            ["kind"],
            registry=self.registry,
        )
        self.database_errors = Counter(
            "gaggle_database_errors",
            "Requests answered 503 because the database could not be reached.",
            registry=self.registry,
        )

    def request(self, scope: Mapping, status: int, seconds: float) -> None:
        """Count one answered request (its ASGI scope, as the outermost layer saw it)."""
        operation = _operation_of(scope)
        self.requests.labels(operation, scope["method"], str(status)).inc()
        self.latency.labels(operation).observe(seconds)

    def exposition(self) -> bytes:
        """The text format: all worker processes' values when served, else this app's."""
        return generate_latest(_registry() if os.environ.get(MULTIPROCESS) else self.registry)


def _operation_of(scope: Mapping) -> str:
    """The operationId Connexion routed the request to, or 'other'."""
    routed = scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
    if not routed:
        return "other"
    # Connexion knows the operation by its handler, gaggle.handlers.<tag>.<snake_case(id)>.
    first, *rest = routed.rsplit(".", 1)[-1].split("_")
    return first + "".join(word.capitalize() for word in rest)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def serve(host: str, port: int) -> None:
    """Serve every worker's metrics at http://host:port/metrics, from a thread of this (the
    supervising) process."""
    start_http_server(port, addr=host, registry=_registry())
