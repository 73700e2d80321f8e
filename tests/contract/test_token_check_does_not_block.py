"""The token check waits on the database in a worker thread, never on the event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time

import httpx

from gaggle import security, spec


def test_a_slow_token_lookup_does_not_hold_up_other_requests(app, monkeypatch):
    def slow_lookup(token):
        time.sleep(1.0)  # a database that takes a second to answer
        return None

    monkeypatch.setattr(security, "_lookup", slow_lookup)

    async def scenario() -> tuple[float, float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            started = time.monotonic()

            async def timed(coroutine):
                response = await coroutine
                return response, time.monotonic() - started

            slow = asyncio.create_task(
                timed(
                    client.get(
                        f"{spec.API_BASE_PATH}/userprofiles/me/",
                        headers={"Authorization": "Bearer x"},
                    )
                )
            )
            await asyncio.sleep(0.1)
            fast_response, fast_time = await timed(client.get(f"{spec.API_BASE_PATH}/"))
            slow_response, slow_time = await slow
            assert fast_response.status_code == 200
            assert slow_response.status_code == 401
            return fast_time, slow_time

    # A loop of its own, in a thread of its own: other tests (Playwright) may keep one running
    # in this thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        fast_time, slow_time = pool.submit(lambda: asyncio.run(scenario())).result()
    assert slow_time >= 1.0
    assert fast_time < 0.8, "the public request waited for the slow token lookup"
