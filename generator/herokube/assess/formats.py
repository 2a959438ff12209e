"""The assessment as text (a terminal, 100 columns), markdown (a pull request, a wiki) or JSON."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from herokube.assess import cost_formats
from herokube.assess.facts import AppAssessment
from herokube.assess.fleet import Fleet

if TYPE_CHECKING:
    from herokube.assess import Assessment

__all__ = ["SCHEMA", "WIDTH", "to_json", "to_markdown", "to_text"]

SCHEMA = "herokube-assessment/v1"
WIDTH = 100
_INDENT = "  "


def _vcpu(millicores: int) -> str:
    return f"{millicores / 1000:.2f}"


def _gib(mb: int) -> str:
    return f"{mb / 1024:.1f} GiB"


def _dynos(app_process: Any) -> str:
    if app_process.workload == "release":
        return "-"
    text = f"{app_process.dynos} → {app_process.replicas}"
    return f"{text} (HPA {app_process.autoscaling})" if app_process.autoscaling else text


def _runtime_line(app: AppAssessment) -> str:
    parts = [f"{app.language} {app.language_version}" if app.language_version else app.language]
    if app.stack:
        parts.append(f"stack {app.stack}")
    if app.region:
        parts.append(f"region {app.region}")
    if app.team:
        parts.append(f"team {app.team}")
    if app.space:
        parts.append(f"space {app.space}")
    parts.append("environments " + ", ".join(t.environment for t in app.environments))
    return " · ".join(parts)


def _config_line(app: AppAssessment) -> str:
    c = app.config
    return (
        f"{len(c.user)} user, {len(c.addon)} add-on, {len(c.platform)} platform; "
        f"{len(c.secrets)} to the secret store, {len(c.settings)} to the ConfigMap, {len(c.dropped)} not carried over"
    )


def _resource_rows(app: AppAssessment) -> list[tuple[str, ...]]:
    """One row per environment of an app, the same in the text and the markdown table."""
    return [
        (t.environment, str(t.pods), str(t.max_pods), _vcpu(t.cpu_millicores), _gib(t.memory_mb))
        for t in app.environments
    ]


def _config_groups(app: AppAssessment) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Where the config vars go, by name, in the order both formats list them."""
    c = app.config
    return (("secret store", c.secrets), ("ConfigMap", c.settings), ("not carried over", c.dropped))


def _capacity_rows(fleet: Fleet) -> list[tuple[str, ...]]:
    """One row per environment, the same in the text and the markdown table."""
    return [
        (
            e.environment,
            str(e.apps),
            str(e.pods),
            _vcpu(e.cpu_millicores),
            _gib(e.memory_mb),
            str(e.nodes),
        )
        for e in fleet.environments
    ]


# ---------------------------------------------------------------------------------------- text


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], flex: int = -1) -> list[str]:
    """Aligned columns; the ``flex`` column wraps so that a line stays within WIDTH."""
    if not rows:
        return []
    count = len(headers)
    flex = flex % count
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(count)]
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (count - 1) + len(_INDENT)
    widths[flex] = min(widths[flex], max(20, WIDTH - fixed))
    lines = []
    for row in [headers, *rows]:
        wrapped = textwrap.wrap(str(row[flex]), widths[flex], break_on_hyphens=False) or [""]
        for number, piece in enumerate(wrapped):
            cells = [
                (piece if i == flex else (str(row[i]) if number == 0 else "")).ljust(widths[i])
                for i in range(count)
            ]
            lines.append((_INDENT + "  ".join(cells)).rstrip())
    return lines


def _wrapped(text: str, indent: str = _INDENT, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )


