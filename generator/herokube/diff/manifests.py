"""Render the chart of one side (a Git ref or the working tree) for every environment.

Rendering reuses ``herokube validate``'s Helm loader and manifest parser, with the same
release name (the chart's name) and namespace (``<chart>-<environment>``), but only renders:
no lint, no schema, so a diff stays fast. Each object is keyed by
``apiVersion/kind/namespace/name`` and normalised: keys sorted, dumped as block YAML.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herokube.errors import UserError
from herokube.update.gitcmd import Git
from herokube.yamlio import dump_yaml

__all__ = ["Key", "Side", "environments_of", "extract_ref", "promotion_order", "render_side"]


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


def extract_ref(git: Git, commit: str, destination: Path) -> None:
    """Write the files of ``commit`` into ``destination`` (``git archive``, nothing checked out)."""
    data = git.run("archive", "--format=tar", commit).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(destination, filter="data")


def _chart_directory(repository: Path) -> Path | None:
    for candidate in (repository / "chart", repository):
        if (candidate / "Chart.yaml").is_file():
            return candidate
    return None


def environments_of(repository: Path) -> list[str]:
    folder = repository / "environments"
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob("*/values.yaml") if p.is_file())


def promotion_order(repository: Path) -> list[str]:
    """Environment names in the order ``.copier-answers.yml`` lists them (dev → prod)."""
    from herokube.errors import UserError as _Unreadable
    from herokube.yamlio import load_yaml_file

    path = repository / ".copier-answers.yml"
    try:
        answers = load_yaml_file(path) if path.is_file() else None
    except _Unreadable:
        return []
    entries = answers.get("environments") if isinstance(answers, dict) else None
    if not isinstance(entries, list):
        return []
    return [str(e["name"]) for e in entries if isinstance(e, dict) and "name" in e]


def _plain(value: Any) -> Any:
    """Plain dicts and lists with every mapping's keys sorted."""
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _values(path: Path, side: Side, environment: str) -> dict[str, Any]:
    from herokube.validate.yamlload import YamlSyntaxError, load_documents

    if not path.is_file():
        return {}
    where = f"{side.label}: environments/{environment}/values.yaml"
    try:
        documents = load_documents(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        raise UserError(f"not valid YAML: {error.message}", source=where) from None
    if not documents:
        return {}
    if len(documents) > 1 or not isinstance(documents[0].data, dict):
        raise UserError("a values file must be one mapping", source=where)
    return dict(documents[0].data)


def render_side(side: Side, environments: list[str]) -> dict[str, dict[Key, Any]]:
    """{environment: {key: object}}; a side without a chart renders to nothing."""
    from helm_python import HelmError

    from herokube.validate.documents import parse_manifests
    from herokube.validate.helm import load_chart

    chart_dir = _chart_directory(side.directory)
    if chart_dir is None:
        return {env: {} for env in environments}
    loaded = load_chart(chart_dir, side.directory)
    result: dict[str, dict[Key, Any]] = {}
    for environment in environments:
        env_file = side.directory / "environments" / environment / "values.yaml"
        if environment != "default" and not env_file.is_file():
            result[environment] = {}  # the environment does not exist on this side
            continue
        namespace = f"{loaded.name}-{environment}"
        values = _values(env_file, side, environment)
        try:
            rendered = loaded.chart.render(
                values, name=loaded.name, namespace=namespace, is_install=True
            )
        except HelmError as error:
            message = " ".join(str(error).split())
            raise UserError(
                f"the chart does not render: {message}", source=f"{side.label}: {environment}"
            ) from None
        objects: dict[Key, Any] = {}
        for template in sorted(rendered):
            text = rendered[template]
            if template.endswith("NOTES.txt") or not text.strip():
                continue
            manifests, _ = parse_manifests(
                text, environment=environment, file=loaded.file_of(template)
            )
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
