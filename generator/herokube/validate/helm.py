"""Helm, per environment: read the values file, check values.schema.json, render, lint.

The chart is rendered with Helm's own engine (helm-python-sdk), release name = chart name,
namespace = ``<chart name>-<environment>``, as an install. Findings name the file a person
edits: the environment's values file for values problems, the chart template for rendered
objects (``chart/templates/deployment.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import helm_python
from helm_python import HelmError, HelmValuesError

from herokube.errors import UserError
from herokube.validate.documents import Manifest, parse_manifests
from herokube.validate.findings import Finding, Resource, Severity
from herokube.validate.yamlload import YamlSyntaxError, load_documents

__all__ = ["EnvironmentResult", "LoadedChart", "load_chart", "check_environment"]

# "template: demo/templates/x.yaml:12:3: ..." or "parse error at (demo/templates/x.yaml:9): ..."
_TEMPLATE_REF = re.compile(r"([\w.-]+/[\w./-]+\.(?:ya?ml|tpl|txt|json)):(\d+)")
# helm lint's own deprecated-API check duplicates the removed-api / deprecated-api rules.
_LINT_DEPRECATION = re.compile(r"is deprecated in v\d+\.\d+\+")


@dataclass
class LoadedChart:
    """A chart loaded once and shared by every environment."""

    chart: helm_python.Chart
    directory: Path
    relative: str  # the chart directory relative to the repository, e.g. "chart"
    name: str

    def file_of(self, template: str) -> str:
        """``demo/templates/x.yaml`` (Helm's key) → ``chart/templates/x.yaml`` (the repo path)."""
        _, _, rest = template.partition("/")
        return f"{self.relative}/{rest}" if self.relative not in ("", ".") else rest


@dataclass
class EnvironmentResult:
    """What one environment produced: rendered objects and findings so far."""

    environment: str
    namespace: str
    manifests: list[Manifest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def load_chart(directory: Path, repository: Path) -> LoadedChart:
    """Load the chart, or raise UserError (exit 2) when it cannot be read."""
    if not (directory / "Chart.yaml").is_file():
        raise UserError("no Chart.yaml: not a Helm chart", source=str(directory))
    try:
        chart = helm_python.Chart.load(directory)
        name = chart.name
    except HelmError as error:
        raise UserError(f"cannot load the chart: {error}", source=str(directory)) from None
    relative = directory.resolve().relative_to(repository.resolve()).as_posix()
    return LoadedChart(chart, directory, relative, name)


def _read_values(
    path: Path | None, file: str, environment: str
) -> tuple[dict[str, Any] | None, list[Finding]]:
    if path is None:
        return {}, []
    where = Resource(environment, file, "", "")
    try:
        documents = load_documents(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        return None, [
            Finding.about(where, "yaml-syntax", Severity.ERROR, error.message, line=error.line)
        ]
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read: {error}", source=str(path)) from None
    findings = [
        Finding.about(
            where,
            "yaml-duplicate-key",
            Severity.ERROR,
            f"duplicate key {duplicate.key!r}: Helm keeps one of the values silently",
            line=duplicate.line,
        )
        for document in documents
        for duplicate in document.duplicates
    ]
    if not documents:
        return {}, findings
    if len(documents) > 1 or not isinstance(documents[0].data, dict):
        findings.append(
            Finding.about(where, "yaml-syntax", Severity.ERROR, "a values file must be one mapping")
        )
        return None, findings
    return documents[0].data, findings


def _schema_messages(detail: str) -> list[str]:
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    messages = [line.lstrip("- ").strip() for line in lines if line.startswith("-")]
    return messages or [" ".join(lines)]


def check_environment(
    loaded: LoadedChart,
    environment: str,
    values_path: Path | None,
    values_file: str,
    *,
    kubernetes_version: str,
    strict: bool,
) -> EnvironmentResult:
    """Values, schema, render and lint for one environment, then parse what Helm rendered."""
    namespace = f"{loaded.name}-{environment}"
    result = EnvironmentResult(environment, namespace)
    values, findings = _read_values(values_path, values_file, environment)
    result.findings.extend(findings)
    if values is None:
        return result
    where = Resource(environment, values_file, "", "")
    chart = loaded.chart

    schema_failed = False
    try:
        chart.validate_schema(chart.merge_values(values))
    except HelmValuesError as error:
        schema_failed = True
        for message in _schema_messages(error.detail):
            result.findings.append(
                Finding.about(
                    where,
                    "values-schema",
                    Severity.ERROR,
                    f"{message} ({loaded.relative}/values.schema.json)",
                )
            )
    except HelmError as error:
        schema_failed = True
        result.findings.append(Finding.about(where, "values-schema", Severity.ERROR, str(error)))

    rendered: dict[str, str] = {}
    try:
        rendered = chart.render(values, name=loaded.name, namespace=namespace, is_install=True)
    except HelmValuesError as error:
        if not schema_failed:
            result.findings.append(Finding.about(where, "helm-render", Severity.ERROR, str(error)))
    except HelmError as error:
        message = " ".join(str(error).split())
        match = _TEMPLATE_REF.search(message)
        file = loaded.file_of(match.group(1)) if match else values_file
        line = int(match.group(2)) if match else None
        result.findings.append(
            Finding.about(
                Resource(environment, file, "", ""),
                "helm-render",
                Severity.ERROR,
                message,
                line=line,
            )
        )

    render_failed = not rendered
    try:
        lint = helm_python.lint(
            loaded.directory,
            values,
            strict=True,
            namespace=namespace,
            kube_version=f"v{kubernetes_version}.0",
            skip_schema_validation=True,  # checked above, with one finding per broken value
        )
    except HelmError as error:
        lint = {"messages": [{"severity": 3, "path": "", "error": f"helm lint failed: {error}"}]}
    for message in lint.get("messages") or []:
        severity = int(message.get("severity") or 0)
        text = " ".join(str(message.get("error") or "").split())
        if severity < 2 or (render_failed and ("template:" in text or "parse error" in text)):
            continue  # info, or the render failure already reported
        if _LINT_DEPRECATION.search(text):
            continue  # reported by removed-api / deprecated-api from removed_apis.yaml
        level = Severity.ERROR if severity >= 3 or strict else Severity.WARNING
        path = str(message.get("path") or "")
        file = f"{loaded.relative}/{path}".rstrip("/") if path else loaded.relative
        result.findings.append(
            Finding.about(Resource(environment, file, "", ""), "helm-lint", level, text)
        )

    for template in sorted(rendered):
        text = rendered[template]
        if template.endswith("NOTES.txt") or not text.strip():
            continue
        manifests, parse_findings = parse_manifests(
            text, environment=environment, file=loaded.file_of(template), rendered=True
        )
        result.manifests.extend(manifests)
        result.findings.extend(parse_findings)
    return result
