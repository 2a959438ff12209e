"""What herokube knows about a generated repository's layout, and rendering one environment.

A repository holds a Helm chart in ``chart/`` (or at its root, for any chart repository laid
out the same way), one ``environments/<env>/values.yaml`` per environment, and
``.copier-answers.yml``, whose ``environments`` list gives the promotion order (dev → prod).
Each environment renders with Helm's own engine (helm-python-sdk) as an install, release
name = the chart's name, namespace = ``<chart>-<environment>``. ``validate``, ``diff`` and
``update`` read the repository through this module only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from herokube.errors import UserError
from herokube.yamldocs import Duplicate, YamlSyntaxError, load_documents

if TYPE_CHECKING:
    import helm_python

__all__ = [
    "ANSWERS_FILE",
    "CHART_DIRECTORY",
    "DEFAULT_ENVIRONMENT",
    "NOT_ONE_MAPPING",
    "REVIEW_ENVIRONMENT",
    "LoadedChart",
    "ValuesFile",
    "chart_directory",
    "environment_values",
    "load_chart",
    "namespace_of",
    "production_environments",
    "promotion_order",
    "read_values",
    "values_file",
]

CHART_DIRECTORY = "chart"
ENVIRONMENTS_DIRECTORY = "environments"
ANSWERS_FILE = ".copier-answers.yml"
DEFAULT_ENVIRONMENT = "default"
"""The one environment of a chart without ``environments/``: the chart's own values."""
NOT_ONE_MAPPING = "a values file must be one mapping"
REVIEW_ENVIRONMENT = "review"
"""``environments/review/``: the values every pull request's review app shares. It renders and
validates like any environment but is not in the promotion order (nothing is promoted to or
from it): the ApplicationSet in ``argocd/review-apps.yaml`` deploys it, once per pull request."""


def chart_directory(repository: Path) -> Path | None:
    """``chart/`` when it holds a Chart.yaml, else the repository itself when it does."""
    for candidate in (repository / CHART_DIRECTORY, repository):
        if (candidate / "Chart.yaml").is_file():
            return candidate
    return None


def values_file(environment: str) -> str:
    """``environments/<env>/values.yaml``: the file a person edits, relative to the repository."""
    return f"{ENVIRONMENTS_DIRECTORY}/{environment}/values.yaml"


def environment_values(repository: Path) -> dict[str, Path]:
    """{environment: its values.yaml} for every ``environments/<env>/values.yaml``."""
    folder = repository / ENVIRONMENTS_DIRECTORY
    if not folder.is_dir():
        return {}
    return {p.parent.name: p for p in sorted(folder.glob("*/values.yaml")) if p.is_file()}


def _answered_environments(repository: Path) -> list[dict[str, Any]]:
    """The ``environments`` entries of ``.copier-answers.yml`` (none when it is unreadable)."""
    from herokube.yamlio import load_yaml_file_fast

    path = repository / ANSWERS_FILE
    try:
        answers = load_yaml_file_fast(path) if path.is_file() else None
    except UserError:  # unreadable answers: no order, names sort alphabetically
        return []
    entries = answers.get("environments") if isinstance(answers, dict) else None
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and "name" in e]


def promotion_order(repository: Path) -> list[str]:
    """Environment names in the order ``.copier-answers.yml`` lists them (dev → prod)."""
    return [str(e["name"]) for e in _answered_environments(repository)]


def production_environments(repository: Path) -> frozenset[str]:
    """The environments ``.copier-answers.yml`` marks ``production: true``."""
    return frozenset(
        str(e["name"]) for e in _answered_environments(repository) if e.get("production") is True
    )


def namespace_of(chart_name: str, environment: str) -> str:
    return f"{chart_name}-{environment}"


@dataclass(frozen=True)
class ValuesFile:
    """One values file as read: ``data`` is None when it is not YAML or not one mapping."""

    data: dict[str, Any] | None
    duplicates: tuple[Duplicate, ...] = ()
    syntax_error: YamlSyntaxError | None = None


def read_values(path: Path) -> ValuesFile:
    """Read a values file strictly (duplicate keys are kept for the caller to report).

    Raises:
        OSError, UnicodeDecodeError: the file cannot be read.
    """
    try:
        documents = load_documents(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        return ValuesFile(None, syntax_error=error)
    duplicates = tuple(d for document in documents for d in document.duplicates)
    if not documents:
        return ValuesFile({}, duplicates)
    if len(documents) > 1 or not isinstance(documents[0].data, dict):
        return ValuesFile(None, duplicates)
    return ValuesFile(dict(documents[0].data), duplicates)


@dataclass
class LoadedChart:
    """A chart loaded once and shared by every environment."""

    chart: helm_python.Chart
    directory: Path
    relative: str  # the chart directory relative to the repository, e.g. "chart"
    name: str

    def file_of(self, template: str) -> str:
        """``demo/templates/x.yaml`` (Helm's key) → ``chart/templates/x.yaml`` (the repo path)."""
        _, _, rest = template.partition("/")
        return f"{self.relative}/{rest}" if self.relative not in ("", ".") else rest

    def namespace(self, environment: str) -> str:
        return namespace_of(self.name, environment)

    def render(self, values: dict[str, Any], environment: str) -> dict[str, str]:
        """{template: text} as ``helm install`` would render it for ``environment``.

        Raises:
            helm_python.HelmError: the chart does not render with these values.
        """
        return self.chart.render(
            values, name=self.name, namespace=self.namespace(environment), is_install=True
        )

    def documents(self, rendered: Mapping[str, str]) -> Iterator[tuple[str, str]]:
        """(repository file, text) of every rendered template that holds objects, in order."""
        for template in sorted(rendered):
            text = rendered[template]
            if template.endswith("NOTES.txt") or not text.strip():
                continue
            yield self.file_of(template), text


def load_chart(directory: Path, repository: Path) -> LoadedChart:
    """Load the chart, or raise UserError (exit 2) when it cannot be read."""
    # Imported here: Helm's engine is a large library the CLI's --help must not wait for.
    import helm_python
    from helm_python import HelmError

    if not (directory / "Chart.yaml").is_file():
        raise UserError("no Chart.yaml: not a Helm chart", source=str(directory))
    try:
        chart = helm_python.Chart.load(directory)
        name = chart.name
    except HelmError as error:
        raise UserError(f"cannot load the chart: {error}", source=str(directory)) from None
    relative = directory.resolve().relative_to(repository.resolve()).as_posix()
    return LoadedChart(chart, directory, relative, name)
