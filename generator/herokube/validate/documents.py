"""Kubernetes documents: parse a manifest file strictly, then check each object's schema."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from herokube.validate import removed_apis
from herokube.validate.catalog import rule_finding
from herokube.validate.findings import Finding, Resource
from herokube.validate.kube_schemas import SchemaStore
from herokube.yamldocs import YamlSyntaxError, load_documents

__all__ = ["Manifest", "check_manifest", "is_skipped", "parse_manifests"]


@dataclass(frozen=True)
class Manifest:
    """One Kubernetes object and where it came from."""

    resource: Resource
    data: dict[str, Any]
    line: int | None  # where the document starts in its file; None for rendered output

    @property
    def namespace(self) -> str:
        metadata = self.data.get("metadata") or {}
        return str(metadata.get("namespace") or "") if isinstance(metadata, dict) else ""

    @property
    def labels(self) -> dict[str, str]:
        metadata = self.data.get("metadata") or {}
        labels = metadata.get("labels") if isinstance(metadata, dict) else None
        return labels if isinstance(labels, dict) else {}


def parse_manifests(
    text: str, *, environment: str, file: str, rendered: bool = False
) -> tuple[list[Manifest], list[Finding]]:
    """The objects in ``text`` plus the findings of parsing it (syntax, duplicate keys, shape).

    ``rendered`` text is Helm's output for ``file``: its line numbers are not the template's,
    so findings about it carry no line (the ``field`` path says where).
    """
    unknown = Resource(environment, file, "", "")

    def at(line: int | None) -> int | None:
        return None if rendered else line

    try:
        documents = load_documents(text)
    except YamlSyntaxError as error:
        return [], [rule_finding(unknown, "yaml-syntax", error.message, line=at(error.line))]
    manifests: list[Manifest] = []
    findings: list[Finding] = []
    for document in documents:
        data = document.data
        if not isinstance(data, dict):
            findings.append(
                rule_finding(
                    unknown,
                    "k8s-schema",
                    f"not a Kubernetes object: a document is a {type(data).__name__}, not a mapping",
                    line=at(document.line),
                )
            )
            continue
        metadata = data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        resource = Resource(
            environment,
            file,
            str(data.get("kind") or ""),
            str(name or ""),
            str(data.get("apiVersion") or ""),
        )
        for duplicate in document.duplicates:
            findings.append(
                rule_finding(
                    resource,
                    "yaml-duplicate-key",
                    f"duplicate key {duplicate.key!r}: Kubernetes rejects it, other tools keep "
                    "either value",
                    line=at(duplicate.line),
                )
            )
        manifests.append(Manifest(resource, data, at(document.line)))
    return manifests, findings


def is_skipped(manifest: Manifest, skip: Sequence[str]) -> bool:
    """True when ``--skip`` names the manifest's kind (``Kind`` or ``apiVersion/Kind``)."""
    resource = manifest.resource
    return any(
        entry == resource.kind or entry == f"{resource.api_version}/{resource.kind}"
        for entry in skip
    )


def check_manifest(
    manifest: Manifest, store: SchemaStore, *, ignore_missing_schemas: bool = False
) -> list[Finding]:
    """Schema findings for one object: removed APIs, missing schemas, every schema error."""
    resource = manifest.resource
    if not resource.api_version or not resource.kind:
        missing = " and ".join(
            name
            for name, value in (("apiVersion", resource.api_version), ("kind", resource.kind))
            if not value
        )
        return [
            rule_finding(
                resource,
                "k8s-schema",
                f"not a Kubernetes object: no {missing}",
                line=manifest.line,
            )
        ]
    findings: list[Finding] = []
    removal = removed_apis.lookup(resource.api_version, resource.kind)
    version = store.kubernetes_version
    if removal is not None and removal.removed_in(version):
        return [
            rule_finding(
                resource,
                "removed-api",
                f"{resource.api_version} {resource.kind} was removed in Kubernetes "
                f"{removal.removed} (checking against {version}): {removal.advice()}",
                field="apiVersion",
                line=manifest.line,
            )
        ]
    if removal is not None and removal.deprecated_in(version):
        findings.append(
            rule_finding(
                resource,
                "deprecated-api",
                f"{resource.api_version} {resource.kind} is deprecated since Kubernetes "
                f"{removal.deprecated} and removed in {removal.removed}: {removal.advice()}",
                field="apiVersion",
                line=manifest.line,
            )
        )
    validator = store.validator(resource.kind, resource.api_version)
    if validator is None:
        if not ignore_missing_schemas:
            findings.append(
                rule_finding(
                    resource,
                    "schema-missing",
                    f"no schema for {resource.kind} {resource.api_version} in Kubernetes "
                    f"{version} or herokube's CRD schemas; add one with --schema-location "
                    "or pass --ignore-missing-schemas",
                    line=manifest.line,
                )
            )
        return findings
    rule = "k8s-schema" if store.is_builtin(resource.kind, resource.api_version) else "crd-schema"
    for error in store.errors(validator, manifest.data):
        findings.append(
            rule_finding(resource, rule, error.message, field=error.field, line=manifest.line)
        )
    return findings
