"""scripts/test.py, the README's test command: what it asks of the machine."""

from __future__ import annotations

import importlib.util
from pathlib import Path

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
