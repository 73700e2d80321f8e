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


def main(command: list[str]) -> int:
    if not command:
        sys.exit(__doc__)
    bin_dir = _bin_dir()
    workdir = tempfile.mkdtemp(prefix="gaggle-pg-")
    data = os.path.join(workdir, "data")
    demote = _as_server_user()
    if demote:
        os.chown(workdir, demote[1].pw_uid, demote[1].pw_gid)
    preexec = demote[0] if demote else None
    port = _free_port()
    run = dict(preexec_fn=preexec, cwd=workdir, stdout=subprocess.DEVNULL, check=True)
    subprocess.run(
        [
            f"{bin_dir}/initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        **run,
    )
    options = f"-h 127.0.0.1 -p {port} -k {workdir} -c fsync=off -c max_connections=200"
    subprocess.run(
        [
            f"{bin_dir}/pg_ctl",
            "-D",
            data,
            "-l",
            os.path.join(workdir, "log"),
            "-o",
            options,
            "-w",
            "start",
        ],
        **run,
    )
    try:
        for _ in range(50):
            result = subprocess.run(
                [
                    f"{bin_dir}/createdb",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    DATABASE,
                ],
                capture_output=True,
            )
            if result.returncode == 0:
                break
            time.sleep(0.2)
        else:
            sys.exit(f"createdb failed: {result.stderr.decode()}")
        env = dict(os.environ, DATABASE_URL=f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}")
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(
            [f"{bin_dir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
            preexec_fn=preexec,
            cwd=workdir,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
