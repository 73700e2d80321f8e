"""The token check waits on the database in a worker thread, never on the event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

import httpx

from gaggle import security, spec
from tests.answers import assert_problem

# A bound on every wait, so that a broken server fails the test instead of hanging it; the
# test decides by the order of events, never by how long anything took.
PATIENCE = 30


def test_a_slow_token_lookup_does_not_hold_up_other_requests(app, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    released_by_the_test: list[bool] = []

    def slow_lookup(token):
        # A database that answers only once the test has seen the public request answered.
        entered.set()
        released_by_the_test.append(release.wait(PATIENCE))
        return None

    monkeypatch.setattr(security, "_lookup", slow_lookup)

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            slow = asyncio.create_task(
                client.get(
                    f"{spec.API_BASE_PATH}/userprofiles/me/",
                    headers={"Authorization": "Bearer x"},
                )
            )
            assert await asyncio.to_thread(entered.wait, PATIENCE), "the lookup never started"
            # Were the lookup on the event loop, this request could not be answered before the
            # lookup returns, which it does only after this request (or the patience) ends.
            fast_response = await client.get(f"{spec.API_BASE_PATH}/")
            assert fast_response.status_code == 200
            assert not slow.done(), "the token check answered before the database did"
            release.set()
            assert_problem(await slow, 401, "The access token is unknown, expired or revoked.")

    # A loop of its own, in a thread of its own: other tests (Playwright) may keep one running
    # in this thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(scenario())).result()
    assert released_by_the_test == [True], "the public request waited for the slow token lookup"
