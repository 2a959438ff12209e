"""Find the JSON schema of a Kubernetes object and check the object against it.

Where schemas come from, in order:

1. ``--schema-location`` entries, in the order given: a directory (looked up as
   ``{group}/{kind}_{version}.json``, then ``{kind}_{version}.json``) or a kubeconform-style
   template such as ``/schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json``;
2. the Kubernetes schemas shipped in the ``kubernetes-validate`` wheel, for the built-in
   kinds of the chosen Kubernetes version (``-local-strict`` in strict mode);
3. herokube's own CRD schemas (``herokube/schemas/crds``), loosened when not strict.

Compiling a validator is the slow part, so there is one cached validator per
(schema location, kind, apiVersion, Kubernetes version, strictness) in the process.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import referencing.jsonschema
from referencing import Registry, Resource

from herokube.errors import UserError
from herokube.validate.crds import CRD_SCHEMA_DIR, loosen
from herokube.validate.fastcheck import Check
from herokube.validate.schema_check import CompiledSchema

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "DEFAULT_KUBERNETES_VERSION",
    "SchemaError",
    "SchemaStore",
    "normalize_kubernetes_version",
    "split_api_version",
    "supported_kubernetes_versions",
]

#: The Kubernetes version checked against when ``--kubernetes-version`` is not given.
DEFAULT_KUBERNETES_VERSION = "1.31"


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it (kubernetes_validate's own
    import pulls in ~0.1 s of modules herokube does not use: only its schema files are read)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"{name} is not installed")
    return Path(spec.origin).resolve().parent


_K8S_SCHEMA_ROOT = _package_dir("kubernetes_validate") / "kubernetes-json-schema"
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.\d+-local$")
_TEMPLATE_VAR = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")


@dataclass(frozen=True)
class SchemaError:
    """One way a document breaks its schema: a dotted field path and a message."""

    field: str
    message: str
    unknown_field: bool = False


@lru_cache(maxsize=1)
def supported_kubernetes_versions() -> tuple[str, ...]:
    """Every ``X.Y`` the kubernetes-validate wheel ships schemas for, oldest first."""
    found = []
    for entry in _K8S_SCHEMA_ROOT.iterdir():
        match = _VERSION_DIR.match(entry.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return tuple(f"{major}.{minor}" for major, minor in sorted(found))


def normalize_kubernetes_version(version: str) -> str:
    """``v1.31``, ``1.31`` or ``1.31.4`` → ``1.31``; an unsupported version is a UserError."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?", version.strip())
    supported = supported_kubernetes_versions()
    if match:
        normalized = f"{int(match.group(1))}.{int(match.group(2))}"
        if normalized in supported:
            return normalized
    raise UserError(
        f"unknown Kubernetes version {version!r}; herokube has schemas for {', '.join(supported)}",
        field="--kubernetes-version",
    )


def split_api_version(api_version: str) -> tuple[str, str]:
    """``apps/v1`` → ``("apps", "v1")``; ``v1`` → ``("", "v1")``."""
    group, _, version = api_version.rpartition("/")
    return group, version


