"""One workload per Procfile process type, and Heroku's release phase as a Job."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from herokube.blueprints import Blueprints
from herokube.model import App, DynoSize, Notice, Process
from herokube.names import unique_labels
from herokube.plan.model import Autoscaling, ReleaseJob, Resources, Workload, WorkloadKind

__all__ = ["buildpack_env", "shell_command", "size_of", "workloads"]

# Heroku's boot timeout: 60 s to bind $PORT, 90 s for JVM apps (R10).
_STARTUP_SECONDS = {"default": 60, "jvm": 90}
_SHELL_OPERATORS = re.compile(r"[;&|`\n]|\$\(")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\S*$")


@dataclass(frozen=True)
class _Context:
    app: App
    blueprints: Blueprints
    config: Mapping[str, str]
    jvm: bool
    notices: list[Notice]


def workloads(
    app: App,
    blueprints: Blueprints,
    config: Mapping[str, str],
    jvm: bool,
    replacements: Mapping[str, str],
    notices: list[Notice],
) -> tuple[tuple[Workload, ...], ReleaseJob | None]:
    """One workload per process type; ``replacements`` swap buildpack-only commands (PHP)."""
    context = _Context(app, blueprints, config, jvm, notices)
    names = [p.name for p in app.processes]
    labels = dict(zip(names, unique_labels(names, max_length=40), strict=True))
    made: list[Workload] = []
    release: ReleaseJob | None = None
    for process in app.processes:
        command = shell_command(replacements.get(process.name, process.command))
        size = size_of(app, process.size, blueprints)
        if process.name in blueprints.release_types:
            env = buildpack_env(app, size, False, jvm, config)
            release = ReleaseJob(command, Resources.of(size), env)
            continue
        made.append(_workload(context, process, labels[process.name], command, size))
    if not any(w.kind == "web" for w in made):
        notices.append(
            Notice(
                "no-web-process", "processes", "no web process: no Service or Ingress is rendered"
            )
        )
    return tuple(made), release


def _workload(
    context: _Context, process: Process, label: str, command: str, size: DynoSize
) -> Workload:
    notices = context.notices
    if label != process.name:
        notices.append(
            Notice(
                "process-renamed",
                f"processes.{process.name}",
                f"not a DNS label; the workload is named {label!r}",
            )
        )
    kind = _kind(process, context.blueprints)
    if kind == "singleton" and process.quantity > 1:
        notices.append(
            Notice(
                "singleton-scaled-down",
                f"formation.{process.name}",
                f"ran {process.quantity} dynos; a scheduler runs as one replica",
            )
        )
    web = kind == "web"
    return Workload(
        label=label,
        process=process.name,
        kind=kind,
        command=command,
        replicas=1 if kind == "singleton" else process.quantity,
        resources=Resources.of(size),
        env=buildpack_env(context.app, size, web, context.jvm, context.config),
        startup_seconds=_STARTUP_SECONDS["jvm" if context.jvm else "default"] if web else None,
        autoscaling=_autoscaling(process, notices) if web else None,
        preboot=web and bool(context.app.features.get("preboot")),
    )


def size_of(app: App, name: str | None, blueprints: Blueprints) -> DynoSize:
    """The dyno size a process ran on (the blueprint's default when none was given)."""
    return app.dyno_sizes[(name or blueprints.default_size).lower()]


def shell_command(command: str) -> str:
    """Run through ``/bin/sh -c``; a single program is ``exec``'d so it gets SIGTERM directly."""
    stripped = command.strip()
    if _SHELL_OPERATORS.search(stripped) or stripped.startswith("exec "):
        return stripped
    words = stripped.split()
    assignments = 0
    while assignments < len(words) and _ASSIGNMENT.match(words[assignments]):
        assignments += 1
    if assignments == len(words):
        return stripped
    head = " ".join(words[:assignments])
    rest = stripped[len(head) :].lstrip() if head else stripped
    return f"{head} exec {rest}" if head else f"exec {rest}"


def buildpack_env(
    app: App, size: DynoSize, web: bool, jvm: bool, config: Mapping[str, str]
) -> dict[str, str]:
    """What the buildpacks' .profile.d scripts exported at boot, unless the app sets it itself."""
    env: dict[str, str] = {}
    language = app.runtime.language if app.runtime else "unknown"
    if web and "WEB_CONCURRENCY" not in config:
        if language == "python":
            cores = (size.cpu_limit_millicores or 8000) // 1000
            env["WEB_CONCURRENCY"] = str(max(1, min(2 * cores + 1, size.memory_mb // 256)))
        elif language == "node":
            env["WEB_CONCURRENCY"] = str(max(1, size.memory_mb // 512))
    if jvm and "JAVA_TOOL_OPTIONS" not in config and "JAVA_OPTS" not in config:
        if size.memory_mb <= 512:
            env["JAVA_TOOL_OPTIONS"] = "-Xmx300m -Xss512k -XX:CICompilerCount=2"
        elif size.memory_mb <= 1024:
            env["JAVA_TOOL_OPTIONS"] = "-Xmx671m -XX:CICompilerCount=2"
        else:
            env["JAVA_TOOL_OPTIONS"] = "-XX:MaxRAMPercentage=80.0"
    return env


def _kind(process: Process, blueprints: Blueprints) -> WorkloadKind:
    if process.name in blueprints.web_types:
        return "web"
    if process.name.lower() in blueprints.singleton_types:
        return "singleton"
    return "worker"


def _autoscaling(process: Process, notices: list[Notice]) -> Autoscaling | None:
    if process.autoscaling is None:
        return None
    scaling = process.autoscaling
    if scaling.p95_response_time_ms:
        notices.append(
            Notice(
                "autoscaling-metric",
                f"autoscaling.{process.name}",
                "Heroku scaled on p95 response time; the HPA scales on CPU utilisation",
            )
        )
    return Autoscaling(
        min_replicas=max(1, scaling.min), max_replicas=max(scaling.max, scaling.min, 1)
    )
