"""The Dockerfile plan: a typed ``DockerfileSpec`` for ``Dockerfile.jinja`` and ``.dockerignore.jinja``.

The Dockerfile reproduces what the buildpacks did (docs/runtimes.md) with one fixed shape: a
``tini`` stage, a ``deps`` stage that copies only the manifests and installs (its own cached
layer), a ``build`` stage with the whole source and every buildpack's build steps in the
buildpack list's order, a named stage per buildpack herokube does not know, and a slim
``runtime`` stage on the primary language's image running as ``10001:10001`` with
``PORT=8080`` and ``ENTRYPOINT ["/usr/bin/tini", "-g", "--"]``. The other buildpacks' outputs
are copied in. Only data differs between apps; the template stays one readable file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from herokube.blueprints import runtimes_blueprint
from herokube.model import App, ConfigVar, Notice, Runtime

from .buildpacks import build_config, system_steps, unknown_stages
from .commands import default_command, php_replacement, replacement_commands
from .compiled import elixir_build, go_build, java_build, php_build, scala_build
from .dockerignore import dockerignore
from .scripting import LanguageBuild, node_build, node_toolchain, python_build, ruby_build
from .spec import DockerfileSpec, Images, RuntimeCopy, Steps
from .writable import writable_commands

__all__ = [
    "DockerfileSpec",
    "build_spec",
    "dockerfile_answers",
    "dockerfile_spec",
    "php_replacement",
    "replacement_commands",
]

_Builder = Callable[[Runtime, Mapping[str, Any]], LanguageBuild]
_BUILDERS: Mapping[str, _Builder] = {
    "node": node_build,
    "python": python_build,
    "ruby": ruby_build,
    "go": go_build,
    "java": java_build,
    "scala": scala_build,
    "elixir": elixir_build,
}
_UNKNOWN_IMAGE = "debian:bookworm-20241202-slim"


def dockerfile_spec(app: App) -> tuple[DockerfileSpec | None, tuple[Notice, ...]]:
    """The app's Dockerfile spec (``None`` without a runtime) and the notices it raised."""
    if app.runtime is None:
        return None, ()
    processes = {p.name: p.command for p in app.processes}
    return build_spec(app.runtime, processes, app_name=app.name, config_vars=app.config_vars)


def dockerfile_answers(
    runtime: Runtime, processes: Mapping[str, str], *, app_name: str
) -> dict[str, Any]:
    """The spec as Copier answers, for callers without an ``App`` (tests, tools)."""
    spec, _ = build_spec(runtime, processes, app_name=app_name)
    return spec.answers()


def _primary(runtime: Runtime, cmd: str, replaced: Mapping[str, str]) -> LanguageBuild:
    facts = runtime.facts
    if runtime.language == "php":
        return php_build(runtime, facts, " ".join(replaced.values()) + " " + cmd)
    builder = _BUILDERS.get(runtime.language)
    if builder is not None:
        return builder(runtime, facts)
    steps = Steps(
        runtime_copy=(RuntimeCopy("/app", "/app"),),
        notes=("No language was detected: install the app's runtime by hand.",),
    )
    return LanguageBuild(_UNKNOWN_IMAGE, _UNKNOWN_IMAGE, steps)


def _secondary(runtime: Runtime) -> tuple[Steps, tuple[Notice, ...]]:
    """The other language buildpacks (Node for assets), in the list's order around the primary."""
    steps = Steps()
    notices: tuple[Notice, ...] = ()
    for name, tc in (runtime.facts.get("toolchains") or {}).items():
        if name == "node":
            node, found = node_toolchain(tc, run_build=bool(tc.get("run_build", True)))
            steps, notices = steps + node, notices + found
    return steps, notices


def build_spec(
    runtime: Runtime,
    processes: Mapping[str, str],
    *,
    app_name: str,
    config_vars: Iterable[ConfigVar] = (),
) -> tuple[DockerfileSpec, tuple[Notice, ...]]:
    """Everything the Dockerfile and .dockerignore templates need, typed."""
    facts = runtime.facts
    replaced = replacement_commands(runtime, processes)
    rewritten, writable = writable_commands(runtime, {**processes, **replaced})
    replaced.update({n: c for n, c in rewritten.items() if c != processes.get(n)})
    effective = {name: replaced.get(name, command) for name, command in processes.items()}
    if not effective and runtime.default_processes:
        effective = {n: replaced.get(n, c) for n, c in runtime.default_processes.items()}
    cmd = default_command(effective)
    primary = _primary(runtime, cmd, replaced)
    others, other_notices = _secondary(runtime)
    # The other language buildpacks install before the primary's build and build after it
    # (Node's build reads vendor/ in Laravel, ...); the primary's image and runtime copies win.
    steps = primary.steps + others + system_steps(facts)
    args, install_secrets, build_secrets = build_config(config_vars)
    spec = DockerfileSpec(
        app_name=app_name,
        language=runtime.language,
        languages=runtime.languages,
        version=facts.get("version_resolved"),
        declared_version=runtime.version,
        version_source=runtime.version_source,
        images=Images(runtimes_blueprint().tini.image, primary.build_image, primary.runtime_image),
        steps=steps,
        cmd=cmd,
        replacement_commands=replaced,
        php=primary.php,
        writable_paths=tuple(facts.get("writable_paths", [])),
        process_writable_paths=writable,
        dockerignore=dockerignore(runtime.languages),
        build_args=args,
        install_secrets=install_secrets,
        build_secrets=build_secrets,
        buildpack_stages=unknown_stages(list(facts.get("unknown_buildpacks", []))),
    )
    return spec, primary.notices + other_notices