def _app_text(app: AppAssessment) -> list[str]:
    lines = [
        f"== {app.name} ==",
        *_wrapped(f"source: {app.source}", ""),
        *_wrapped(_runtime_line(app), ""),
        "",
    ]
    lines.append("Processes")
    lines += _table(
        ("TYPE", "SIZE", "CPU", "MEMORY", "DYNOS → REPLICAS", "BECOMES"),
        [
            (
                p.name,
                p.size,
                p.cpu + (f"/{p.cpu_limit}" if p.cpu_limit else ""),
                p.memory,
                _dynos(p),
                p.becomes,
            )
            for p in app.processes
        ],
    )
    lines.append(f"{_INDENT}Commands:")
    for p in app.processes:
        lines += _wrapped(f"{p.name}: {p.command}", _INDENT * 2, _INDENT * 3)
    return lines + _app_text_rest(app)


def _app_text_rest(app: AppAssessment) -> list[str]:
    """Scheduler jobs, add-ons, config vars and domains of one app, as text."""
    lines: list[str] = []
    if app.cron_jobs:
        lines += ["", "Scheduler jobs → CronJobs (UTC)"]
        lines += _table(
            ("CRONJOB", "SCHEDULE", "CPU", "MEMORY", "COMMAND"),
            [(j.name, j.schedule, j.cpu, j.memory, j.command) for j in app.cron_jobs],
        )
    lines += ["", "Add-ons"]
    if app.addons:
        lines += _table(
            ("ADD-ON", "SERVICE:PLAN", "TARGET", "VARIABLES"),
            [
                (a.name, a.plan or a.service, a.target, ", ".join(a.variables) or "-")
                for a in app.addons
            ],
        )
        for a in app.addons:
            version = f" (version {a.version})" if a.version else ""
            lines += _wrapped(f"{a.name}{version} → {a.target_description}", _INDENT, _INDENT * 3)
    else:
        lines.append(f"{_INDENT}none")
    lines += ["", "Config vars (names only)", *_wrapped(_config_line(app))]
    for label, names in _config_groups(app):
        if names:
            lines += _wrapped(f"{label}: {', '.join(names)}", _INDENT, _INDENT * 3)
    lines += ["", "Domains"]
    if app.domains:
        lines += _table(("HOST", "CERTIFICATE"), [(d.hostname, d.certificate) for d in app.domains])
    else:
        lines.append(f"{_INDENT}no custom domains")
    if app.features:
        lines += ["", f"Features: {', '.join(app.features)}"]
    return lines + _app_text_judgement(app)


def _app_text_judgement(app: AppAssessment) -> list[str]:
    """Findings, decisions and requested resources of one app, as text."""
    lines = ["", "Findings"]
    if app.findings:
        for f in app.findings:
            lines += _wrapped(
                f"{f.severity.upper():8} {f.subject}: {f.message} [{f.code}]",
                _INDENT,
                _INDENT + " " * 9,
            )
    else:
        lines.append(f"{_INDENT}none")
    lines += ["", "Decisions (herokube's default)"]
    lines += _table(("DECISION", "DEFAULT"), [(d.topic, d.default) for d in app.decisions])
    lines += ["", "Requested resources (steady state, Deployments)"]
    lines += _table(
        ("ENVIRONMENT", "PODS", "MAX PODS", "CPU (vCPU)", "MEMORY"), _resource_rows(app), flex=0
    )
    return lines


def _fleet_text(fleet: Fleet, count: int) -> list[str]:
    lines = [f"== Fleet: {count} apps ==", "", f"Capacity (nodes of {fleet.node_size.label})"]
    lines += _table(
        ("ENVIRONMENT", "APPS", "PODS", "CPU (vCPU)", "MEMORY", "NODES"),
        _capacity_rows(fleet),
        flex=0,
    )
    lines += ["", "Add-on inventory"]
    lines += _table(
        ("SERVICE", "COUNT", "TARGET", "APPS"),
        [(a.service, str(a.count), a.target, ", ".join(a.apps)) for a in fleet.addons],
    ) or [f"{_INDENT}none"]
    lines += ["", "Shared add-ons (the apps migrate together)"]
    if fleet.shared:
        for s in fleet.shared:
            outside = (
                f"; also attached to {', '.join(s.outside)} (not assessed)" if s.outside else ""
            )
            lines += _wrapped(
                f"{s.name} ({s.service}): {', '.join(s.apps)}{outside}", _INDENT, _INDENT * 3
            )
    else:
        lines.append(f"{_INDENT}none")
    lines += ["", "Migration waves"]
    for wave in fleet.waves:
        lines += _wrapped(f"Wave {wave.number} — {wave.reason}", _INDENT, _INDENT * 3)
        for group in wave.groups:
            lines += _wrapped(
                " + ".join(group) + (" (together)" if len(group) > 1 else ""),
                _INDENT * 2,
                _INDENT * 3,
            )
    return lines


