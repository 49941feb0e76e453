"""schemathesis over the app's own OpenAPI schema (the JSON API and the HTML pages): requests generated from every
operation's parameters, valid ones and values outside what each declares, sent to the app over a store of our
sample articles. No answer may be a server error: a bad cursor, offset, date or query is the client's mistake
(4xx), never a 500.

schemathesis's pytest plugin does not load under the pytest this project runs, so its strategies are driven by
hypothesis directly, one test per operation. `make test` draws a few dozen requests per operation;
STORYLINE_FUZZ_EXAMPLES raises that for a long run (benchmarks/reliability.py fuzz).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from storyline.engines.local import ingest_paths_into
from storyline.settings import Settings
from storyline.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "30"))
TOKEN = "fuzz-token"


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("schema") / "s.db"
    config = Settings.load(environ={}, db=str(db), facts_workers=0, api_token=TOKEN, allowed_hosts="testserver")
    ingest_paths_into(str(db), [REPO / "examples"], config)
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(config))


def _labels() -> list[str]:
    """The operations, from the schema of an app over no store (the routes do not depend on the data)."""
    app = create_app(Settings.load(environ={}, db=":memory:", allowed_hosts="testserver"))
    return [op.ok().label for op in schemathesis.openapi.from_asgi("/api/openapi.json", app).get_all_operations()]


@pytest.mark.parametrize("label", _labels())
def test_no_request_makes_a_server_error(schema, label: str) -> None:
    [operation] = [op.ok() for op in schema.get_all_operations() if op.ok().label == label]
    strategy = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in GenerationMode))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def check(case) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"} if case.method.upper() == "POST" else None
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.path} {case.query}: {response.text[:300]}"

    check()
