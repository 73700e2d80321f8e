"""A typed Python client generated from the SDL by ariadne-codegen, unedited, against a live
server on the demo network, with a token from a standard OAuth2 library.

The client is generated at test time from `graphql/` and the operations below, into a
temporary folder, and imported from there.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from urllib.parse import urljoin

import pytest
from oauthlib.oauth2 import LegacyApplicationClient
from requests_oauthlib import OAuth2Session

from gaggle import demo
from gaggle.graph import sdl
from gaggle.liveserver import GAGGLE, running_server

# One xdist worker generates the client once for the module.
pytestmark = [pytest.mark.contract, pytest.mark.xdist_group("graphql_client")]

PACKAGE = "gaggle_graphql_client"
OPERATIONS = """
query Me {
  currentUser { pk fullName user { email } network { name } }
}

query Wall($first: Int) {
  recognitions(first: $first, orderBy: "-awardedDate") {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      pk message awardedDate sender { pk fullName } recipient { pk } badge { pk name }
    } }
  }
  badges(active: true) { edges { node { pk name } } }
  profiles(first: 50) { edges { node { pk fullName } } }
}

mutation Recognize($input: GiveRecognitionInput!) {
  giveRecognition(input: $input) {
    recognition { pk message recipient { pk } badge { name } canChange }
    userErrors { field message code }
  }
}
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated package, imported from a temporary folder and forgotten afterwards."""
    folder = tmp_path_factory.mktemp("graphql-client")
    (folder / "operations.graphql").write_text(OPERATIONS, encoding="utf-8")
    (folder / "codegen.toml").write_text(
        "[tool.ariadne-codegen]\n"
        f'schema_path = "{sdl.folder()}"\n'
        f'queries_path = "{folder / "operations.graphql"}"\n'
        f'target_package_name = "{PACKAGE}"\n'
        f'target_package_path = "{folder}"\n'
        "async_client = false\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "ariadne_codegen", "--config", str(folder / "codegen.toml")],
        check=True,
        capture_output=True,
        timeout=120,
        cwd=folder,
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.syspath_prepend(str(folder))
        yield importlib.import_module(PACKAGE)
        for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def server(empty_database, tmp_path):
    env = dict(os.environ, DATABASE_URL=empty_database.url, GAGGLE_DATA_DIR=str(tmp_path))
    subprocess.run([*GAGGLE, "demo"], env=env, check=True, capture_output=True, timeout=300)
    with running_server(env) as (base, _output):
        yield base


def test_the_generated_client_queries_and_mutates_as_typed(generated, server, monkeypatch):
    # The token from the server's own endpoint, by a standard OAuth2 library (which refuses
    # plain http unless told this is a test on 127.0.0.1).
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with OAuth2Session(client=LegacyApplicationClient(client_id=demo.DEMO_CLIENT_ID)) as session:
        token = session.fetch_token(
            token_url=urljoin(server, "/o/token/"),
            username=demo.PEOPLE[0][0],
            password=demo.DEMO_PASSWORD,
            client_id=demo.DEMO_CLIENT_ID,
            client_secret=demo.DEMO_CLIENT_SECRET,
        )
    client = generated.Client(
        url=urljoin(server, "/graphql"),
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    with client:  # its connections close at the end
        _query_and_mutate(client, generated)


def _query_and_mutate(client, generated) -> None:
    me = client.me()
    assert isinstance(me, generated.Me)
    assert me.current_user.user.email == demo.PEOPLE[0][0]
    assert me.current_user.network.name == demo.NETWORK_NAME

    wall = client.wall(first=5)
    assert isinstance(wall, generated.Wall)
    assert wall.recognitions.total_count >= len(wall.recognitions.edges) == 5
    assert wall.recognitions.page_info.has_next_page
    someone_else = next(p.node for p in wall.profiles.edges if p.node.pk != me.current_user.pk)
    badge = wall.badges.edges[0].node

    given = client.recognize(
        generated.GiveRecognitionInput(
            recipient=someone_else.pk, badge=badge.pk, message="Thanks for the demo!"
        )
    )
    assert isinstance(given, generated.Recognize)
    assert given.give_recognition.user_errors == []
    assert given.give_recognition.recognition.recipient.pk == someone_else.pk
    assert given.give_recognition.recognition.can_change is True

    refused = client.recognize(
        generated.GiveRecognitionInput(
            recipient=me.current_user.pk, badge=badge.pk, message="Well done, me"
        )
    )
    assert refused.give_recognition.recognition is None
    [error] = refused.give_recognition.user_errors
    assert error.code == generated.UserErrorCode.INVALID
    assert error.field == ["input", "recipient"]
