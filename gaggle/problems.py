"""RFC 7807 problem responses, the one error shape of the API."""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"
MAX_DETAIL = 1000


def _shortened(detail: str) -> str:
    """`detail`, or at most MAX_DETAIL characters of it with "…" where the middle was.

    Validation messages quote the offending value, which can be arbitrarily long, between what
    is wrong (the start) and where (the end): both are kept.
    """
    if len(detail) <= MAX_DETAIL:
        return detail
    half = MAX_DETAIL // 2
    return detail[:half] + "…" + detail[len(detail) - (MAX_DETAIL - half - 1) :]


def problem_body(
    status: int, detail: str | None = None, *, title: str | None = None, **extra
) -> dict:
    body = {
        "type": "about:blank",
        "title": title or HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
    }
    if detail:
        body["detail"] = _shortened(detail)
    body.update(extra)
    return body


class Problem(Exception):
    """Raised anywhere below a handler to answer with a problem; never logged as a failure."""

    def __init__(
        self, status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})
        self.extra = extra

    def body(self) -> dict:
        return problem_body(self.status, self.detail, **self.extra)
