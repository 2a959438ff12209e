"""The rules that run over one environment's rendered objects, by rule id.

Rules work on every pod-bearing kind: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
CronJob and Pod. ``RULE_FUNCTIONS`` maps rule ids to functions; the ids and severities are
listed in :mod:`herokube.validate.catalog` and ``docs/validate.md``.
"""

from __future__ import annotations

from herokube.validate.apiserver import APISERVER_RULES
from herokube.validate.findings import Finding
from herokube.validate.pod_security import POD_SECURITY_RULES
from herokube.validate.practices import PRACTICE_RULES
from herokube.validate.workspace import Container, Rule, Workload, Workspace, selector_matches

__all__ = [
    "RULE_FUNCTIONS",
    "Container",
    "Workload",
    "Workspace",
    "run_rules",
    "selector_matches",
]

RULE_FUNCTIONS: dict[str, Rule] = {**POD_SECURITY_RULES, **PRACTICE_RULES, **APISERVER_RULES}


def run_rules(workspace: Workspace, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Every enabled rule over one environment's objects."""
    findings: list[Finding] = []
    for rule, check in RULE_FUNCTIONS.items():
        if rule not in disabled:
            findings.extend(check(workspace))
    return findings
