"""A plain (non-editable) install carries the template, the blueprints and the schemas."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from herokube_testing import EXAMPLES, REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(out),
            str(REPO_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("herokube-*.whl"))


def test_the_wheel_holds_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "herokube/_data/chart-templates/copier.yml",
        "herokube/_data/chart-templates/chart/templates/deployment.yaml",
        "herokube/_data/chart-templates/Dockerfile.jinja",
        "herokube/_data/blueprints/addons.yaml",
        "herokube/_data/blueprints/dyno-sizes.yaml",
        "herokube/_data/blueprints/runtimes.yaml",
        "herokube/_data/blueprints/prices.yaml",
        "herokube/assess/templates/report.html.j2",
        "herokube/schemas/heroku-app-export.v1.schema.json",
    ):
        assert required in names


def test_new_works_from_the_wheel_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this environment; herokube itself only from the wheel, which
    # sits first on the fresh venv's path.
    (site / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    out = tmp_path / "repo"
    result = subprocess.run(
        [
            python,
            "-m",
            "herokube",
            "new",
            str(EXAMPLES / "hello-minimal" / "export.json"),
            "--out",
            str(out),
            "--image-tag",
            "1.0.0",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [python, "-c", "import herokube.resources as r; print(r.template_dir())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(site)) and where.endswith("herokube/_data/chart-templates")
    assert (out / "chart" / "Chart.yaml").is_file() and (out / "Dockerfile").is_file()
