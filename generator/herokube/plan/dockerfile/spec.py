"""The typed Dockerfile plan: what each buildpack contributes, and the whole spec.

``Steps`` is one buildpack's share (images, packages, install and build commands, what the
runtime stage copies); ``+`` joins two shares in build order. ``DockerfileSpec`` is the whole
image, turned into Copier answers (plain JSON-able data) only by ``answers()``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "USER",
    "PORT",
    "TINI",
    "BuildpackStage",
    "CopyGroup",
    "DockerfileSpec",
    "Download",
    "Images",
    "PhpServer",
    "RuntimeCopy",
    "StageCopy",
    "Steps",
]

USER = "10001:10001"
PORT = 8080
TINI = "/usr/bin/tini"


@dataclass(frozen=True)
class CopyGroup:
    """``COPY sources... dest`` into the deps stage (manifests keep their folders)."""

    sources: tuple[str, ...]
    dest: str


@dataclass(frozen=True)
class StageCopy:
    """``COPY --from=stage source dest``: a toolchain taken from another image."""

    stage: str
    source: str
    dest: str


@dataclass(frozen=True)
class RuntimeCopy:
    """``COPY --from=<last build stage> source dest`` into the runtime image."""

    source: str
    dest: str


@dataclass(frozen=True)
class Download:
    url: str
    dest: str


@dataclass(frozen=True)
class PhpServer:
    server: Literal["apache", "nginx"]
    document_root: str
    extensions: tuple[str, ...]
    extension_packages: tuple[str, ...]


@dataclass(frozen=True)
class BuildpackStage:
    """A buildpack herokube cannot reproduce: a named stage the team fills in."""

    name: str
    buildpack: str


def _merged(first: Mapping[str, str], second: Mapping[str, str]) -> Mapping[str, str]:
    return {**first, **second}


@dataclass(frozen=True)
class Steps:
    """One buildpack's share of the image; ``a + b`` runs ``a``'s steps before ``b``'s."""

    images: Mapping[str, str] = field(default_factory=dict)
    """Extra toolchain stages (``node``, ``composer``) by name."""
    build_packages: tuple[str, ...] = ()
    runtime_packages: tuple[str, ...] = ()
    downloads: tuple[Download, ...] = ()
    toolchain_copies: tuple[StageCopy, ...] = ()
    toolchain_setup: tuple[str, ...] = ()
    build_env: Mapping[str, str] = field(default_factory=dict)
    deps_copy: tuple[CopyGroup, ...] = ()
    deps_full_source: bool = False
    deps_run: tuple[str, ...] = ()
    build_run: tuple[str, ...] = ()
    finish_run: tuple[str, ...] = ()
    """After every buildpack's build (pruning dev dependencies)."""
    runtime_setup: tuple[str, ...] = ()
    runtime_copy: tuple[RuntimeCopy, ...] = ()
    runtime_env: Mapping[str, str] = field(default_factory=dict)
    path: str = ""
    notes: tuple[str, ...] = ()

    def __add__(self, other: Steps) -> Steps:
        return Steps(
            images=_merged(self.images, other.images),
            build_packages=self.build_packages + other.build_packages,
            runtime_packages=self.runtime_packages + other.runtime_packages,
            downloads=self.downloads + other.downloads,
            toolchain_copies=self.toolchain_copies + other.toolchain_copies,
            toolchain_setup=self.toolchain_setup + other.toolchain_setup,
            build_env=_merged(self.build_env, other.build_env),
            deps_copy=self.deps_copy + other.deps_copy,
            deps_full_source=self.deps_full_source or other.deps_full_source,
            deps_run=self.deps_run + other.deps_run,
            build_run=self.build_run + other.build_run,
            finish_run=self.finish_run + other.finish_run,
            runtime_setup=self.runtime_setup + other.runtime_setup,
            runtime_copy=self.runtime_copy + other.runtime_copy,
            runtime_env=_merged(self.runtime_env, other.runtime_env),
            path=self.path or other.path,
            notes=self.notes + other.notes,
        )


@dataclass(frozen=True)
class Images:
    tini: str
    build: str
    runtime: str


# The order the answers file lists them in (stage by stage, as the Dockerfile reads).
_ANSWER_ORDER = (
    *("app_name", "language", "languages", "version", "declared_version", "version_source"),
    *("user", "port", "tini", "images", "build_packages", "runtime_packages"),
    *("toolchain_copies", "toolchain_setup", "build_env", "build_args", "build_secrets"),
    *("deps_mounts", "build_mounts", "deps_copy", "deps_full_source", "deps_run", "build_run"),
    *("buildpack_stages", "final_build_stage", "runtime_copy", "runtime_env", "runtime_setup"),
    *("path", "writable_paths", "cmd", "cmd_json", "replacement_commands", "php", "downloads"),
    *("notes", "dockerignore"),
)


