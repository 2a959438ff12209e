"""What the non-language buildpacks add, and the config the build sees.

Heroku runs every buildpack of the list in order; each language buildpack is a language build
(``scripting``, ``compiled``). The others: system buildpacks (apt, ffmpeg, Chrome, pgbouncer,
jemalloc, nginx, locale ...) become Debian packages and environment, read from
``blueprints/runtimes.yaml`` by the load stage; a buildpack herokube does not know becomes a
named Dockerfile stage that fails until the team writes what it did (never a silent omission).
Heroku's build sees every config var: non-secret ones the build reads become build arguments,
secret ones BuildKit secret mounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from herokube.blueprints import runtimes_blueprint
from herokube.model import ConfigVar

from .spec import BuildpackStage, Steps

__all__ = ["build_config", "system_steps", "unknown_stages"]


def system_steps(facts: Mapping[str, Any]) -> Steps:
    """Debian packages and environment the system buildpacks and the Aptfile add."""
    env = {str(k): str(v) for k, v in (facts.get("system_env") or {}).items()}
    return Steps(
        runtime_packages=tuple(facts.get("apt_packages", [])),
        runtime_env=env,
    )


def _slug(url: str) -> str:
    tail = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git").removesuffix(".tgz")
    tail = tail.split("#", 1)[0].removeprefix("heroku-buildpack-")
    return re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-") or "unknown"


def unknown_stages(urls: Sequence[str]) -> tuple[BuildpackStage, ...]:
    """One stage per unknown buildpack, named after it, in the buildpack list's order."""
    stages: list[BuildpackStage] = []
    for url in urls:
        name = f"buildpack-{_slug(url)}"
        while any(stage.name == name for stage in stages):
            name += "-x"
        stages.append(BuildpackStage(name, url))
    return tuple(stages)


def build_config(
    config_vars: Iterable[ConfigVar],
) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Build arguments (non-secret config the build reads), and the secrets (names only) the
    package managers read (mounted in the deps and build stages) and the build steps read."""
    table = runtimes_blueprint().build_config
    args: dict[str, str] = {}
    install: list[str] = []
    build: list[str] = []
    for var in config_vars:
        if var.origin != "user":
            continue
        if not var.secret:
            if var.name in table.names or var.name.startswith(table.prefixes):
                args[var.name] = var.value or ""
        elif var.name in table.install_secrets or var.name.startswith(
            table.install_secret_prefixes
        ):
            install.append(var.name)
        elif var.name in table.secrets:
            build.append(var.name)
    return args, tuple(sorted(install)), tuple(sorted(build))
