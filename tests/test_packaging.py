"""The built wheel is the whole product: installed alone into a fresh virtual environment, it
migrates, seeds the demo and serves, with nothing read from this checkout."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from gaggle.liveserver import free_port

ROOT = Path(__file__).resolve().parent.parent

# SQLite: the installed command runs on its own default database.
# One xdist worker builds and installs the wheel once for both tests.
pytestmark = [pytest.mark.live, pytest.mark.sqlite, pytest.mark.xdist_group("packaging")]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel the README's build command makes (into a folder of the test's own, with what
    the build said, verbosely), and the build's output."""
    readme = (ROOT / "README.md").read_text()
    (command,) = re.findall(r"^ {4}(\.venv/bin/pip wheel .*)$", readme, re.MULTILINE)
    args = shlex.split(command)
    out = tmp_path_factory.mktemp("wheel")
    args[args.index("-w") + 1] = str(out)
    done = subprocess.run(
        [sys.executable, "-m", "pip", *args[1:], "-v"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("gaggle-*.whl")
    return built, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(build) -> Path:
    return build[0]


def test_the_build_warns_of_nothing_deprecated(build):
    assert not re.findall(r".*deprecat.*", build[1], re.IGNORECASE)
    metadata = zipfile.ZipFile(build[0]).read(
        f"gaggle-{importlib.metadata.version('gaggle')}.dist-info/METADATA"
    )
    assert b"\nLicense-Expression: Apache-2.0\n" in metadata


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel and its dependencies, nothing else."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    subprocess.run(
        [home / "bin" / "python", "-m", "pip", "install", "-q", f"{wheel}"],
        check=True,
        timeout=600,
    )
    return home


def test_the_wheel_ships_one_namespace_with_its_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/", 1)[0] for name in names if not name.endswith(".dist-info")}
    assert top_level - {f"gaggle-{importlib.metadata.version('gaggle')}.dist-info"} == {"gaggle"}
    for shipped in (
        "gaggle/handlers/recognitions.py",
        "gaggle/models/people.py",
        "gaggle/openapi/openapi.yaml",
        "gaggle/openapi/paths/recognitions.yaml",
        "gaggle/openapi/components/schemas/people.yaml",
        "gaggle/migrations/env.py",
        "gaggle/migrations/script.py.mako",
        "gaggle/migrations/versions/0001_people_and_oauth.py",
        "gaggle/templates/login.html",
        "gaggle/templates/graphql_ide.html",
        "gaggle/templates/graphql_ide.js",
        "gaggle/static/docs.js",
        "gaggle/static/favicon.ico",
        "gaggle/graph/schema.py",
    ):
        assert shipped in names
    # The GraphQL contract, SDL files only, under the gaggle namespace beside the OpenAPI one.
    sdl = sorted(name for name in names if name.startswith("gaggle/graphql/"))
    assert sdl == sorted(f"gaggle/graphql/{path.name}" for path in (ROOT / "graphql").glob("*"))
    assert all(name.endswith(".graphql") for name in sdl)


def test_the_installed_wheel_migrates_seeds_and_serves(installed: Path, tmp_path: Path):
    gaggle = str(installed / "bin" / "gaggle")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "GAGGLE_DATA_DIR": str(tmp_path / "data"),
    }

    def run(*args: str) -> str:
        # From a folder holding nothing of this checkout, so only the installed code can answer.
        result = subprocess.run(
            [gaggle, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run("--version").strip() == f"gaggle, version {importlib.metadata.version('gaggle')}"
    where = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "import gaggle.handlers; print(gaggle.handlers.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed))

    assert "up to date" in run("migrate")
    assert "admin@demo.gaggle.test" in run("demo")

    port = free_port()
    with open(tmp_path / "serve.log", "w+") as log:
        server = subprocess.Popen(
            [gaggle, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                        assert response.status == 200
                        break
                except OSError:
                    assert server.poll() is None, log.read()
                    assert time.monotonic() < deadline, "not ready in 60 s"
                    time.sleep(0.2)
            with urllib.request.urlopen(f"{base}/api/v/2.0/openapi.json", timeout=5) as response:
                assert json.load(response)["info"]["title"]
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as response:
                assert b"<form" in response.read()
            # The SDL the installed package found in itself, the checkout's files in order.
            with urllib.request.urlopen(f"{base}/graphql/schema.graphql", timeout=5) as response:
                served = response.read().decode()
            files = sorted((ROOT / "graphql").glob("*.graphql"), key=lambda p: p.stem != "common")
            assert served.startswith("# common.graphql: ")
            assert all(path.read_text(encoding="utf-8") in served for path in files)
            request = urllib.request.Request(
                f"{base}/graphql",
                data=json.dumps({"query": "{ network { name } }"}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=5)
            refused.value.close()
            assert refused.value.code == 401
        finally:
            server.terminate()
            server.wait(timeout=30)
