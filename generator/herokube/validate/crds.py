"""CustomResourceDefinition → JSON Schema, the way kubeconform's ``openapi2jsonschema`` does it.

herokube ships one JSON schema per served version of each custom resource it emits, under
``herokube/schemas/crds/{group}/{kind}_{version}.json`` (kind in lower case, the layout of
kubeconform's CRD catalogs). ``scripts/build_crd_schemas.py`` writes them with
:func:`crd_to_schemas`; a test regenerates them in memory from the CRDs and compares.

The shipped files are the *strict* variant: ``additionalProperties: false`` on every object
that lists ``properties`` and neither sets ``additionalProperties`` nor
``x-kubernetes-preserve-unknown-fields``. Structural CRD schemas never say
``additionalProperties: false`` themselves, so :func:`loosen` (drop every such ``false``)
recovers the non-strict variant exactly; the build script checks that invariant.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = [
    "CRD_SCHEMA_DIR",
    "crd_to_schemas",
    "has_additional_properties_false",
    "loosen",
    "schema_path",
]

from pathlib import Path

#: Where the generated schemas live inside the installed package.
CRD_SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "crds"

_BRANCHES = ("allOf", "anyOf", "oneOf")
_DROPPED = ("description", "example", "externalDocs")


def schema_path(group: str, kind: str, version: str) -> str:
    """``{group}/{kind}_{version}.json`` with the kind in lower case (kubeconform's layout)."""
    return f"{group}/{kind.lower()}_{version}.json"


def _convert(node: Any, *, strict: bool, in_branch: bool) -> Any:
    """One OpenAPI v3 schema node → JSON Schema (draft 7)."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED:
            continue  # documentation only: smaller files, faster validation
        if key == "properties" and isinstance(value, dict):
            out[key] = {
                name: _convert(sub, strict=strict, in_branch=in_branch)
                for name, sub in value.items()
            }
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = _convert(value, strict=strict, in_branch=in_branch or key == "not")
        elif key in _BRANCHES and isinstance(value, list):
            # Branches only add value constraints to fields the structural part declares;
            # closing them would reject fields the structural part allows.
            out[key] = [_convert(sub, strict=strict, in_branch=True) for sub in value]
        else:
            out[key] = copy.deepcopy(value)

    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["type"] = ["integer", "string"]
    if out.pop("nullable", False):
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            out["type"] = [*kind, "null"]
    if out.get("exclusiveMinimum") is True and "minimum" in out:
        out["exclusiveMinimum"] = out.pop("minimum")
    elif out.get("exclusiveMinimum") is False:
        del out["exclusiveMinimum"]
    if out.get("exclusiveMaximum") is True and "maximum" in out:
        out["exclusiveMaximum"] = out.pop("maximum")
    elif out.get("exclusiveMaximum") is False:
        del out["exclusiveMaximum"]
    if (
        strict
        and not in_branch
        and "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def crd_to_schemas(crd: dict[str, Any], *, strict: bool = True) -> dict[str, dict[str, Any]]:
    """The JSON schema of every served version of ``crd``, keyed by :func:`schema_path`.

    ``apiVersion`` and ``kind`` are pinned to the CRD's group/version and kind, so a
    document checked against the wrong schema fails loudly.
    """
    spec = crd.get("spec") or {}
    group = str(spec["group"])
    kind = str(spec["names"]["kind"])
    schemas: dict[str, dict[str, Any]] = {}
    for version in spec.get("versions") or []:
        if not version.get("served", True):
            continue
        openapi = ((version.get("schema") or {}).get("openAPIV3Schema")) or {}
        schema = _convert(openapi, strict=strict, in_branch=False)
        properties = schema.setdefault("properties", {})
        properties["apiVersion"] = {"type": "string", "enum": [f"{group}/{version['name']}"]}
        properties["kind"] = {"type": "string", "enum": [kind]}
        schema.setdefault("type", "object")
        required = [
            name for name in schema.get("required", []) if name not in ("apiVersion", "kind")
        ]
        schema["required"] = ["apiVersion", "kind", *required]
        document = {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": f"{kind} {group}/{version['name']}",
            **schema,
        }
        schemas[schema_path(group, kind, str(version["name"]))] = document
    return schemas


def has_additional_properties_false(node: Any) -> bool:
    """True when any object in ``node`` says ``additionalProperties: false``."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            return True
        return any(has_additional_properties_false(value) for value in node.values())
    if isinstance(node, list):
        return any(has_additional_properties_false(value) for value in node)
    return False


def loosen(node: Any) -> Any:
    """The non-strict variant of a shipped strict schema: every ``additionalProperties: false`` dropped."""
    if isinstance(node, dict):
        return {
            key: loosen(value)
            for key, value in node.items()
            if not (key == "additionalProperties" and value is False)
        }
    if isinstance(node, list):
        return [loosen(value) for value in node]
    return node
