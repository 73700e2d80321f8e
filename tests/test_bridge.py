"""gaggle.bridge: Flask on the app's threads, and the paths that may hold only a share of them."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from gaggle.bridge import WSGIBridge

TOKEN = "/o/token/"


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
    running, peak, lock, release = 0, 0, threading.Lock(), threading.Event()

    def app(environ, start_response):
        nonlocal running, peak
        if environ["PATH_INFO"] == TOKEN:
            with lock:
                running += 1
                peak = max(peak, running)
            release.wait(5)
            with lock:
                running -= 1
        start_response("200 OK", [])
        return [b"ok"]

    with ThreadPoolExecutor(4) as executor:
        bridge = WSGIBridge(app, executor, limited=frozenset({TOKEN}), share=1)

        async def burst():
            tokens = [asyncio.create_task(status_of(bridge, TOKEN)) for _ in range(6)]
            await asyncio.sleep(0.1)
            # Six token requests at once hold one thread: another path is answered meanwhile.
            assert await asyncio.wait_for(status_of(bridge, "/api/v/2.0/"), 2) == 200
            release.set()
            return await asyncio.gather(*tokens)

        assert run(burst) == [200] * 6
        # A loop of its own gets a gate of its own.
        assert run(lambda: status_of(bridge, TOKEN)) == 200
    assert peak == 1
