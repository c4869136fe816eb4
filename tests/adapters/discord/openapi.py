"""Discord's OpenAPI spec (copied into samples/, MIT) as JSON Schema validators."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SAMPLES = Path(__file__).resolve().parent / "samples"  # with their sources and licences
SPEC = SAMPLES / "discord-api-spec__openapi.json"


@cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text())


def request_validator(path: str, method: str) -> Draft202012Validator:
    """Return a validator for the JSON request body of `method path` in Discord's spec."""
    spec = _spec()
    body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    # The body schema refers to `#/components/...`; give it the spec's components to resolve.
    schema = {**body, "components": spec["components"]}
    return Draft202012Validator(schema)


def response_validator(path: str, method: str) -> Draft202012Validator:
    """Return a validator for the JSON body of a 200 answer to `method path` in the spec."""
    spec = _spec()
    answer = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return Draft202012Validator({**answer["schema"], "components": spec["components"]})


def problems(validator: Draft202012Validator, body: Any) -> list[str]:
    """Return every way `body` breaks the schema, as readable lines."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(body)
    ]
