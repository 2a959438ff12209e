"""Every example, generated with `herokube new`, validates clean (and so does its checked-in copy).

The examples come from the one registry (``herokube_testing.EXAMPLE_LIST``); an example that
``herokube new`` cannot generate fails here, it is never skipped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from herokube.validate import ValidateOptions, validate_repository
from herokube.validate.report import to_text
from herokube_testing import EXAMPLE_BY_NAME, EXAMPLE_NAMES


def _generate(name: str, out: Path) -> subprocess.CompletedProcess[str]:
    """``herokube new`` as a user runs it: a new process, through ``python -m herokube``."""
    return subprocess.run(
        [sys.executable, "-m", "herokube", "new", *EXAMPLE_BY_NAME[name].args, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_generated_example_validates_clean(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    done = _generate(name, out)
    assert done.returncode == 0, f"herokube new could not generate {name}:\n{done.stderr}"
    report = validate_repository(ValidateOptions(directory=out))
    assert report.findings == [], to_text(report)
    assert report.resources, "nothing was checked"
    assert {r.file for r in report.resources} >= {
        "argocd/project.yaml",
        "chart/templates/deployment.yaml",
    }


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_checked_in_example_repository_validates_clean(name: str) -> None:
    report = validate_repository(ValidateOptions(directory=EXAMPLE_BY_NAME[name].repository))
    assert report.findings == [], to_text(report)
    files = {r.file for r in report.resources}
    assert "argocd/project.yaml" in files and "chart/templates/deployment.yaml" in files
