"""schemathesis over the API's own OpenAPI schema: requests generated from every operation's parameters (valid
ones, and values outside what each declares), sent to the app over a store of our sample articles. No answer may
be a server error: a bad cursor, offset, date or query is the client's mistake (4xx), never a 500.

`make test` sends a few dozen requests per operation; STORYLINE_FUZZ_EXAMPLES raises that for a long run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from storyline.engines.local import ingest_paths_into
from storyline.settings import Settings
from storyline.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "40"))
TOKEN = "fuzz-token"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("schema") / "s.db"
    settings = Settings.load(
        environ={}, db=str(db), facts_workers=0, api_token=TOKEN, allowed_hosts="127.0.0.1,localhost,testserver"
    )
    ingest_paths_into(str(db), [REPO / "examples"], settings)
    return create_app(settings)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_no_request_makes_a_server_error(case) -> None:
    if case.method.upper() == "POST":
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))
