"""The knowledge herokube ships as YAML data in ``blueprints/``, validated where it is read."""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herokube.errors import UserError
from herokube.resources import blueprints_dir
from herokube.yamlio import load_yaml_text, parsed_once

__all__ = [
    "AddonBlueprint",
    "Blueprints",
    "LanguageBlueprint",
    "OperatorBlueprint",
    "PinnedAction",
    "RuntimesBlueprint",
    "image_tag_index",
    "load_blueprints",
    "load_operators",
    "load_pinned_actions",
    "runtimes_blueprint",
]

_M = TypeVar("_M", bound=BaseModel)

Target = Literal["managed", "in-cluster", "saas", "cronjob", "log-shipping", "blocked"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AddonBlueprint(_Strict):
    title: str
    category: str
    target: Target
    target_description: str
    variables: tuple[str, ...] = ()
    data: str = "none"
    blocking: str | None = None
    retired: bool = False


class _AddonsFile(_Strict):
    addons: dict[str, AddonBlueprint]


class SizeBlueprint(_Strict):
    memory_mb: int = Field(gt=0)
    cpu: int = Field(gt=0)
    cpu_limit: int | None = None
    aliases: tuple[str, ...] = ()


class _SizesFile(_Strict):
    sizes: dict[str, SizeBlueprint]
    default: str


class _ConfigVarsFile(_Strict):
    platform: tuple[str, ...]
    build_time: tuple[str, ...]
    build_time_prefixes: tuple[str, ...] = ()


class _ProcessesFile(_Strict):
    web: tuple[str, ...]
    release: tuple[str, ...]
    singleton: tuple[str, ...]


@dataclass(frozen=True)
class Blueprints:
    addons: Mapping[str, AddonBlueprint]
    sizes: Mapping[str, SizeBlueprint]
    """Keyed by every lower-case name and alias."""
    default_size: str
    platform_vars: frozenset[str]
    build_time_vars: frozenset[str]
    build_time_prefixes: tuple[str, ...]
    web_types: frozenset[str]
    release_types: frozenset[str]
    singleton_types: frozenset[str]


def _read(path: Path, model: type[_M]) -> _M:
    try:
        data = parsed_once(path, lambda text: load_yaml_text(text, source=str(path)), "pure")
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise UserError(first["msg"], source=str(path), field=field) from None


@cache
def load_blueprints(folder: Path | None = None) -> Blueprints:
    """Read and check every blueprint file (once per process)."""
    root = folder or blueprints_dir()
    addons = _read(root / "addons.yaml", _AddonsFile)
    sizes = _read(root / "dyno-sizes.yaml", _SizesFile)
    config_vars = _read(root / "config-vars.yaml", _ConfigVarsFile)
    processes = _read(root / "processes.yaml", _ProcessesFile)
    by_name: dict[str, SizeBlueprint] = {}
    for name, size in sizes.sizes.items():
        for key in (name, *size.aliases):
            by_name[key.lower()] = size
    return Blueprints(
        addons=addons.addons,
        sizes=by_name,
        default_size=sizes.default,
        platform_vars=frozenset(config_vars.platform),
        build_time_vars=frozenset(config_vars.build_time),
        build_time_prefixes=config_vars.build_time_prefixes,
        web_types=frozenset(processes.web),
        release_types=frozenset(processes.release),
        singleton_types=frozenset(processes.singleton),
    )


# -- runtimes.yaml: base images, release lines, native packages ---------------------------------


class NativePackages(_Strict):
    """Debian packages a native extension builds against and loads at run time."""

    build: tuple[str, ...] = ()
    runtime: tuple[str, ...] = ()


class PhpExtension(_Strict):
    apt: tuple[str, ...] = ()
    runtime_apt: tuple[str, ...] = ()


class _Images(_Strict):
    """Image tag patterns; ``{version}`` is the resolved version, ``{debian}`` the variant."""

    debian: str | None = None
    """The newest Debian release herokube uses for the line (its native package names)."""
    image: str | None = None
    build_image: str | None = None
    runtime_image: str | None = None
    apache_image: str | None = None
    fpm_image: str | None = None
    maven_image: str | None = None
    gradle_image: str | None = None


class RuntimeLine(_Images):
    latest: str
    eol: str | None = None


class LanguageBlueprint(_Images):
    line: Literal["major", "minor"] = "minor"
    default: str
    lines: dict[str, RuntimeLine]
    aliases: dict[str, str] = {}
    composer_image: str | None = None
    corepack: str | None = None
    sbt: str | None = None
    native: dict[str, NativePackages] = {}
    tools: dict[str, str] = {}
    extensions: dict[str, PhpExtension] = {}


class StackBlueprint(_Strict):
    ubuntu: str
    debian: str
    eol: str


class SystemBuildpack(_Strict):
    apt: tuple[str, ...] = ()
    aptfile: bool = False
    env: dict[str, str] = {}
    """Runtime environment the buildpack set (jemalloc's LD_PRELOAD)."""
    note: str | None = None
    ignore: str | None = None


class BuildConfig(_Strict):
    """Config vars the build reads: non-secret ones become build arguments, secret ones mounts."""

    names: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    """Secrets the build steps read (collectstatic's SECRET_KEY): mounted in the build stage."""
    install_secrets: tuple[str, ...] = ()
    """Secrets the package managers read (private registries): mounted in both stages."""
    install_secret_prefixes: tuple[str, ...] = ()


class _Tini(_Strict):
    image: str


class RuntimesBlueprint(_Strict):
    as_of: str
    tini: _Tini
    stacks: dict[str, StackBlueprint]
    system_buildpacks: dict[str, SystemBuildpack]
    build_config: BuildConfig = BuildConfig()
    languages: dict[str, LanguageBlueprint]


@cache
def runtimes_blueprint(path: Path | None = None) -> RuntimesBlueprint:
    """``blueprints/runtimes.yaml``, checked (read once per process)."""
    file = path or blueprints_dir() / "runtimes.yaml"
    return _read_safe(file, RuntimesBlueprint)


class _TagIndexFile(_Strict):
    comment: str = ""
    source: str
    patterns: dict[str, dict[str, str]]


@cache
def image_tag_index(path: Path | None = None) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """``blueprints/image-tags.json``: pattern → exact version → Debian variants published.

    The variants are newest first; ``""`` is the tag without a Debian name (``node:4.9.1-slim``).
    Generated by ``scripts/build_image_tag_index.py``; JSON because it is read on every run.
    """
    file = path or blueprints_dir() / "image-tags.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        index = _TagIndexFile.model_validate(data)
    except (OSError, ValueError) as error:
        if isinstance(error, ValidationError):
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise UserError(first["msg"], source=str(file), field=field) from None
        raise UserError(f"cannot read: {error}".splitlines()[0], source=str(file)) from None
    return {
        pattern: {
            version: tuple("" if v == "-" else v for v in variants.split())
            for version, variants in versions.items()
        }
        for pattern, versions in index.patterns.items()
    }


def _read_safe(path: Path, model: type[_M]) -> _M:
    """Like ``_read`` with the fast safe loader: these files are large and never written back."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = parsed_once(path, YAML(typ="safe", pure=False).load, "c")
    except (OSError, YAMLError) as error:
        raise UserError(f"cannot read: {error}".splitlines()[0], source=str(path)) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise UserError(first["msg"], source=str(path), field=field) from None


NeededBy = Literal[
    "always",
    "custom-domains",
    "postgres-cloudnative-pg",
    "monitoring-prometheus",
    "logging-operator",
    "load-test-k6",
    "ingress-controller",
    "gateway-api",
]


class OperatorBlueprint(_Strict):
    """A cluster operator the fleet's platform repository installs from its upstream chart."""

    title: str
    repo: str
    chart: str
    version: str
    namespace: str
    wave: int
    needed_by: NeededBy | tuple[NeededBy, ...]
    """What calls for it; a tuple: any one of them."""
    values: dict[str, object] = Field(default_factory=dict)
    oci: bool = False
    """``repo`` is an OCI registry path (no scheme): Argo CD must know it as an OCI Helm repository."""
    values_when: dict[NeededBy, dict[str, object]] = Field(default_factory=dict)
    """Values merged over ``values`` when some app has that need (Traefik's two route APIs)."""

    def wanted(self, needs: AbstractSet[str]) -> bool:
        """True when some app's need calls for this operator."""
        wanted = self.needed_by if isinstance(self.needed_by, tuple) else (self.needed_by,)
        return any(need in needs for need in wanted)


class _PlatformFile(_Strict):
    operators: dict[str, OperatorBlueprint]


@cache
def load_operators(folder: Path | None = None) -> Mapping[str, OperatorBlueprint]:
    """``blueprints/platform.yaml``: the operators ``herokube fleet`` may install, by name."""
    return _read((folder or blueprints_dir()) / "platform.yaml", _PlatformFile).operators


class PinnedAction(_Strict):
    """A GitHub Action at one commit: ``sha`` is what a workflow runs, ``version`` its tag."""

    sha: str = Field(pattern=r"^[0-9a-f]{40}$")
    version: str


class _ActionsFile(_Strict):
    actions: dict[str, PinnedAction]


@cache
def load_pinned_actions(folder: Path | None = None) -> Mapping[str, PinnedAction]:
    """``blueprints/github-actions.yaml``: every action a generated workflow may use, by name."""
    return _read((folder or blueprints_dir()) / "github-actions.yaml", _ActionsFile).actions
