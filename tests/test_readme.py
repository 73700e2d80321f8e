"""The README's quick start is what CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = readme.split("Install and run the whole test suite")[1].split("\n\n")[1].strip()
    assert command.startswith(".venv") or command.startswith("python3")
    assert command in (ROOT / ".ci" / "run").read_text()
