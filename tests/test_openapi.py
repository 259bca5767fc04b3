"""The OpenAPI document is valid and names exactly the routes the app serves."""

from __future__ import annotations

import re

import jsonschema
from openapi_spec_validator import validate

from companion.api.openapi import document


def _served(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len("/api/v1") :])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_document_is_valid_openapi_31(api):
    doc = api.get("/api/v1/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    validate(doc)


def test_document_matches_routes(app):
    documented = {(path, method) for path, item in document()["paths"].items() for method in item}
    assert documented == _served(app)


def test_health_answer_matches_its_schema(client):
    schema = document()["paths"]["/health"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    jsonschema.validate(client.get("/api/v1/health").json, schema)


def test_error_answers_match_the_error_schema(client, api):
    schema = document()["components"]["schemas"]["Error"]
    for response in (
        client.post("/api/v1/events", json={}),
        api.post("/api/v1/events", json={"events": 3}),
        api.get("/api/v1/nope"),
    ):
        jsonschema.validate(response.json, schema)
