"""The findings of an assessment: what blocks the move, what needs a check, what changes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from herokube.model import App
from herokube.plan import AddonPlan, Plan

if TYPE_CHECKING:
    from herokube.assess.facts import ProcessFact

__all__ = ["SEVERITY_ORDER", "Finding", "Severity", "findings"]

Severity = Literal["blocker", "warning", "note"]
SEVERITY_ORDER: Mapping[str, int] = {"blocker": 0, "warning": 1, "note": 2}

# Notice codes of the load and plan stages that an assessment reports as findings.
_NOTICE_FINDINGS: Mapping[str, Severity] = {
    "runtime-eol": "warning",
    "stack-eol": "warning",
    "scheduler-jobs-unknown": "warning",
    "addon-unknown": "warning",
    "singleton-scaled-down": "note",
    "autoscaling-metric": "note",
    "no-web-process": "note",
    "jdbc-derived": "note",
    "runtime-unknown": "warning",
    "buildpack-unknown": "blocker",
    "image-version-unpublished": "warning",
}
# Programs that run several processes in one dyno.
_SUPERVISORS = re.compile(
    r"(^|[\s;&|])(foreman|honcho|forego|overmind|supervisord|concurrently|npm-run-all|run-p|nf)\s"
)
# Programs that serve HTTP; two of them chained in one web command are two servers.
_SERVERS = re.compile(
    r"^(?:\S+=\S*\s+)*(?:exec\s+)?(?:bundle exec\s+|python -m\s+|npx\s+)?"
    r"(puma|unicorn|thin|passenger|rails\s+s(?:erver)?|bin/rails\s+s(?:erver)?|rackup|gunicorn|uvicorn|daphne|"
    r"hypercorn|waitress-serve|node|nginx|httpd|apache2|php-fpm|heroku-php-\S+|java|npm\s+start|yarn\s+start|"
    r"next\s+start|caddy|\./bin/\S+|bin/\S+)\b"
)
# Servers that bind $PORT without being told (their defaults or Heroku conventions read it);
# foreman and honcho hand $PORT on to the processes they start.
_READS_PORT = re.compile(
    r"^(?:\S+=\S*\s+)*(?:exec\s+)?(?:bundle exec\s+)?"
    r"(puma|rails\s+s(?:erver)?|bin/rails\s+s(?:erver)?|gunicorn|heroku-php-\S+|node|npm\s+start|yarn\s+start|"
    r"next\s+start|foreman|honcho|forego)\b"
)


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    subject: str
    message: str


def findings(plan: Plan, processes: Sequence[ProcessFact]) -> tuple[Finding, ...]:
    """What blocks the move, what needs a check, and what changes on the way."""
    app = plan.app
    found = [
        *_space_findings(app),
        *(finding for addon in plan.addons for finding in _addon_findings(addon)),
        *_procfile_findings(app),
        *_web_findings(plan, processes),
        *_feature_findings(app),
        *_source_findings(app),
        *_log_drain_findings(plan),
        *_notice_findings(plan),
    ]
    return tuple(sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.subject)))


def _space_findings(app: App) -> list[Finding]:
    subject = f"space {app.private_space}"
    if app.shield:
        return [
            Finding(
                "blocker",
                "shield-space",
                subject,
                "runs in a Shield Private Space (HIPAA/PCI controls): the cluster needs the same compliance review first",
            )
        ]
    if app.private_space:
        return [
            Finding(
                "blocker",
                "private-space",
                subject,
                "runs in a Private Space: recreate its network peering, VPN and static IPs for the cluster first",
            )
        ]
    return []


def _addon_findings(addon: AddonPlan) -> list[Finding]:
    subject = f"add-on {addon.name}"
    found = []
    if addon.blocking:
        found.append(Finding("blocker", "addon-blocking", subject, addon.blocking))
    if addon.retired:
        message = f"{addon.service} is retired: choose its successor before moving"
        found.append(Finding("blocker", "addon-retired", subject, message))
    if addon.shared_with:
        message = f"shared with {', '.join(addon.shared_with)}: those apps migrate in the same wave"
        found.append(Finding("blocker", "addon-shared", subject, message))
    return found


def _procfile_findings(app: App) -> list[Finding]:
    if app.procfile_declared:
        return []
    return [
        Finding(
            "warning",
            "no-procfile",
            "Procfile",
            "no Procfile: the processes are the buildpack's defaults; add a Procfile to make them explicit",
        )
    ]


def _web_findings(plan: Plan, processes: Sequence[ProcessFact]) -> list[Finding]:
    web = next((p for p in processes if p.workload == "web"), None)
    if web is None:
        return []
    subject = f"process {web.name}"
    found = []
    if _runs_several_programs(web.command):
        found.append(
            Finding(
                "warning",
                "web-multi-process",
                subject,
                "the web command starts several programs: Kubernetes signals only the first; run it under tini or split it into workloads",
            )
        )
    if not _binds_port(web.command):
        found.append(
            Finding(
                "warning",
                "web-port-unbound",
                subject,
                f"the web command does not mention $PORT and its server does not read it: make it listen on $PORT ({plan.port})",
            )
        )
    return found


def _feature_findings(app: App) -> list[Finding]:
    features = app.features
    found = []
    if features.get("preboot"):
        message = "becomes a rolling update with maxSurge 100%, maxUnavailable 0"
        found.append(Finding("note", "feature-preboot", "feature preboot", message))
    if features.get("http-session-affinity"):
        found.append(
            Finding(
                "note",
                "feature-session-affinity",
                "feature http-session-affinity",
                "cookie affinity is the ingress controller's or Gateway's setting: set it in ingress.annotations (docs/chart.md)",
            )
        )
    for name in ("runtime-dyno-metadata", "runtime-dyno-build-metadata"):
        if features.get(name):
            found.append(
                Finding(
                    "note",
                    "feature-dyno-metadata",
                    f"feature {name}",
                    "the chart sets HEROKU_APP_NAME, HEROKU_SLUG_COMMIT and SOURCE_VERSION (the release commit); HEROKU_RELEASE_VERSION and HEROKU_DYNO_ID are not set",
                )
            )
    return found


def _source_findings(app: App) -> list[Finding]:
    """What the app brings along: its own Dockerfile, uploaded certificates."""
    found = []
    if app.has_dockerfile:
        found.append(
            Finding(
                "note",
                "app-dockerfile",
                "Dockerfile",
                "the app has its own Dockerfile: herokube writes one that reproduces the buildpacks (--dockerfile app uses the app's)",
            )
        )
    for domain in app.domains:
        if domain.kind == "custom" and domain.sni_endpoint:
            found.append(
                Finding(
                    "warning",
                    "certificate-key",
                    f"domain {domain.hostname}",
                    "uses an uploaded certificate: Heroku never returns its key; get it from its owner or let cert-manager issue one",
                )
            )
    return found


def _log_drain_findings(plan: Plan) -> list[Finding]:
    """Heroku's log drains: carried as the logging operator's Outputs, or left to the cluster."""
    drains = plan.app.log_drains
    if not drains:
        return []
    if plan.options.logging == "logging-operator":
        carried = len(plan.logging.get("drains", []))
        message = (
            f"{len(drains)} log drain(s): {carried} carried as logging operator Outputs "
            "(syslog, HTTP or Datadog; credentials from the secret store), the Flow selects "
            "the app's pods; check that logs arrive before the cutover (runbook)"
        )
    else:
        message = (
            f"{len(drains)} log drain(s): --logging logging-operator carries each as a "
            "logging operator Output (credentials from the secret store); otherwise ship "
            "container logs with the cluster's log agent"
        )
    return [Finding("note", "log-drains", "log drains", message)]


def _notice_findings(plan: Plan) -> list[Finding]:
    found = []
    for notice in plan.notices:
        severity = _NOTICE_FINDINGS.get(notice.code)
        if severity is not None:
            found.append(Finding(severity, notice.code, notice.source, notice.message))
    return found


def _runs_several_programs(command: str) -> bool:
    if _SUPERVISORS.search(f" {command} "):
        return True
    # `a & b` backgrounds a; `a && b` chains: several of the parts starting servers means several programs.
    parts = [p.strip() for p in re.split(r"&&|;|(?<!&)&(?!&)|\|\|", command) if p.strip()]
    background = re.search(r"(?<![&>])&(?![&>])", command) is not None
    servers = sum(1 for part in parts if _SERVERS.match(part))
    return servers >= 2 or (background and servers >= 1)


def _binds_port(command: str) -> bool:
    if "PORT" in command:
        return True
    parts = [p.strip() for p in re.split(r"&&|;|\|\|", command) if p.strip()]
    return any(_READS_PORT.match(part) for part in parts)
