"""Findings are data: what a check found, where, and how bad it is.

Every check in this package returns a list of :class:`Finding`; nothing prints and nothing
raises for a problem in the checked repository. The worst severity sets the exit code
(helm's ``pkg/lint/support`` works the same way).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Finding", "Report", "Resource", "Severity", "report_order"]


class Severity(str, enum.Enum):
    """How bad a finding is. Errors fail the run; warnings fail it only with ``--fail-on warning``."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True, order=True)
class Resource:
    """One checked document: a rendered manifest or a file under ``argocd/``.

    ``environment`` is empty for what does not depend on an environment (``argocd/``,
    the Dockerfile, the workflows).
    """

    environment: str
    file: str
    kind: str
    name: str
    api_version: str = ""

    @property
    def label(self) -> str:
        """``Kind/name`` as a person reads it."""
        return f"{self.kind or '?'}/{self.name or '?'}"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the environment, the file (repository-relative), the resource, the rule.

    ``file`` of a rendered manifest is the chart template it came from, e.g.
    ``chart/templates/deployment.yaml``. ``field`` is a dotted path inside the document
    where one is known (``spec.template.spec.containers[0].image``); ``line`` is 1-based.
    """

    environment: str
    file: str
    kind: str
    name: str
    rule: str
    severity: Severity
    message: str
    field: str = ""
    line: int | None = None

    def to_json(self) -> dict[str, object]:
        """The finding as the JSON output writes it."""
        return {
            "environment": self.environment or None,
            "file": self.file,
            "kind": self.kind or None,
            "name": self.name or None,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "field": self.field or None,
            "line": self.line,
        }

    @classmethod
    def about(
        cls,
        resource: Resource,
        rule: str,
        severity: Severity,
        message: str,
        *,
        field: str = "",
        line: int | None = None,
    ) -> Finding:
        """A finding about one checked document."""
        return cls(
            environment=resource.environment,
            file=resource.file,
            kind=resource.kind,
            name=resource.name,
            rule=rule,
            severity=severity,
            message=message,
            field=field,
            line=line,
        )


def report_order(findings: Iterable[Finding]) -> list[Finding]:
    """Distinct findings in a stable order: environment, file, resource, line, rule, message."""
    return sorted(
        set(findings),
        key=lambda f: (
            f.environment,
            f.file,
            f.kind,
            f.name,
            f.line or 0,
            f.rule,
            f.field,
            f.message,
        ),
    )


@dataclass
class Report:
    """Everything one run found, with the resources it checked (for JUnit and the summary)."""

    environments: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.WARNING)

    def sorted_findings(self) -> list[Finding]:
        """Findings in a stable order: environment, file, resource, line, rule, message."""
        return report_order(self.findings)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 when nothing at or above ``fail_on`` was found, else 1."""
        worst = max((finding.severity.rank for finding in self.findings), default=0)
        return 1 if worst >= fail_on.rank else 0
