"""`gaggle serve` in a child process on a free 127.0.0.1 port, for contract tests and benchmarks.

The server is always stopped when the `with` block ends, whatever happens inside it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import tempfile
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
    """Start `gaggle serve`; yield its base URL and a list that receives its output at the end.

    The output goes to a temporary file, not a pipe: a pipe nobody reads fills up under load
    and then blocks the server on its next log line.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output: list[str] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [*GAGGLE, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_ready(base, server, log)
            yield base, output
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.seek(0)
            output.append(log.read())


def _wait_until_ready(base: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310
                assert json.load(response) == {"status": "ok"}
                return
        except OSError:
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read()) from None
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not become ready in 30 s") from None
            time.sleep(0.2)