def _dotted(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@lru_cache(maxsize=8)
def _k8s_registry(version_dir: str) -> Registry:
    definitions = json.loads((_K8S_SCHEMA_ROOT / version_dir / "_definitions.json").read_bytes())
    registry: Registry = Registry().with_resource(
        definitions["$id"], Resource.from_contents(definitions)
    )
    return registry


@lru_cache(maxsize=512)
def _k8s_validator(version_dir: str, kind: str, api_version: str) -> CompiledSchema | None:
    group, version = split_api_version(api_version)
    prefix = f"-{group.split('.')[0]}" if group else ""
    path = _K8S_SCHEMA_ROOT / version_dir / f"{kind.lower()}{prefix}-{version}.json"
    if not path.is_file():
        return None
    schema = json.loads(path.read_bytes())
    # The file name only carries the group's first label: make sure the group matches, so
    # ``apps.example.com/v1`` Deployment is not checked as an ``apps/v1`` Deployment.
    gvks = schema.get("x-kubernetes-group-version-kind") or []
    if not any(g.get("group", "") == group and g.get("kind") == kind for g in gvks):
        return None
    return CompiledSchema(
        schema,
        registry=_k8s_registry(version_dir),
        force_draft=referencing.jsonschema.DRAFT202012,
    )


@lru_cache(maxsize=256)
def _file_validator(path: str, strict: bool, loosen_when_lax: bool) -> CompiledSchema:
    schema = json.loads(Path(path).read_bytes())
    if loosen_when_lax and not strict:
        schema = loosen(schema)
    return CompiledSchema(schema)


class SchemaStore:
    """Schemas for one Kubernetes version and strictness, plus the user's locations."""

    def __init__(
        self,
        kubernetes_version: str = DEFAULT_KUBERNETES_VERSION,
        *,
        strict: bool = True,
        locations: Sequence[str] = (),
    ) -> None:
        self.kubernetes_version = normalize_kubernetes_version(kubernetes_version)
        self.strict = strict
        self.locations = tuple(locations)
        for location in self.locations:
            if re.match(r"^[a-z][a-z0-9+.-]*://", location):
                raise UserError(
                    "schema locations must be local files: herokube validate runs offline",
                    source=location,
                    field="--schema-location",
                )
            if not _TEMPLATE_VAR.search(location) and not Path(location).is_dir():
                raise UserError(
                    "not a directory or a {{.ResourceKind}} template",
                    source=location,
                    field="--schema-location",
                )
        self._version_dir = f"v{self.kubernetes_version}.0-local" + ("-strict" if strict else "")

    def _user_candidates(self, kind: str, api_version: str) -> list[Path]:
        group, version = split_api_version(api_version)
        kind_suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
        variables = {
            "Group": group,
            "ResourceKind": kind.lower(),
            "ResourceAPIVersion": version,
            "NormalizedKubernetesVersion": f"v{self.kubernetes_version}.0",
            "StrictSuffix": "-strict" if self.strict else "",
            "KindSuffix": kind_suffix,
        }
        candidates = []
        for location in self.locations:
            if _TEMPLATE_VAR.search(location):
                text = _TEMPLATE_VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), location)
                candidates.append(Path(text))
            else:
                base = Path(location)
                if group:
                    candidates.append(base / group / f"{kind.lower()}_{version}.json")
                candidates.append(base / f"{kind.lower()}_{version}.json")
        return candidates

    def validator(self, kind: str, api_version: str) -> CompiledSchema | None:
        """The compiled validator for ``kind`` at ``apiVersion``, or None without a schema."""
        for candidate in self._user_candidates(kind, api_version):
            if candidate.is_file():
                return _file_validator(str(candidate), self.strict, False)
        found = _k8s_validator(self._version_dir, kind, api_version)
        if found is not None:
            return found
        group, version = split_api_version(api_version)
        if group:
            shipped = CRD_SCHEMA_DIR / group / f"{kind.lower()}_{version}.json"
            if shipped.is_file():
                return _file_validator(str(shipped), self.strict, True)
        return None

    def is_builtin(self, kind: str, api_version: str) -> bool:
        """True for a kind the Kubernetes API itself serves (not a custom resource)."""
        return _k8s_validator(self._version_dir, kind, api_version) is not None

    @staticmethod
    def errors(validator: CompiledSchema, document: Any) -> list[SchemaError]:
        """Every way ``document`` breaks the schema, not only the first.

        A valid document is answered by the compiled yes/no check (:mod:`fastcheck`);
        jsonschema walks only the documents that check cannot pass.
        """
        if validator.check(document):
            return []
        found = []
        for error in validator.iter_errors(document):
            found.extend(_describe(error))
        return sorted(found, key=lambda e: (e.field, e.message))


def _fast_check(validator: CompiledSchema) -> Check:
    """The compiled yes/no check of a schema (for tests: the fast path alone)."""
    return validator.check


def _describe(error: jsonschema.ValidationError) -> list[SchemaError]:
    import jsonschema  # only for a document with errors: see schema_check

    field = _dotted(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [
            SchemaError(
                _dotted([*error.absolute_path, name]),
                f"unknown field {name!r}" + (f" in {field}" if field else ""),
                unknown_field=True,
            )
            for name in error.instance
            if name not in allowed
        ] or [SchemaError(field, error.message)]
    if error.validator == "type":
        return [SchemaError(field, f"wrong type at {field or 'the top level'}: {error.message}")]
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None and best.validator == "type":
            return [SchemaError(field, f"wrong type at {field}: {error.message}")]
    where = f"{field}: " if field else ""
    return [SchemaError(field, where + error.message)]
