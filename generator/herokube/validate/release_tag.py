"""production-image-tag: a production environment deploys a release, not a placeholder tag.

A chart's ``image.tag`` defaults to something so that it renders: herokube's charts to the
chart's version (``0.1.0``) when no release commit was known, other charts to
``.Chart.AppVersion`` or an empty string. No image carries that tag, so the first production
sync would pull nothing. The rule finds the containers that run the chart's own image
(``image.repository`` of the merged values) in the environments ``.copier-answers.yml``
marks ``production: true``, and refuses an empty tag, the chart's version and the usual
stand-in words. Non-production environments may start at a placeholder: CI promotes into them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from herokube.chartrepo import read_values
from herokube.validate.catalog import rule_finding
from herokube.validate.findings import Finding, Resource
from herokube.validate.workspace import Workspace, as_dict

__all__ = ["PLACEHOLDER_WORDS", "production_image_tag"]

PLACEHOLDER_WORDS = frozenset(
    {"changeme", "change-me", "dummy", "placeholder", "replace-me", "replaceme", "tbd", "todo"}
)
"""Tags people write for "not decided yet" (compared lower-case)."""


def _mapping(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    try:
        return read_values(path).data or {}
    except (OSError, UnicodeDecodeError):
        return {}  # an unreadable file is reported by the values rules


def _chart_version(chart: Path) -> str:
    data = _mapping(chart / "Chart.yaml")
    return str(data.get("version") or "")


def _image_repository(chart: Path, values_path: Path | None) -> str:
    """``image.repository`` as Helm merges it: the environment's over the chart's."""
    for values in (_mapping(values_path), _mapping(chart / "values.yaml")):
        repository = as_dict(values.get("image")).get("repository")
        if isinstance(repository, str) and repository:
            return repository
    return ""


def _placeholder(tag: str, chart_version: str) -> str:
    """Why ``tag`` names no release (``""`` when it names one)."""
    if not tag:
        return "is unset"
    if tag == chart_version:
        return "is the chart's version, a placeholder"
    if tag.lower() in PLACEHOLDER_WORDS:
        return "is a placeholder"
    return ""


def production_image_tag(
    workspace: Workspace, chart: Path, values_path: Path | None, where: Resource
) -> list[Finding]:
    """Findings for the chart's own image at a placeholder tag, in a production environment.

    ``where`` is the environment's values file, where the fix goes; call this only for an
    environment the answers mark production.
    """
    repository = _image_repository(chart, values_path)
    if not repository:
        return []
    chart_version = _chart_version(chart)
    findings: list[Finding] = []
    seen: set[str] = set()
    for workload in workspace.workloads:
        for container in workload.containers("initContainers", "containers"):
            image = str(container.data.get("image") or "")
            if "@" in image or not (image == repository or image.startswith(f"{repository}:")):
                continue  # a digest pins a release; another image is not the chart's own
            tag = image[len(repository) + 1 :]
            problem = _placeholder(tag, chart_version)
            if problem and image not in seen:
                seen.add(image)
                findings.append(
                    rule_finding(
                        where,
                        "production-image-tag",
                        f"production deploys {image!r}: the tag {tag!r} {problem}; set "
                        "image.tag to the tag CI pushed (the release's full commit SHA)",
                        field="image.tag",
                    )
                )
    return findings
