"""The knowledge herokube ships as YAML data in ``blueprints/``, validated where it is read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herokube.errors import UserError
from herokube.resources import blueprints_dir
from herokube.yamlio import load_yaml_file

__all__ = ["AddonBlueprint", "Blueprints", "OperatorBlueprint", "load_blueprints", "load_operators"]

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
        return model.model_validate(load_yaml_file(path))
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


NeededBy = Literal["always", "custom-domains", "postgres-cloudnative-pg", "monitoring-prometheus"]


class OperatorBlueprint(_Strict):
    """A cluster operator the fleet's platform repository installs from its upstream chart."""

    title: str
    repo: str
    chart: str
    version: str
    namespace: str
    wave: int
    needed_by: NeededBy
    values: dict[str, object] = Field(default_factory=dict)


class _PlatformFile(_Strict):
    operators: dict[str, OperatorBlueprint]


@cache
def load_operators(folder: Path | None = None) -> Mapping[str, OperatorBlueprint]:
    """``blueprints/platform.yaml``: the operators ``herokube fleet`` may install, by name."""
    return _read((folder or blueprints_dir()) / "platform.yaml", _PlatformFile).operators
