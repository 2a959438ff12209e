"""Writing a :class:`Report`: text for people, JSON for scripts, JUnit XML for CI."""

from __future__ import annotations

import json
from collections import defaultdict
from xml.etree import ElementTree

from herokube.validate.findings import Finding, Report, Resource, Severity

__all__ = ["FORMATS", "render", "to_json", "to_junit", "to_text"]

FORMATS = ("text", "json", "junit")
_REPOSITORY_SUITE = "repository"  # findings that belong to no environment


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: Report) -> str:
    """``checked 42 resources in 2 environments (dev, prod): 1 error, 2 warnings``."""
    environments = ", ".join(report.environments)
    return (
        f"checked {_plural(len(report.resources), 'resource')} in "
        f"{_plural(len(report.environments), 'environment')}"
        + (f" ({environments})" if environments else "")
        + f": {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"
    )


def _where(finding: Finding) -> str:
    location = finding.file + (f":{finding.line}" if finding.line else "")
    resource = (
        f" {finding.kind or '?'}/{finding.name}"
        if finding.name
        else (f" {finding.kind}" if finding.kind else "")
    )
    environment = f"[{finding.environment}] " if finding.environment else ""
    return f"{environment}{location}{resource}"


def to_text(report: Report) -> str:
    """One line per finding, then the summary line."""
    lines = [
        f"{finding.severity.value}: {_where(finding)}: {finding.message} [{finding.rule}]"
        for finding in report.sorted_findings()
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    """``{"summary": {...}, "findings": [...]}``."""
    document = {
        "summary": {
            "resources": len(report.resources),
            "errors": report.errors,
            "warnings": report.warnings,
            "environments": list(report.environments),
        },
        "findings": [finding.to_json() for finding in report.sorted_findings()],
    }
    return json.dumps(document, indent=2) + "\n"


def to_junit(report: Report) -> str:
    """One testsuite per environment (plus ``repository``), one testcase per resource.

    Findings that name no resource (a values file, helm lint, the Dockerfile, a workflow)
    get a testcase named after their file.
    """
    cases: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(dict)
    for resource in report.resources:
        cases[resource.environment or _REPOSITORY_SUITE].setdefault(_case_key(resource), [])
    for finding in report.sorted_findings():
        key = _case_key(Resource(finding.environment, finding.file, finding.kind, finding.name))
        cases[finding.environment or _REPOSITORY_SUITE].setdefault(key, []).append(finding)

    root = ElementTree.Element("testsuites", name="herokube validate")
    total_tests = total_failures = 0
    order = [*report.environments, *sorted(set(cases) - set(report.environments))]
    for suite_name in order:
        suite_cases = cases.get(suite_name, {})
        failures = sum(1 for found in suite_cases.values() if _failing(found))
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=suite_name,
            tests=str(len(suite_cases)),
            failures=str(failures),
            errors="0",
            skipped="0",
        )
        for (file, label), found in sorted(suite_cases.items()):
            case = ElementTree.SubElement(suite, "testcase", classname=file, name=label)
            errors = [f for f in found if f.severity is Severity.ERROR]
            warnings = [f for f in found if f.severity is Severity.WARNING]
            if errors:
                failure = ElementTree.SubElement(
                    case, "failure", type=errors[0].rule, message=errors[0].message
                )
                failure.text = "\n".join(_line(f) for f in found)
            elif warnings:
                output = ElementTree.SubElement(case, "system-out")
                output.text = "\n".join(_line(f) for f in warnings)
        total_tests += len(suite_cases)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )


def _case_key(resource: Resource) -> tuple[str, str]:
    label = (
        f"{resource.kind}/{resource.name}" if resource.name else (resource.kind or resource.file)
    )
    return resource.file, label


def _failing(found: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in found)


def _line(finding: Finding) -> str:
    where = f" ({finding.field})" if finding.field else ""
    return f"{finding.severity.value} [{finding.rule}]{where}: {finding.message}"


def render(report: Report, output: str) -> str:
    """The report in ``output`` format (``text``, ``json`` or ``junit``)."""
    if output == "json":
        return to_json(report)
    if output == "junit":
        return to_junit(report)
    return to_text(report)
