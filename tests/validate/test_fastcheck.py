"""The compiled yes/no schema check agrees with jsonschema: it never passes an invalid document."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from herokube.validate.fastcheck import compile_check
from herokube.validate.kube_schemas import SchemaStore, _fast_check

from .apiserver_cases import CASES, base_documents


def _documents() -> list[dict[str, Any]]:
    found = list(base_documents().values())
    for case in CASES:
        for edits in (case.invalid, case.valid):
            documents = base_documents()
            for edit in edits:
                edit(documents)
            found.extend(documents.values())
    return found


def _broken(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Schema faults: an unknown field, a wrong type, a missing required field, a bad enum."""
    spec = document.get("spec")
    faults = [{**document, "spek": {}}, {**document, "metadata": "web"}]
    if isinstance(spec, dict):
        faults.append({**document, "spec": {**spec, "replicas": "three", "unknown": 1}})
    faults.append({key: value for key, value in document.items() if key != "kind"})
    return faults


def test_fast_check_never_passes_what_jsonschema_rejects() -> None:
    store = SchemaStore("1.31", strict=True)
    checked = passed = 0
    for document in _documents():
        for candidate in [document, *_broken(document)]:
            validator = store.validator(document["kind"], document["apiVersion"])
            assert validator is not None
            fast = _fast_check(validator)(candidate)
            slow = not any(True for _ in validator.iter_errors(candidate))
            assert not fast or slow, (document["kind"], candidate)
            checked += 1
            passed += fast
    # It is also worth having: it answers for the valid documents (no fallback).
    assert passed >= len(_documents()) // 2, (passed, checked)


def test_clean_documents_take_the_fast_path() -> None:
    store = SchemaStore("1.31", strict=True)
    for document in base_documents().values():
        validator = store.validator(document["kind"], document["apiVersion"])
        assert validator is not None and _fast_check(validator)(document), document["kind"]


@pytest.mark.parametrize(
    "schema, document",
    [
        ({"type": "array", "uniqueItems": True}, [1, 1]),  # a keyword it does not implement
        ({"oneOf": [{"type": "integer"}, {"uniqueItems": True}]}, 1),  # doubt inside oneOf
        ({"not": {"uniqueItems": True}}, [1]),  # doubt inside not: never negated into "valid"
        ({"$ref": "#/definitions/x", "definitions": {"x": {"type": "string"}}}, "a"),  # no resolver
    ],
)
def test_unsure_means_ask_jsonschema(schema: dict[str, Any], document: Any) -> None:
    assert compile_check(schema, None)(document) is False


@pytest.mark.parametrize(
    "schema, good, bad",
    [
        ({"type": "integer"}, 3, True),
        ({"type": ["string", "null"], "enum": ["a", None]}, None, "b"),
        (
            {"properties": {"a": {"type": "string"}}, "additionalProperties": False},
            {"a": "x"},
            {"b": 1},
        ),
        ({"required": ["a"]}, {"a": 1}, {}),
        ({"items": {"minLength": 2}, "maxItems": 2}, ["ab"], ["a"]),
        ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, 1, 1.5),
        ({"anyOf": [{"minimum": 5}, {"maximum": 1}]}, 6, 3),
        ({"pattern": "^[a-z]+$"}, "abc", "aBc"),
        ({"not": {"type": "string"}}, 1, "s"),
    ],
)
def test_exact_where_it_answers(schema: dict[str, Any], good: Any, bad: Any) -> None:
    check = compile_check(schema, None)
    validator = jsonschema.Draft202012Validator(schema)
    assert check(good) is True and validator.is_valid(good)
    assert check(bad) is False and not validator.is_valid(bad)
