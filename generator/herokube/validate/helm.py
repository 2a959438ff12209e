"""Helm, per environment: read the values file, check values.schema.json, render, lint.

The chart is loaded and rendered through :mod:`herokube.chartrepo` (Helm's own engine,
release name = chart name, namespace = ``<chart name>-<environment>``, as an install);
here every problem becomes a finding. Findings name the file a person
edits: the environment's values file for values problems, the chart template for rendered
objects (``chart/templates/deployment.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import helm_python
from helm_python import HelmError, HelmValuesError

from herokube.chartrepo import NOT_ONE_MAPPING, LoadedChart, load_chart, read_values
from herokube.errors import UserError
from herokube.validate.catalog import rule_finding
from herokube.validate.documents import Manifest, parse_manifests
from herokube.validate.findings import Finding, Resource, Severity

__all__ = ["EnvironmentResult", "LoadedChart", "load_chart", "check_environment"]

# "template: demo/templates/x.yaml:12:3: ..." or "parse error at (demo/templates/x.yaml:9): ..."
_TEMPLATE_REF = re.compile(r"([\w.-]+/[\w./-]+\.(?:ya?ml|tpl|txt|json)):(\d+)")
# helm lint's own deprecated-API check duplicates the removed-api / deprecated-api rules.
_LINT_DEPRECATION = re.compile(r"is deprecated in v\d+\.\d+\+")


@dataclass
class EnvironmentResult:
    """What one environment produced: rendered objects and findings so far."""

    environment: str
    namespace: str
    manifests: list[Manifest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lint: Callable[[], list[Finding]] = list
    """Helm lint's findings when it runs beside (``check_environment(lint_in=...)``)."""

    def lint_findings(self) -> list[Finding]:
        """Helm lint's findings where it ran beside, once it is done; else none."""
        return self.lint()


def _read_values(
    path: Path | None, file: str, environment: str
) -> tuple[dict[str, Any] | None, list[Finding]]:
    if path is None:
        return {}, []
    where = Resource(environment, file, "", "")
    try:
        read = read_values(path)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read: {error}", source=str(path)) from None
    bad = read.syntax_error
    if bad is not None:
        return None, [rule_finding(where, "yaml-syntax", bad.message, line=bad.line)]
    findings = [
        rule_finding(
            where,
            "yaml-duplicate-key",
            f"duplicate key {duplicate.key!r}: Helm keeps one of the values silently",
            line=duplicate.line,
        )
        for duplicate in read.duplicates
    ]
    if read.data is None:
        findings.append(rule_finding(where, "yaml-syntax", NOT_ONE_MAPPING))
    return read.data, findings


def _schema_messages(detail: str) -> list[str]:
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    messages = [line.lstrip("- ").strip() for line in lines if line.startswith("-")]
    return messages or [" ".join(lines)]


def _run_lint(
    loaded: LoadedChart, values: dict[str, Any], namespace: str, kubernetes_version: str
) -> dict[str, Any]:
    try:
        return helm_python.lint(
            loaded.directory,
            values,
            strict=True,
            namespace=namespace,
            kube_version=f"v{kubernetes_version}.0",
            skip_schema_validation=True,  # checked above, with one finding per broken value
        )
    except HelmError as error:
        return {"messages": [{"severity": 3, "path": "", "error": f"helm lint failed: {error}"}]}


def _done(value: dict[str, Any]) -> Future[dict[str, Any]]:
    future: Future[dict[str, Any]] = Future()
    future.set_result(value)
    return future


def _lint_later(
    pending: Future[dict[str, Any]],
    *,
    loaded: LoadedChart,
    environment: str,
    render_failed: bool,
    strict: bool,
) -> Callable[[], list[Finding]]:
    return lambda: _lint_findings(
        pending.result(), loaded, environment, render_failed=render_failed, strict=strict
    )


def _lint_findings(
    lint: dict[str, Any],
    loaded: LoadedChart,
    environment: str,
    *,
    render_failed: bool,
    strict: bool,
) -> list[Finding]:
    findings = []
    for message in lint.get("messages") or []:
        severity = int(message.get("severity") or 0)
        text = " ".join(str(message.get("error") or "").split())
        if severity < 2 or (render_failed and ("template:" in text or "parse error" in text)):
            continue  # info, or the render failure already reported
        if _LINT_DEPRECATION.search(text):
            continue  # reported by removed-api / deprecated-api from removed_apis.yaml
        # Helm lint's own level decides (an error, or any finding under --strict).
        level = Severity.ERROR if severity >= 3 or strict else Severity.WARNING
        path = str(message.get("path") or "")
        file = f"{loaded.relative}/{path}".rstrip("/") if path else loaded.relative
        findings.append(
            Finding.about(Resource(environment, file, "", ""), "helm-lint", level, text)
        )
    return findings


def check_environment(
    loaded: LoadedChart,
    environment: str,
    values_path: Path | None,
    values_file: str,
    *,
    kubernetes_version: str,
    strict: bool,
    lint_in: Executor | None = None,
) -> EnvironmentResult:
    """Values, schema, render and lint for one environment, then parse what Helm rendered.

    With ``lint_in`` Helm's lint runs there, beside the rest, and its findings are left to
    :meth:`EnvironmentResult.lint_findings` (which waits for it); without, it runs here and its
    findings are in ``findings`` with the others.
    """
    namespace = loaded.namespace(environment)
    result = EnvironmentResult(environment, namespace)
    values, findings = _read_values(values_path, values_file, environment)
    result.findings.extend(findings)
    if values is None:
        return result
    where = Resource(environment, values_file, "", "")
    chart = loaded.chart
    # Helm's lint loads and renders the chart again on its own: it runs beside what follows
    # (Helm's Go code runs without the GIL; a Chart is safe to share between threads).
    run_lint = partial(_run_lint, loaded, values, namespace, kubernetes_version)
    lint = lint_in.submit(run_lint) if lint_in is not None else _done(run_lint())

    schema_failed = False
    try:
        chart.validate_schema(chart.merge_values(values))
    except HelmValuesError as error:
        schema_failed = True
        for message in _schema_messages(error.detail):
            result.findings.append(
                rule_finding(
                    where,
                    "values-schema",
                    f"{message} ({loaded.relative}/values.schema.json)",
                )
            )
    except HelmError as error:
        schema_failed = True
        result.findings.append(rule_finding(where, "values-schema", str(error)))

    rendered: dict[str, str] = {}
    try:
        rendered = loaded.render(values, environment)
    except HelmValuesError as error:
        if not schema_failed:
            result.findings.append(rule_finding(where, "helm-render", str(error)))
    except HelmError as error:
        message = " ".join(str(error).split())
        match = _TEMPLATE_REF.search(message)
        file = loaded.file_of(match.group(1)) if match else values_file
        line = int(match.group(2)) if match else None
        result.findings.append(
            rule_finding(Resource(environment, file, "", ""), "helm-render", message, line=line)
        )

    result.lint = _lint_later(
        lint, loaded=loaded, environment=environment, render_failed=not rendered, strict=strict
    )
    if lint_in is None:
        result.findings.extend(result.lint_findings())
        result.lint = list
    for file, text in loaded.documents(rendered):
        manifests, parse_findings = parse_manifests(
            text, environment=environment, file=file, rendered=True
        )
        result.manifests.extend(manifests)
        result.findings.extend(parse_findings)
    return result
