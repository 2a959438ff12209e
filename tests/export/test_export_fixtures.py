"""The fake API's answers have the real Platform API's shape, so fixtures cannot drift from it.

Each object the fake serves is checked against ``definitions/<resource>`` of Heroku's own
hyper-schema (../shared/schemas/heroku/platform-api.schema.json), with ``strictProperties``
read as "no keys the schema does not know". The exporter's own shape checks are held to the
same schema: every field it reads must exist there.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import jsonschema
import pytest

from herokube.heroku_api import shapes

from .conftest import PLATFORM_SCHEMA, SHARED_SCHEMA, SHIPPED_SCHEMA, needs_shared
from .fake_platform_api import build_app, iter_typed

pytestmark = needs_shared


def _strict(node: Any) -> Any:
    """Interagent's ``strictProperties`` as JSON Schema: unknown keys are errors."""
    if isinstance(node, dict):
        out = {key: _strict(value) for key, value in node.items()}
        if out.get("strictProperties") is True and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


@cache
def _platform() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(PLATFORM_SCHEMA.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(definition: str) -> jsonschema.Draft4Validator:
    root = _strict(copy.deepcopy(_platform()))
    # Draft 4: a $ref replaces its siblings, so the root validates as the one definition while
    # every "#/definitions/..." inside it still resolves within the same file.
    root["$ref"] = f"#/definitions/{definition}"
    return jsonschema.Draft4Validator(root, format_checker=jsonschema.FormatChecker())


FIXTURES = {
    "default": build_app(),
    "benchmark-sized": build_app(addons=30, config_vars=200, domains=50),
    "no pipeline, no scheduler": build_app(pipeline=False, scheduler=False),
}


@pytest.mark.parametrize("fixture", FIXTURES, ids=list(FIXTURES))
def test_every_fixture_object_matches_its_platform_api_definition(fixture):
    checked = 0
    for path, definition, item in iter_typed(FIXTURES[fixture].routes):
        errors = sorted(_validator(definition).iter_errors(item), key=lambda e: list(e.path))
        assert not errors, f"{path} ({definition}): {errors[0].json_path}: {errors[0].message}"
        checked += 1
    assert checked > 10


def test_the_strict_check_catches_a_drifted_fixture():
    app = next(i for p, d, i in iter_typed(FIXTURES["default"].routes) if d == "app")
    drifted = dict(app, region="eu")  # the API sends {"id", "name"}, not a string
    assert list(_validator("app").iter_errors(drifted))
    assert list(_validator("app").iter_errors(dict(app, unknown_field=1)))


SHAPES = {
    "app": shapes.APP,
    "formation": shapes.FORMATION,
    "dyno-size": shapes.DYNO_SIZE,
    "add-on": shapes.ADDONS,
    "add-on-attachment": shapes.ATTACHMENTS,
    "domain": shapes.DOMAINS,
    "buildpack-installation": shapes.BUILDPACKS,
    "app-feature": shapes.FEATURES,
    "log-drain": shapes.LOG_DRAINS,
    "pipeline-coupling": shapes.COUPLING,
    "pipeline": shapes.PIPELINE,
    "release": shapes.RELEASES,
    "slug": shapes.SLUG,
    "oci-image": shapes.OCI_IMAGE,
}


@pytest.mark.parametrize("definition", SHAPES)
def test_every_field_the_exporter_reads_exists_in_the_api_schema(definition):
    shape = SHAPES[definition]
    if shape.get("type") == "array":
        shape = shape["items"]
    known = set(_platform()["definitions"][definition]["properties"])
    assert set(shape["properties"]) <= known


def test_the_shipped_export_schema_is_the_shared_one():
    shipped = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    # herokube's one addition to the shared format (docs/export.md): optional, so older exports load.
    addon = shipped["properties"]["addons"]["items"]["properties"]
    assert addon.pop("billed_price")["required"] == ["cents"]
    assert shipped == json.loads(SHARED_SCHEMA.read_text(encoding="utf-8")), (
        f"copy {SHARED_SCHEMA} to {SHIPPED_SCHEMA}"
    )


def test_the_shared_example_validates_against_the_shipped_schema():
    example = SHARED_SCHEMA.parent / "example-acme-shop.json"
    schema = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(example.read_text()))
