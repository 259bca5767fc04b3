"""Schema fuzzing of every endpoint with schemathesis, against the OpenAPI document a real
`otklik serve` serves: no 5xx, every answer as documented, every error in the one shape.

Bounded to keep the suite fast (MAX_EXAMPLES per operation, valid and invalid inputs):
about a minute on a 2-core machine.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from companion.api.openapi import document
from tests.conftest import LiveServer

MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = LiveServer(data_dir=tmp_path_factory.mktemp("fuzz") / "otklik-data").start()
    yield server
    server.stop()


# The document the server serves (a test below holds the two equal): loaded at import,
# as schemathesis's parametrize needs, before the server of the fixture is started.
schema = schemathesis.openapi.from_dict(document())


def test_the_fuzzed_document_is_the_served_one(served):
    import json
    import urllib.request

    request = urllib.request.Request(
        f"{served.url}/api/v1/openapi.json", headers={"Authorization": f"Bearer {served.token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read()) == json.loads(json.dumps(document()))



@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_5xx_and_every_error_in_the_shape(case, served):
    response = case.call(
        base_url=f"{served.url}/api/v1",
        headers={"Authorization": f"Bearer {served.token}"},
        timeout=60,
    )
    case.validate_response(
        response,
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "field"}
        assert error["message"] and "\n" not in error["message"]
