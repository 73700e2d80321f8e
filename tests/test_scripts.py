"""scripts/test.py, the README's test command: what it asks of the machine, and the lint it runs."""

from __future__ import annotations

import configparser
import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _test_script():
    spec = importlib.util.spec_from_file_location("test_command", ROOT / "scripts" / "test.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_debian_packages_come_without_their_recommended_packages(monkeypatch):
    script = _test_script()
    commands = []
    monkeypatch.setattr(script, "apt_prefix", lambda: [])
    monkeypatch.setattr(script, "run", lambda *command, **_: commands.append(command))
    assert script.install_debian_packages(["chromium", "wrk"])
    assert commands == [
        ("apt-get", "update", "-qq"),
        ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "wrk"),
    ]


def test_ci_lints_with_the_commit_hooks_which_fetch_nothing():
    """CI's lint stage is the pre-commit configuration, whose hooks run the tools of the
    environment (no hook repository downloaded at commit or CI time)."""

    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini")
    assert tox["testenv:lint"]["commands"].split() == [
        "pre-commit",
        "run",
        "--all-files",
        "--show-diff-on-failure",
    ]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {hook["language"] for hook in hooks} == {"system"}
    assert {"ruff", "ruff-format", "openapi-spec-validator"} <= {hook["id"] for hook in hooks}
