"""A real server process on 127.0.0.1, started by a test and always stopped with it."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

GAGGLE = [sys.executable, "-m", "gaggle.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[tuple[str, list[str]]]:
    """Start `gaggle serve`; yield its base URL and a list that receives its output at the end."""
    port = free_port()
    server = subprocess.Popen(
        [*GAGGLE, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                    assert json.load(response) == {"status": "ok"}
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(server.stdout.read()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not become ready in 30 s") from None
                time.sleep(0.2)
        yield base, output
    finally:
        server.terminate()
        try:
            out, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            out, _ = server.communicate()
        output.append(out)
