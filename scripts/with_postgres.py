"""Run a command against a throwaway PostgreSQL server: `python scripts/with_postgres.py CMD...`.

Starts a server in a temporary directory on 127.0.0.1 and a free port, sets DATABASE_URL for
the command, and stops and removes the server when the command ends, whatever its outcome.
PostgreSQL refuses to run as root, so as root the server runs as the unprivileged `nobody`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DATABASE = "gaggle_test"


def _bin_dir() -> str:
    configured = os.environ.get("PG_BIN")
    if configured:
        return configured
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = [c for c in candidates if os.path.exists(os.path.join(c, "initdb"))]
    if not found:
        sys.exit("PostgreSQL server binaries not found; install postgresql or set PG_BIN")
    return found[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user():
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")

    def demote() -> None:
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    return demote, nobody


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 that can be stopped and started again."""

    def __init__(self) -> None:
        self.bin_dir = _bin_dir()
        self.workdir = tempfile.mkdtemp(prefix="gaggle-pg-")
        self.data = os.path.join(self.workdir, "data")
        demote = _as_server_user()
        if demote:
            os.chown(self.workdir, demote[1].pw_uid, demote[1].pw_gid)
        self._preexec = demote[0] if demote else None
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"
        self._run(
            "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [f"{self.bin_dir}/{tool}", *args],
            preexec_fn=self._preexec,
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def start(self) -> None:
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.workdir} -c fsync=off -c max_connections=200"
        )
        log = os.path.join(self.workdir, "log")
        self._run("pg_ctl", "-D", self.data, "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        for _ in range(50):
            result = subprocess.run(
                [
                    f"{self.bin_dir}/createdb",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    DATABASE,
                ],
                capture_output=True,
            )
            if result.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"createdb failed: {result.stderr.decode()}")

    def remove(self) -> None:
        """Stop the server if it runs and delete its files."""
        subprocess.run(
            [f"{self.bin_dir}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"],
            preexec_fn=self._preexec,
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)


def main(command: list[str]) -> int:
    if not command:
        sys.exit(__doc__)
    server = PostgresServer()
    try:
        server.start()
        server.create_database()
        return subprocess.call(command, env=dict(os.environ, DATABASE_URL=server.url))
    finally:
        server.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
