"""gaggle.bridge: Flask on the app's threads, and the paths that may hold only a share of them."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from gaggle.bridge import WSGIBridge

TOKEN = "/o/token/"
# How long the test waits for what it waits for: far longer than anything here takes on a busy
# machine, so that only a request that is really stuck runs into it.
PATIENCE = 30


def run(make_coroutine):
    """Run a coroutine on an event loop of its own, in a thread of its own (the test's thread
    may already run a loop, as browser tests leave one)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make_coroutine())).result()


async def status_of(bridge: WSGIBridge, path: str) -> int:
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": [],
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await bridge(scope, receive, send)
    return sent[0]["status"]


def test_a_burst_on_a_limited_path_leaves_threads_for_the_rest():
    running, peak, lock = 0, 0, threading.Lock()
    entered, release = threading.Event(), threading.Event()

    def app(environ, start_response):
        nonlocal running, peak
        if environ["PATH_INFO"] == TOKEN:
            with lock:
                running += 1
                peak = max(peak, running)
            entered.set()
            release.wait(2 * PATIENCE)  # longer than the test waits for anything
            with lock:
                running -= 1
        start_response("200 OK", [])
        return [b"ok"]

    with ThreadPoolExecutor(4) as executor:
        bridge = WSGIBridge(app, executor, limited=frozenset({TOKEN}), share=1)

        async def burst():
            tokens = [asyncio.create_task(status_of(bridge, TOKEN)) for _ in range(6)]
            assert await asyncio.to_thread(entered.wait, PATIENCE), "no token request started"
            # Six token requests at once hold one thread: another path is answered meanwhile,
            # while one of them is still held.
            assert await asyncio.wait_for(status_of(bridge, "/api/v/2.0/"), PATIENCE) == 200
            assert running == 1
            release.set()
            return await asyncio.gather(*tokens)

        assert run(burst) == [200] * 6
        # A loop of its own gets a gate of its own.
        assert run(lambda: status_of(bridge, TOKEN)) == 200
    assert peak == 1
