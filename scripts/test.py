"""Run the whole test suite with tox, after bringing what it needs: `python3 scripts/test.py`.

Needs only Python 3.11 (with venv). It creates .venv if missing and installs tox into it, then
looks for what some tests need besides Python:

- PostgreSQL's server binaries (initdb, pg_ctl, postgres), for the `pg` environment and the
  tests that start a server of their own: PG_BIN, else Debian's /usr/lib/postgresql/*/bin,
  else the ones the `pgserver` package ships (installed into .venv from PyPI if need be);
- Chromium, for the browser tests (tests/browser);
- wrk, for the load in the resilience tests (tests/resilience);
- Node.js 18.18 or later with npm's npx, for Redocly and Spectral in the `lint` environment
  (only when that environment runs).

What is missing it installs with apt-get, without recommended packages, where it may (as root,
or with sudo that asks no password). PostgreSQL it can always get from PyPI. Chromium and wrk
come from Debian only: if one is missing and cannot be installed it stops and says which tests
need it, unless GAGGLE_TEST_WITHOUT names it (e.g. GAGGLE_TEST_WITHOUT=chromium,wrk), in which
case those tests run as skipped, each saying why. Without Node.js it stops and says so: the `lint`
environment cannot run without it, and `-e py,pg` runs the others.

Arguments go to tox: `python3 scripts/test.py -e py -- -k oauth`.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
WITHOUT = "GAGGLE_TEST_WITHOUT"
NEEDED_BY = {
    "chromium": "the browser tests (tests/browser)",
    "wrk": "the load in the resilience tests (tests/resilience/test_load.py)",
}
# What Redocly CLI and Spectral CLI, run with npx in the `lint` environment, need.
NODE_MINIMUM = (18, 18)


def say(message: str) -> None:
    print(f"[scripts/test.py] {message}", flush=True)


def run(*command: str | os.PathLike, **kwargs) -> None:
    say("$ " + " ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def venv_with_tox() -> Path:
    if not (VENV / "bin" / "python").exists():
        say(f"creating the virtual environment {VENV}")
        run(sys.executable, "-m", "venv", VENV)
    tox = VENV / "bin" / "tox"
    if tox.exists():
        say(f"tox is installed in {VENV}")
    else:
        say(f"installing tox into {VENV}")
        run(VENV / "bin" / "pip", "install", "-q", "tox")
    return tox


def postgres_bin() -> str | None:
    """A directory holding PostgreSQL's server binaries, or None."""
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += glob.glob(str(VENV / "lib" / "python3*" / "site-packages" / "pgserver"))
    for candidate in candidates:
        for directory in (candidate, os.path.join(candidate, "pginstall", "bin")):
            if candidate and all(
                os.access(os.path.join(directory, tool), os.X_OK)
                for tool in ("initdb", "pg_ctl", "postgres")
            ):
                return directory
    return None


def chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def node_version() -> tuple[int, int] | None:
    """The version of Node.js, when both `node` and `npx` are on PATH; else None."""
    if not (shutil.which("node") and shutil.which("npx")):
        return None
    probe = subprocess.run(["node", "--version"], capture_output=True, text=True)
    found = re.match(r"v(\d+)\.(\d+)", probe.stdout.strip())
    return (int(found[1]), int(found[2])) if found else None


def runs_lint(tox_args: list[str]) -> bool:
    """Whether tox will run the `lint` environment: all of its envlist does, unless `-e`
    (or TOXENV) names the environments."""
    names = os.environ.get("TOXENV")
    for index, arg in enumerate(tox_args):
        if arg == "--":
            break
        if arg in ("-e", "--env") and index + 1 < len(tox_args):
            names = tox_args[index + 1]
        elif arg.startswith("--env="):
            names = arg.removeprefix("--env=")
        elif arg.startswith("-e") and len(arg) > 2:
            names = arg[2:].removeprefix("=")
    return names is None or "lint" in names.split(",")


def check_node() -> bool:
    """Node.js for the `lint` environment: found, installed from Debian, or said missing."""
    version = node_version()
    if version is None and install_debian_packages(["nodejs", "npm"]):
        version = node_version()
    minimum = ".".join(map(str, NODE_MINIMUM))
    if version is None or version < NODE_MINIMUM:
        found = "missing" if version is None else f"too old ({version[0]}.{version[1]})"
        say(
            f"Node.js {minimum} or later with npx is {found}; the lint environment runs "
            "Redocly and Spectral with npx. Install it (Debian: apt-get install nodejs npm, "
            "or from nodejs.org), or run the other environments alone: "
            "python3 scripts/test.py -e py,pg"
        )
        return False
    say(f"Node.js {version[0]}.{version[1]} with npx, for Redocly and Spectral (lint)")
    return True


def apt_prefix() -> list[str] | None:
    """How to run apt-get as root here, or None if it cannot be."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        probe = subprocess.run(["sudo", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["sudo", "-n"]
    return None


def install_debian_packages(packages: list[str]) -> bool:
    prefix = apt_prefix()
    if prefix is None:
        say(
            f"cannot install {', '.join(packages)} with apt-get here "
            "(no apt-get, or not root and no sudo without a password)"
        )
        return False
    say(f"installing Debian packages: {' '.join(packages)}")
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        run(*prefix, "apt-get", "update", "-qq", env=environment)
        run(
            *prefix,
            *("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages),
            env=environment,
        )
    except subprocess.CalledProcessError:
        say(f"apt-get could not install {' '.join(packages)}")
        return False
    return True


def postgres_from_pypi() -> str | None:
    say("installing PostgreSQL's server binaries from PyPI: the pgserver package, into .venv")
    try:
        run(VENV / "bin" / "pip", "install", "-q", "--no-deps", "pgserver")
    except subprocess.CalledProcessError:
        return None
    return postgres_bin()


def main(tox_args: list[str]) -> int:
    os.chdir(ROOT)
    tox = venv_with_tox()

    found = {"postgresql": postgres_bin(), "chromium": chromium(), "wrk": shutil.which("wrk")}
    for name, where in found.items():
        say(f"{name}: {where}" if where else f"{name}: not found")
    missing = [name for name, where in found.items() if not where]
    if missing and install_debian_packages(missing):
        found = {"postgresql": postgres_bin(), "chromium": chromium(), "wrk": shutil.which("wrk")}
    if not found["postgresql"]:
        found["postgresql"] = postgres_from_pypi()
    if not found["postgresql"]:
        say("no PostgreSQL server binaries: install postgresql, or set PG_BIN to their folder")
        return 1
    say(f"PostgreSQL's server binaries: {found['postgresql']}")

    left_out = {name.strip() for name in os.environ.get(WITHOUT, "").split(",") if name.strip()}
    stop = False
    for program in ("chromium", "wrk"):
        if found[program]:
            continue
        if program in left_out:
            say(
                f"{program} is missing and {WITHOUT} leaves it out: "
                f"{NEEDED_BY[program]} will be skipped"
            )
        else:
            say(
                f"{program} is missing and could not be installed; {NEEDED_BY[program]} need it. "
                f"Install it (Debian: apt-get install {program}), or set {WITHOUT}={program} "
                "to run the suite without those tests (they are then reported as skipped)."
            )
            stop = True
    if stop:
        return 1
    if runs_lint(tox_args) and not check_node():
        return 1

    environment = dict(os.environ, PG_BIN=found["postgresql"])
    say("$ " + " ".join([str(tox), *tox_args]))
    return subprocess.call([str(tox), *tox_args], env=environment)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
