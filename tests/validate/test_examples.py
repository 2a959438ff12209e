"""Every example under examples/, generated with `herokube new`, validates clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from herokube.validate import ValidateOptions, validate_repository
from herokube.validate.report import to_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(
    p.name for p in EXAMPLES.glob("*/") if (p / "export.json").is_file() or (p / "src").is_dir()
)


def _generate(example: Path, out: Path) -> subprocess.CompletedProcess[str]:
    export, source = example / "export.json", example / "src"
    args = [str(export)] if export.is_file() else [str(source)]
    if export.is_file() and source.is_dir():
        args += ["--source", str(source)]
    return subprocess.run(
        [sys.executable, "-m", "herokube", "new", *args, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.skipif(not NAMES, reason="no examples under examples/")
@pytest.mark.parametrize("name", NAMES)
def test_generated_example_validates_clean(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    done = _generate(EXAMPLES / name, out)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"herokube new could not generate {name}: {last}")
    report = validate_repository(ValidateOptions(directory=out))
    assert report.findings == [], to_text(report)
    assert report.resources, "nothing was checked"
    assert {r.file for r in report.resources} >= {
        "argocd/project.yaml",
        "chart/templates/deployment.yaml",
    }


CHECKED_IN = sorted(p.parents[2].name for p in EXAMPLES.glob("*/repository/chart/Chart.yaml"))


@pytest.mark.skipif(not CHECKED_IN, reason="no checked-in example repositories")
@pytest.mark.parametrize("name", CHECKED_IN)
def test_checked_in_example_repository_validates_clean(name: str) -> None:
    report = validate_repository(ValidateOptions(directory=EXAMPLES / name / "repository"))
    assert report.findings == [], to_text(report)
    files = {r.file for r in report.resources}
    assert "argocd/project.yaml" in files and "chart/templates/deployment.yaml" in files
