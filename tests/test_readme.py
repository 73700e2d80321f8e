"""The README's quick start works, its test command is what CI runs, its settings table is
complete, and its examples work on the demo data."""

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from gaggle import db, demo
from gaggle.liveserver import GAGGLE, live_server
from gaggle.models.objectives import KeyResult, Objective
from gaggle.models.people import Network, User

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = readme.split("Install and run the whole test suite")[1].split("\n\n")[1].strip()
    # Only Python is needed to start it; the script it runs brings the rest.
    program, script = command.split()
    assert program == "python3" and (ROOT / script).is_file()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines
    # What it may do to the machine is said right after it.
    warning = readme.split(command, 1)[1].split("\n\n")[1]
    assert "installs system packages" in warning and "root" in warning and "apt-get" in warning


@pytest.mark.live
@pytest.mark.sqlite
def test_the_quick_start_ends_with_a_first_call_in_rest_and_graphql(tmp_path):
    quick_start = (ROOT / "README.md").read_text().split("## Quick start")[1].split("\n## ")[0]
    *_, last = re.findall(r"(?:\n {4}.*)+", quick_start)
    script = textwrap.dedent(last).strip()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GAGGLE_DATA_DIR"] = str(tmp_path)
    printed = subprocess.run(
        [*GAGGLE, "demo"], env=env, capture_output=True, text=True, check=True
    ).stdout
    # The call uses what `gaggle demo` printed.
    client_id, secret = re.search(r"client_id (\S+), client_secret (\S+)", printed).groups()
    user, password = re.search(r"Log in as the admin: (\S+) / (\S+)", printed).groups()
    assert f"-u {client_id}:{secret} " in script
    assert f"username={user} " in script and f"password={password} " in script
    with live_server(env) as server:
        done = subprocess.run(
            [
                "bash",
                "-euo",
                "pipefail",
                "-c",
                script.replace("http://127.0.0.1:8000", server.base),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    decoder, answers, rest = json.JSONDecoder(), [], done.stdout.strip()
    while rest:
        answer, end = decoder.raw_decode(rest)
        answers.append(answer)
        rest = rest[end:].strip()
    me, graph = answers
    assert me["user"]["email"] == user
    assert graph == {
        "data": {
            "currentUser": {"pk": me["id"], "fullName": "Ada Admin", "position": me["position"]}
        }
    }


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


def _demo_ids(model, condition) -> list[int]:
    """The ids of the demo's rows of `model` matching `condition`, in the order `gaggle demo`
    writes them: the ids 1, 2, 3 ... that the README names, on the demo's own database."""
    with db.reading() as session:
        return list(session.scalars(select(model.id).where(condition).order_by(model.id)))


def test_the_readme_check_in_examples_work_on_the_demo(client, make):
    """The README's REST and GraphQL check-ins, sent with the demo admin's token as the README
    gets it, with their ids read as the demo objects they name."""
    with db.transaction() as session:
        demo.seed(session)
        admin = session.scalar(select(User).where(User.email == "admin@demo.gaggle.test"))
    headers = make.token(admin)
    network = select(Network.id).where(Network.name == demo.NETWORK_NAME)
    objectives = _demo_ids(Objective, Objective.network_id.in_(network))
    key_results = _demo_ids(KeyResult, KeyResult.objective_id.in_(objectives))
    readme = (ROOT / "README.md").read_text()

    example = re.search(r"-d '(\{\"objective\".*?\})' \\\n\s+(\S+)", readme, re.DOTALL)
    assert example.group(2).endswith("/api/v/2.0/objectivecheckins/")
    checkin = json.loads(example.group(1))
    checkin["objective"] = objectives[checkin["objective"] - 1]
    for item in checkin["key_results"]:
        item["key_result"] = key_results[item["key_result"] - 1]
    response = client.post("/api/v/2.0/objectivecheckins/", json=checkin, headers=headers)
    assert response.status_code == 201, response.text

    document = re.search(r"```graphql\n(.*?)```", readme, re.DOTALL).group(1)
    document = re.sub(
        r"objectivePk: (\d+)", lambda m: f"objectivePk: {objectives[int(m[1]) - 1]}", document
    )
    document = re.sub(r"\{pk: (\d+)", lambda m: f"{{pk: {key_results[int(m[1]) - 1]}", document)
    answer = client.post(
        "/graphql", json={"query": document, "operationName": "CheckIn"}, headers=headers
    ).json()
    assert "errors" not in answer, answer
    assert answer["data"]["createCheckin"]["userErrors"] == []