def _steps_answers(steps: Steps) -> dict[str, Any]:
    return {
        "build_packages": sorted(set(steps.build_packages)),
        "runtime_packages": sorted(set(steps.runtime_packages)),
        "toolchain_copies": [
            {"stage": c.stage, "from": c.source, "to": c.dest} for c in steps.toolchain_copies
        ],
        "toolchain_setup": _unique(steps.toolchain_setup),
        "build_env": dict(sorted(steps.build_env.items())),
        "deps_copy": [{"from": list(c.sources), "to": c.dest} for c in steps.deps_copy],
        "deps_full_source": steps.deps_full_source,
        "deps_run": list(steps.deps_run),
        "build_run": [*steps.build_run, *steps.finish_run],
        "runtime_copy": [{"from": c.source, "to": c.dest} for c in steps.runtime_copy],
        "runtime_env": dict(sorted({"PORT": str(PORT), **steps.runtime_env}.items())),
        "runtime_setup": _unique(steps.runtime_setup),
        "path": steps.path,
        "downloads": [{"url": d.url, "to": d.dest} for d in steps.downloads],
        "notes": list(steps.notes),
    }


def _mounts(names: tuple[str, ...]) -> str:
    return " ".join(f"--mount=type=secret,id={name},env={name}" for name in names)


def _unique(items: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class DockerfileSpec:
    """Everything ``Dockerfile.jinja`` and ``.dockerignore.jinja`` render for one app."""

    app_name: str
    language: str
    languages: tuple[str, ...]
    version: str | None
    declared_version: str | None
    version_source: str | None
    images: Images
    steps: Steps
    cmd: str
    replacement_commands: Mapping[str, str]
    php: PhpServer | None = None
    writable_paths: tuple[str, ...] = ()
    """Written by every process (the chart's ``writablePaths``)."""
    process_writable_paths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Written by one process because of its command (celery beat's schedule ...)."""
    dockerignore: tuple[str, ...] = ()
    build_args: Mapping[str, str] = field(default_factory=dict)
    """Non-secret config vars the build sees, as Heroku's build saw them."""
    install_secrets: tuple[str, ...] = ()
    """Secret config vars the package managers read: BuildKit secret mounts, never ARG or ENV."""
    build_secrets: tuple[str, ...] = ()
    """Secret config vars the build steps read (build stage only)."""
    buildpack_stages: tuple[BuildpackStage, ...] = ()

    @property
    def final_build_stage(self) -> str:
        return self.buildpack_stages[-1].name if self.buildpack_stages else "build"

    def answers(self) -> dict[str, Any]:
        """The spec as Copier answers: plain, JSON-able, sorted where order carries no meaning."""
        steps = self.steps
        install_mounts = _mounts(self.install_secrets)
        build_mounts = _mounts(self.install_secrets + self.build_secrets)
        answers = {
            "app_name": self.app_name,
            "language": self.language,
            "languages": list(self.languages),
            "version": self.version,
            "declared_version": self.declared_version,
            "version_source": self.version_source,
            "user": USER,
            "port": PORT,
            "tini": TINI,
            "images": {
                "tini": self.images.tini,
                "build": self.images.build,
                "runtime": self.images.runtime,
                **steps.images,
            },
            **_steps_answers(steps),
            "build_args": dict(sorted(self.build_args.items())),
            "build_secrets": sorted({*self.install_secrets, *self.build_secrets}),
            "deps_mounts": install_mounts,
            "build_mounts": build_mounts,
            "buildpack_stages": [
                {"name": stage.name, "buildpack": stage.buildpack, "after": after}
                for stage, after in zip(
                    self.buildpack_stages,
                    ["build", *(s.name for s in self.buildpack_stages)],
                    strict=False,
                )
            ],
            "final_build_stage": self.final_build_stage,
            "writable_paths": list(self.writable_paths),
            "cmd": self.cmd,
            "cmd_json": json.dumps(["/bin/sh", "-c", self.cmd]),
            "replacement_commands": dict(self.replacement_commands),
            "php": None
            if self.php is None
            else {
                "server": self.php.server,
                "document_root": self.php.document_root,
                "extensions": list(self.php.extensions),
                "extension_packages": list(self.php.extension_packages),
            },
            "dockerignore": sorted(set(self.dockerignore)),
        }
        return {key: answers[key] for key in _ANSWER_ORDER}
