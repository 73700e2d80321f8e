"""JSON log lines, the request id on every response and in every line, and the access log."""

from __future__ import annotations

import json
import logging
import re

import pytest

from gaggle import logs
from gaggle.app import create_app
from gaggle.settings import Settings

GENERATED = re.compile(r"[0-9a-f]{32}")


def access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "gaggle.access"]


def as_json(record: logging.LogRecord) -> dict:
    line = logs.JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_sane_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "abc-123"


def test_without_a_request_id_one_is_generated(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


@pytest.mark.parametrize("sent", ["has spaces", "x" * 201, "semi;colon", "new\tline", ""])
def test_an_unusable_request_id_is_replaced(client, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_the_longest_sane_request_id_is_kept(client):
    sent = "A.b_c-9" * 28 + "xxxx"  # 200 characters
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no/such/path", 404),
        ("GET", "/api/v/2.0/no-such-collection/", 404),
        ("DELETE", "/healthz", 405),
        ("GET", "/api/v/2.0/users/", 401),
    ],
)
def test_errors_carry_the_request_id_too(client, caplog, method, path, status):
    caplog.set_level(logging.INFO, logger="gaggle.access")
    response = client.request(method, path, headers={"X-Request-ID": "err-1"})
    assert response.status_code == status
    assert response.headers["X-Request-ID"] == "err-1"
    [record] = access_records(caplog)
    assert record.status == status  # the final status, after the error handlers
    assert record.request_id == "err-1"


def test_one_access_line_per_request_without_the_query_string(client, caplog):
    caplog.set_level(logging.INFO, logger="gaggle.access")
    response = client.get(
        "/healthz?access_token=secret",
        headers={"X-Request-ID": "abc-123", "Authorization": "Bearer sekrit-token"},
    )
    [record] = access_records(caplog)
    line = as_json(record)
    assert line["level"] == "INFO"
    assert line["logger"] == "gaggle.access"
    assert line["request_id"] == "abc-123" == response.headers["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["client"] == "testclient"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
    text = json.dumps(line)
    assert "secret" not in text and "access_token" not in text and "sekrit" not in text


def test_every_app_in_a_process_writes_one_line_per_request(new_app, caplog):
    # Apps built one after another in one process (as tests and the CLI build them) each have
    # their middlewares once, so one request is one line, counted once.
    caplog.set_level(logging.INFO, logger="gaggle.access")
    for _ in range(3):
        application = new_app()
        caplog.clear()
        assert application.test_client().get("/healthz").status_code == 200
        assert len(access_records(caplog)) == 1
        counted = application.runtime.metrics.exposition()
        assert b'operation="getHealth",status="200"} 1.0' in counted


def test_a_line_written_by_request_code_carries_the_request_id(new_app, caplog):
    # Flask (where every handler runs) is served from a worker thread by gaggle.bridge.
    def probe():
        logging.getLogger("gaggle.probe").warning("inside", extra={"widgets": 3})
        return "ok"

    app = new_app()  # a route of its own, added before the app serves its first request
    app.app.add_url_rule("/log-probe/", "log_probe", probe)
    response = app.test_client().get("/log-probe", headers={"X-Request-ID": "probe-7"})
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "gaggle.probe"]
    line = as_json(record)
    assert line["request_id"] == "probe-7"
    assert line["message"] == "inside"
    assert line["widgets"] == 3
    assert line["level"] == "WARNING"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        # The token check fails in Connexion's security layer; its error handler logs.
        ("GET", "/api/v/2.0/users/", {"headers": {"Authorization": "Bearer abc"}}),
        # The token endpoint fails inside its handler, on a worker thread.
        ("POST", "/o/token/", {"data": {"grant_type": "password", "client_id": "x"}}),
    ],
)
def test_error_handler_lines_carry_the_request_id(tmp_path, caplog, method, path, kwargs):
    down = Settings.from_env(
        data_dir=tmp_path, secret_key="x", database_url="postgresql://gaggle@127.0.0.1:1/gaggle"
    )
    client = create_app(down).test_client()
    headers = {"X-Request-ID": "db-down", **kwargs.pop("headers", {})}
    response = client.request(method, path, headers=headers, **kwargs)
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] == "db-down"
    [error] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert error.getMessage() == "database unavailable: OperationalError"
    assert as_json(error)["request_id"] == "db-down"


def test_lines_outside_a_request_have_no_request_id(app, caplog):
    logging.getLogger("gaggle.probe").warning("outside")
    [record] = [r for r in caplog.records if r.name == "gaggle.probe"]
    assert "request_id" not in as_json(record)


def test_exceptions_are_formatted_on_the_same_line(caplog):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("gaggle.probe").exception("failed")
    [record] = [r for r in caplog.records if r.name == "gaggle.probe"]
    line = as_json(record)
    assert line["message"] == "failed"
    assert "RuntimeError: boom" in line["exception"]


def test_configure_installs_one_handler_however_often_it_is_called(settings, caplog):
    for _ in range(3):
        logs.configure(settings.log_level)
    ours = [h for h in logging.getLogger().handlers if isinstance(h.formatter, logs.JsonFormatter)]
    assert len(ours) == 1
    assert logging.getLogger().level == logging.getLevelName(settings.log_level)
    logging.getLogger("gaggle.probe").warning("still captured")
    assert [r.getMessage() for r in caplog.records if r.name == "gaggle.probe"] == [
        "still captured"
    ]


def test_configure_writes_json_lines_to_stderr(settings, capsys):
    logs.configure(settings.log_level)
    logging.getLogger("gaggle.probe").warning("to stderr", extra={"answer": 42})
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    [line] = [line for line in lines if line["logger"] == "gaggle.probe"]
    assert line["message"] == "to stderr" and line["answer"] == 42
