"""Render the chart of one side (a Git ref or the working tree) for every environment.

The repository is read and rendered through :mod:`herokube.chartrepo`, as ``herokube
validate`` reads it (same release name and namespace), and the objects are split by
``validate``'s manifest parser; but nothing is linted or checked, so a diff stays fast. Each object is keyed by
``apiVersion/kind/namespace/name`` and normalised: keys sorted, dumped as block YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herokube.chartrepo import (
    DEFAULT_ENVIRONMENT,
    NOT_ONE_MAPPING,
    chart_directory,
    environment_values,
    load_chart,
    read_values,
    values_file,
)
from herokube.errors import UserError
from herokube.yamlio import dump_yaml

__all__ = ["Key", "Side", "environments_of", "render_side"]


@dataclass(frozen=True, order=True)
class Key:
    """How a resource is told apart; sorted by kind, then namespace and name."""

    kind: str
    namespace: str
    name: str
    api_version: str

    def label(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind} {where} ({self.api_version})"

    def path(self) -> str:
        return "/".join(
            part for part in (self.api_version, self.kind, self.namespace, self.name) if part
        )


@dataclass(frozen=True)
class Side:
    """One side of the diff: ``directory`` holds the repository's files; ``label`` names it."""

    directory: Path
    label: str


def environments_of(repository: Path) -> list[str]:
    return sorted(environment_values(repository))


def _plain(value: Any) -> Any:
    """Plain dicts and lists with every mapping's keys sorted."""
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _values(path: Path, side: Side, environment: str) -> dict[str, Any]:
    if not path.is_file():
        return {}
    where = f"{side.label}: {values_file(environment)}"
    read = read_values(path)
    if read.syntax_error is not None:
        raise UserError(f"not valid YAML: {read.syntax_error.message}", source=where)
    if read.data is None:
        raise UserError(NOT_ONE_MAPPING, source=where)
    return read.data


def render_side(side: Side, environments: list[str]) -> dict[str, dict[Key, Any]]:
    """{environment: {key: object}}; a side without a chart renders to nothing."""
    from helm_python import HelmError

    from herokube.validate.documents import parse_manifests

    chart_dir = chart_directory(side.directory)
    if chart_dir is None:
        return {env: {} for env in environments}
    loaded = load_chart(chart_dir, side.directory)
    result: dict[str, dict[Key, Any]] = {}
    for environment in environments:
        env_file = side.directory / values_file(environment)
        if environment != DEFAULT_ENVIRONMENT and not env_file.is_file():
            result[environment] = {}  # the environment does not exist on this side
            continue
        namespace = loaded.namespace(environment)
        values = _values(env_file, side, environment)
        try:
            rendered = loaded.render(values, environment)
        except HelmError as error:
            message = " ".join(str(error).split())
            raise UserError(
                f"the chart does not render: {message}", source=f"{side.label}: {environment}"
            ) from None
        objects: dict[Key, Any] = {}
        for file, text in loaded.documents(rendered):
            manifests, _ = parse_manifests(text, environment=environment, file=file)
            for manifest in manifests:
                resource = manifest.resource
                key = Key(
                    resource.kind,
                    manifest.namespace or namespace,
                    resource.name,
                    resource.api_version,
                )
                objects[key] = _plain(manifest.data)
        result[environment] = objects
    return result


def normalized(data: Any) -> str:
    """The text a resource is compared and shown as."""
    return dump_yaml(data)
