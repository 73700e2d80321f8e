"""The Python client generated from the API's document, unedited, against a live server on
127.0.0.1, with a standard OAuth2 library for the token.

scripts/generate_client.py generates the client. The test gets a token where the document's
security scheme says (requests-oauthlib, the password grant), then uses only the generated
client, at the document's one server, to list every collection of the API.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from oauthlib.oauth2 import LegacyApplicationClient
from requests_oauthlib import OAuth2Session

from gaggle import spec
from gaggle.liveserver import GAGGLE, running_server

# One xdist worker generates the client once for all three tests.
pytestmark = [pytest.mark.contract, pytest.mark.xdist_group("generated_client")]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_client.py"
PACKAGE = "gaggle_api_client"
EMAIL = "client@example.com"
PASSWORD = "generated client secret"
SEEDED = {"users", "userprofiles", "networks", "departments"}  # each has an object below


@pytest.fixture(scope="module")
def client_package(tmp_path_factory):
    """The generated package, imported from a temporary directory and forgotten afterwards."""
    output = tmp_path_factory.mktemp("client")
    subprocess.run([sys.executable, str(SCRIPT), str(output)], check=True, timeout=120)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.syspath_prepend(str(output / "gaggle-client"))
        yield importlib.import_module(PACKAGE)
        for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def server(empty_database, tmp_path):
    env = dict(os.environ, DATABASE_URL=empty_database.url, GAGGLE_DATA_DIR=str(tmp_path))

    def gaggle(*args):
        return subprocess.run(
            [*GAGGLE, *args], env=env, capture_output=True, text=True, check=True, timeout=120
        ).stdout

    gaggle("users", "create", "--email", EMAIL, "--password", PASSWORD, "--admin")
    app = json.loads(
        gaggle(
            *("apps", "create", "--owner", EMAIL, "--name", "Generated client"),
            *("--grant-type", "password", "--client-type", "confidential"),
        )
    )
    with running_server(env) as (base, _output):
        yield base, app


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def _operation_module(operation: dict):
    return importlib.import_module(
        f"{PACKAGE}.api.{operation['tags'][0]}.{_snake(operation['operationId'])}"
    )


def _schema_name(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[-1]


def _results_schema_name(page_name: str) -> str:
    page = spec.bundled()["components"]["schemas"][page_name]
    for part in page.get("allOf", [page]):
        results = part.get("properties", {}).get("results")
        if results:
            return _schema_name(results["items"])
    raise AssertionError(f"{page_name} has no results")


def test_model_names_are_the_component_names(client_package):
    models = importlib.import_module(f"{PACKAGE}.models")
    assert models.UserProfile.__name__ == "UserProfile"
    assert models.Department.__name__ == "Department"
    for name, schema in spec.bundled()["components"]["schemas"].items():
        if "properties" in schema or "allOf" in schema or schema.get("type") == "object":
            assert isinstance(getattr(models, name, None), type), name


def test_the_client_has_no_oauth2_operations(client_package):
    # Tokens come from the OAuth2 server's own document and any OAuth2 library.
    assert not (Path(client_package.__file__).parent / "api" / "oauth").exists()


def test_token_and_every_collection_through_the_generated_client(
    client_package, server, monkeypatch
):
    base, app = server
    client = importlib.import_module(f"{PACKAGE}.client")
    models = importlib.import_module(f"{PACKAGE}.models")
    document = spec.api_document()

    # The token where the document's security scheme says, by a standard OAuth2 library
    # (which refuses plain http unless told this is a test on 127.0.0.1).
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    flow = document["components"]["securitySchemes"]["oauth2"]["flows"]["password"]
    session = OAuth2Session(client=LegacyApplicationClient(client_id=app["client_id"]))
    token = session.fetch_token(
        token_url=urljoin(base, flow["tokenUrl"]),
        username=EMAIL,
        password=PASSWORD,
        client_id=app["client_id"],
        client_secret=app["client_secret"],
    )
    assert token["token_type"] == "Bearer" and token["scope"] == ["all"]

    # The generated client at the document's one server, as generated.
    [server_entry] = document["servers"]
    api = client.AuthenticatedClient(
        base_url=urljoin(base, server_entry["url"]),
        token=token["access_token"],
        raise_on_unexpected_status=True,
    )
    with api:
        create_department = importlib.import_module(f"{PACKAGE}.api.departments.create_department")
        created = create_department.sync_detailed(
            client=api, body=models.DepartmentCreate(name="Engineering")
        )
        assert created.status_code == 201, created.content
        assert isinstance(created.parsed, models.Department)

        collections = spec.collections()
        assert set(collections) >= SEEDED
        for name, path in collections.items():
            operation = spec.api_document()["paths"][path]["get"]
            response = _operation_module(operation).sync_detailed(client=api)
            assert response.status_code == 200, (name, response.content)
            ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
            page_model = getattr(models, _schema_name(ok))
            item_model = getattr(models, _results_schema_name(_schema_name(ok)))
            page = response.parsed
            assert isinstance(page, page_model), name
            assert page.count >= len(page.results), name
            assert page.results or name not in SEEDED, name
            assert all(isinstance(item, item_model) for item in page.results), name
