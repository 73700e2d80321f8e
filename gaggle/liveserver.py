"""`gaggle serve` in a child process on a free 127.0.0.1 port, for tests and benchmarks.

The server is always stopped when the `with` block ends, whatever happens inside it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

GAGGLE = [sys.executable, "-m", "gaggle.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    base: str
    process: subprocess.Popen
    log: IO[str]
    final_output: str | None = None  # kept when the server stops and its log file goes

    def output(self) -> str:
        """Everything the server has written so far (read without moving its write position)."""
        if self.final_output is not None:
            return self.final_output
        fd = self.log.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")

    def workers(self) -> list[int]:
        """Process ids of the worker processes (with --workers N > 1), read from /proc."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                command = (stat.parent / "cmdline").read_bytes()
                # uvicorn spawns its workers with multiprocessing (skip its resource tracker)
                if int(fields[1]) == self.process.pid and b"spawn_main" in command:
                    children.append(int(stat.parent.name))
        return sorted(children)

    def signal(self, number: signal.Signals) -> None:
        self.process.send_signal(number)


@contextlib.contextmanager
def live_server(env: dict[str, str], *args: str) -> Iterator[LiveServer]:
    """Start `gaggle serve`; yield it once /readyz answers; stop it at the end.

    The output goes to a temporary file, not a pipe: a pipe nobody reads fills up under load
    and then blocks the server on its next log line.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            [*GAGGLE, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = LiveServer(base, process, log)
        try:
            _wait_until_ready(server)
            yield server
        finally:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            server.final_output = server.output()


@contextlib.contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[tuple[str, list[str]]]:
    """Start `gaggle serve`; yield its base URL and a list that receives its output at the end."""
    output: list[str] = []
    server = None
    try:
        with live_server(env, *args) as server:
            yield server.base, output
    finally:
        if server is not None:
            output.append(server.output())


# How long a server may take to start: a few seconds on an idle machine, far longer on one
# that runs several test sessions at once. Only a server that never starts waits it out.
READY_WITHIN = 120


def _wait_until_ready(server: LiveServer) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while True:
        try:
            with urllib.request.urlopen(f"{server.base}/readyz", timeout=2) as response:  # noqa: S310
                assert json.load(response) == {"status": "ok"}
                return
        except OSError:
            if server.process.poll() is not None:
                raise RuntimeError(server.output()) from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not become ready in {READY_WITHIN} s") from None
            time.sleep(0.2)