def to_text(assessment: Assessment) -> str:
    lines: list[str] = []
    for app in assessment.apps:
        if lines:
            lines.append("")
        lines += _app_text(app)
    if assessment.fleet is not None:
        lines += ["", *_fleet_text(assessment.fleet, len(assessment.apps))]
    if assessment.cost is not None:
        lines += ["", *cost_formats.cost_text(assessment.cost)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    # A command may hold backticks: a longer fence keeps it one code span.
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += [
        "| " + " | ".join(_cell(c) if not c.startswith("`") else c for c in row) + " |"
        for row in rows
    ]
    return lines


def _app_markdown(app: AppAssessment, level: str) -> list[str]:
    lines = [f"{level} {app.name}", "", f"Source: `{app.source}`  ", _runtime_line(app), ""]
    lines += [f"{level}# Processes", ""]
    lines += _md_table(
        ("type", "command", "size", "CPU", "memory", "dynos → replicas", "becomes"),
        [
            (
                f"`{p.name}`",
                _code(p.command),
                p.size,
                p.cpu + (f" (limit {p.cpu_limit})" if p.cpu_limit else ""),
                p.memory,
                _dynos(p),
                p.becomes,
            )
            for p in app.processes
        ],
    )
    return lines + _app_markdown_rest(app, level)


def _app_markdown_rest(app: AppAssessment, level: str) -> list[str]:
    """Scheduler jobs, add-ons, config vars and domains of one app, as markdown."""
    lines: list[str] = []
    if app.cron_jobs:
        lines += ["", f"{level}# Scheduler jobs → CronJobs (UTC)", ""]
        lines += _md_table(
            ("CronJob", "schedule", "command", "CPU", "memory"),
            [
                (f"`{j.name}`", f"`{j.schedule}`", _code(j.command), j.cpu, j.memory)
                for j in app.cron_jobs
            ],
        )
    lines += ["", f"{level}# Add-ons", ""]
    if app.addons:
        lines += _md_table(
            ("add-on", "service:plan", "variables", "target", "becomes"),
            [
                (
                    f"`{a.name}`",
                    (a.plan or a.service) + (f" (v{a.version})" if a.version else ""),
                    ", ".join(a.variables) or "—",
                    a.target,
                    a.target_description,
                )
                for a in app.addons
            ],
        )
    else:
        lines.append("None.")
    lines += [
        "",
        f"{level}# Config vars",
        "",
        _config_line(app) + " (names only, never values).",
        "",
    ]
    lines += _md_table(
        ("goes to", "names"),
        [
            (label, ", ".join(f"`{n}`" for n in names) or "—")
            for label, names in _config_groups(app)
        ],
    )
    lines += ["", f"{level}# Domains", ""]
    if app.domains:
        lines += _md_table(
            ("host", "certificate"), [(f"`{d.hostname}`", d.certificate) for d in app.domains]
        )
    else:
        lines.append("No custom domains.")
    if app.features:
        lines += ["", "Heroku features on: " + ", ".join(f"`{f}`" for f in app.features) + "."]
    return lines + _app_markdown_judgement(app, level)


def _app_markdown_judgement(app: AppAssessment, level: str) -> list[str]:
    """Findings, decisions and requested resources of one app, as markdown."""
    lines = ["", f"{level}# Findings", ""]
    if app.findings:
        lines += [
            f"- **{f.severity}** — {f.subject}: {f.message} (`{f.code}`)" for f in app.findings
        ]
    else:
        lines.append("None.")
    lines += ["", f"{level}# Decisions", ""]
    lines += _md_table(
        ("decision", "question", "herokube's default"),
        [(d.topic, d.question, d.default) for d in app.decisions],
    )
    lines += [
        "",
        f"{level}# Requested resources",
        "",
        "Steady state of the Deployments (CronJobs and the release Job come and go).",
        "",
    ]
    lines += _md_table(
        ("environment", "pods", "max pods", "CPU (vCPU)", "memory"), _resource_rows(app)
    )
    return lines


def _fleet_markdown(fleet: Fleet, count: int) -> list[str]:
    lines = [
        f"## Fleet summary ({count} apps)",
        "",
        "### Capacity",
        "",
        f"Nodes of {fleet.node_size.label}.",
        "",
    ]
    lines += _md_table(
        ("environment", "apps", "pods", "CPU (vCPU)", "memory", "nodes"),
        _capacity_rows(fleet),
    )
    lines += ["", "### Add-on inventory", ""]
    lines += (
        _md_table(
            ("service", "count", "target", "plans", "apps"),
            [
                (a.service, str(a.count), a.target, ", ".join(a.plans) or "—", ", ".join(a.apps))
                for a in fleet.addons
            ],
        )
        if fleet.addons
        else ["None."]
    )
    lines += ["", "### Shared add-ons", ""]
    if fleet.shared:
        lines += [
            f"- `{s.name}` ({s.service}): {', '.join(s.apps)}"
            + (f"; also attached to {', '.join(s.outside)} (not assessed)" if s.outside else "")
            for s in fleet.shared
        ]
    else:
        lines.append("None.")
    lines += ["", "### Migration waves", ""]
    for wave in fleet.waves:
        groups = "; ".join(
            " + ".join(group) + (" (together)" if len(group) > 1 else "") for group in wave.groups
        )
        lines.append(f"{wave.number}. **{groups}** — {wave.reason}")
    return lines


def to_markdown(assessment: Assessment) -> str:
    several = len(assessment.apps) > 1
    lines = [
        "# Heroku migration assessment"
        if several
        else f"# Heroku migration assessment: {assessment.apps[0].name}",
        "",
    ]
    if several:
        lines.append("Apps: " + ", ".join(app.name for app in assessment.apps) + ".")
        lines.append("")
    for app in assessment.apps:
        section = _app_markdown(app, "##" if several else "#")
        # One app: the document's title names it, and its sections are the second level.
        lines += (section if several else section[2:]) + [""]
    if assessment.fleet is not None:
        lines += _fleet_markdown(assessment.fleet, len(assessment.apps)) + [""]
        lines += ["### Migration waves, drawn", ""]
        lines += cost_formats.mermaid_waves(assessment.fleet) + [""]
        if assessment.fleet.shared:
            lines += ["### Shared add-ons, drawn", ""]
            lines += cost_formats.mermaid_shared(assessment.fleet) + [""]
    if assessment.cost is not None:
        lines += cost_formats.cost_markdown(assessment.cost, "##" if several else "#") + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------- json


def _app_json(app: AppAssessment) -> dict[str, Any]:
    data = asdict(app)
    data["blockers"] = len(app.blockers)
    return data


def to_json(assessment: Assessment) -> str:
    fleet = None
    if assessment.fleet is not None:
        fleet = asdict(assessment.fleet)
        fleet["node_size"]["label"] = assessment.fleet.node_size.label
    document = {
        "schema": SCHEMA,
        "apps": [_app_json(app) for app in assessment.apps],
        "fleet": fleet,
        "cost": None if assessment.cost is None else cost_formats.cost_json(assessment.cost),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
