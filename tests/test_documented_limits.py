"""The limits the documentation states are the limits the code has: what the README, the API
document, the GraphQL schema and the command's help tell a user is what they meet. Each edge
itself is tested where its limit lives (paging, ids, lengths, bodies, passwords, lifetimes and
the GraphQL limits); a limit moved in the code alone fails here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gaggle import cli, spec
from gaggle.graph import sdl
from gaggle.graph.execution import MAX_TOKENS
from gaggle.graph.nodes import MAX_IDS
from gaggle.graph.relay import MAX_PAGE
from gaggle.models.sessions import LIFETIME
from gaggle.pagination import MAX_LIMIT
from gaggle.passwords import MAX_LENGTH, MIN_LENGTH
from gaggle.problems import MAX_DETAIL
from gaggle.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def _words(text: str) -> str:
    """`text` with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


def _readme() -> str:
    return _words(README.read_text())


def _defaults() -> list[tuple[str, str]]:
    """(variable, default) of each setting whose README default is a value (the data
    directory's is a folder of the working directory)."""
    rows = re.findall(r"^\| `(GAGGLE_[A-Z_]+)` \| `([^`]+)` \|", README.read_text(), re.MULTILINE)
    return [(variable, default) for variable, default in rows if variable != "GAGGLE_DATA_DIR"]


@pytest.mark.parametrize(("variable", "default"), _defaults())
def test_a_setting_has_the_default_the_readme_gives(variable, default, monkeypatch, tmp_path):
    monkeypatch.delenv(variable, raising=False)
    name = variable.removeprefix("GAGGLE_").lower()
    read = getattr(Settings.from_env(data_dir=tmp_path, secret_key="x"), name)
    declared = next(f.default for f in dataclasses.fields(Settings) if f.name == name)
    for value in (read, declared):
        assert (" ".join(value) if isinstance(value, tuple) else str(value)) == default


def test_the_readme_states_the_password_lengths():
    assert f"at least {MIN_LENGTH} characters (and at most {MAX_LENGTH})" in _readme()


def test_the_command_states_the_shortest_password():
    help_text = CliRunner().invoke(cli.main, ["users", "create", "--help"]).stdout
    assert f"At least {MIN_LENGTH} characters" in _words(help_text)


def test_the_readme_states_the_session_lifetime():
    days = re.search(r"live on the server, for (\d+) days from sign-in", _readme()).group(1)
    assert dt.timedelta(days=int(days)) == LIFETIME


def test_the_readme_states_the_graphql_page_list_filter_and_document_sizes():
    readme = _readme()
    assert f"`first` or `last` asks for up to {MAX_PAGE}, a list" in readme
    assert (
        f"(`pk_In`, `exclude`) up to {MAX_IDS} ids, a document up to {MAX_TOKENS} tokens" in readme
    )


def test_the_schema_states_the_page_size_at_every_connection():
    text = _words(sdl.text())
    stated = re.findall(r"many results from the \w+ \((?:default \d+, )?at most (\d+)\)", text)
    assert len(stated) > 20 and set(stated) == {str(MAX_PAGE)}
    assert f"asks for another number, and at most {MAX_PAGE};" in text


def test_the_api_document_states_the_page_size():
    limit = spec.bundled("api")["components"]["parameters"]["limit"]
    assert limit["schema"]["maximum"] == MAX_LIMIT
    assert f"from 1 to {MAX_LIMIT}" in limit["description"]


@pytest.mark.parametrize("document", spec.DOCUMENTS)
def test_the_documents_state_the_longest_problem_detail(document):
    detail = spec.bundled(document)["components"]["schemas"]["Problem"]["properties"]["detail"]
    assert detail["maxLength"] == MAX_DETAIL
    assert f"in at most {MAX_DETAIL} characters" in detail["description"]
