"""The code stays mypy-strict and ruff-clean (STYLE.md 17): CI fails the day it does not."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from herokube_testing import REPO_ROOT

CODE = ["generator", "tests", "benchmarks", "scripts"]
CHECKS = {
    "ruff lint": ["-m", "ruff", "check", *CODE],
    "ruff format": ["-m", "ruff", "format", "--check", *CODE],
    "mypy strict": ["-m", "mypy"],
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_code_is_clean(name: str) -> None:
    tool = CHECKS[name][1]
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install '.[test]')")
    done = subprocess.run(
        [sys.executable, *CHECKS[name]], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
