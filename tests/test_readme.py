"""The README's quick start is what CI runs, and its settings table is complete."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = readme.split("Install and run the whole test suite")[1].split("\n\n")[1].strip()
    # Only Python is needed to start it; the script it runs brings the rest.
    program, script = command.split()
    assert program == "python3" and (ROOT / script).is_file()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_every_setting_the_server_reads_is_documented():
    readme = (ROOT / "README.md").read_text()
    read = set(
        re.findall(
            r'"((?:GAGGLE_|DATABASE_URL)[A-Z_]*)"', (ROOT / "gaggle" / "settings.py").read_text()
        )
    )
    assert {"DATABASE_URL", "GAGGLE_THREADS", "GAGGLE_SECRET_KEY"} <= read
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert read - documented == set()
