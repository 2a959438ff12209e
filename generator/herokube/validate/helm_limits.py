"""Helm's own limits: chart file sizes, the chart's total, and the stored release.

Helm 3's chart loader refused a file over 5 MiB (``MaxDecompressedFileSize``; Helm 4 keeps
only the total) and a chart over 100 MiB (``MaxDecompressedChartSize``), both in
``pkg/chart/loader/archive``. Helm stores each release as a Secret (the default storage
driver): the release JSON (chart files, values, rendered manifest), gzipped and base64
encoded, must fit the Secret's 1 MiB. The release size here is an estimate built the same
way from the chart files, the environment's values file and the rendered objects.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping
from pathlib import Path

from herokube.validate.catalog import rule_finding
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding, Resource

__all__ = [
    "MAX_CHART_BYTES",
    "MAX_FILE_BYTES",
    "MAX_RELEASE_BYTES",
    "chart_payload",
    "chart_sizes",
    "release_size",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CHART_BYTES = 100 * 1024 * 1024
MAX_RELEASE_BYTES = 1024 * 1024


def _chart_files(chart: Path) -> list[Path]:
    return sorted(p for p in chart.rglob("*") if p.is_file())


def chart_sizes(repository: Path, chart: Path, values_files: list[Path]) -> list[Finding]:
    """A chart file or values file over 5 MiB (warning), the chart over 100 MiB (error)."""
    findings = []
    total = 0
    for path in [*_chart_files(chart), *values_files]:
        size = path.stat().st_size
        if path.is_relative_to(chart):
            total += size
        if size > MAX_FILE_BYTES:
            where = Resource("", path.relative_to(repository).as_posix(), "", "")
            findings.append(
                rule_finding(
                    where,
                    "helm-file-size",
                    f"{size} bytes: Helm 3 refuses a chart file over {MAX_FILE_BYTES} bytes (5 MiB)",
                )
            )
    if total > MAX_CHART_BYTES:
        where = Resource("", chart.relative_to(repository).as_posix() or ".", "", "")
        findings.append(
            rule_finding(
                where,
                "helm-chart-size",
                f"the chart's files total {total} bytes; Helm refuses a chart over "
                f"{MAX_CHART_BYTES} bytes (100 MiB)",
            )
        )
    return findings


def chart_payload(chart: Path) -> dict[str, str]:
    """The chart's files as a release stores them (base64), read once for every environment."""
    return {
        path.relative_to(chart).as_posix(): base64.b64encode(path.read_bytes()).decode()
        for path in _chart_files(chart)
    }


def release_size(
    chart_files: Mapping[str, str],
    values_path: Path | None,
    values_file: str,
    environment: str,
    manifests: list[Manifest],
) -> list[Finding]:
    """The estimated size of the release Secret Helm would store for this environment.

    ``chart_files``: ``chart_payload(chart)``.
    """
    release = {
        "chart": dict(chart_files),
        "config": values_path.read_text(encoding="utf-8", errors="replace") if values_path else "",
        "manifest": [manifest.data for manifest in manifests],
    }
    payload = json.dumps(release, default=str).encode()
    size = len(base64.b64encode(gzip.compress(payload, compresslevel=9)))
    if size <= MAX_RELEASE_BYTES:
        return []
    return [
        rule_finding(
            Resource(environment, values_file, "", ""),
            "helm-release-size",
            f"the release Helm stores would be about {size} bytes (gzip + base64); its Secret "
            f"holds at most {MAX_RELEASE_BYTES} bytes (1 MiB), so the install fails",
        )
    ]
