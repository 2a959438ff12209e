"""Helpers for diff tests: a small hand-written chart in a
temporary Git repository (so expected output does not follow template changes), the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from herokube_testing import CliRun, run_herokube

IDENTITY = ("-c", "user.name=Team Member", "-c", "user.email=team@example.com")

CHART = {
    "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
    "chart/values.yaml": "replicas: 1\nconfig:\n  GREETING: hello\n",
    "chart/templates/configmap.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n"
        "data:\n{{ toYaml .Values.config | indent 2 }}\n"
    ),
    "chart/templates/deployment.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n"
        "  labels:\n    app: web\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    metadata:\n"
        "      annotations:\n"
        '        checksum/config: {{ printf "%s%s" (toYaml .Values.config) (.Values.salt | default "") | sha256sum | trunc 12 }}\n'
        "    spec:\n      containers:\n        - name: web\n          image: shop:1\n"
    ),
    "environments/dev/values.yaml": "replicas: 1\n",
    "environments/staging/values.yaml": "replicas: 1\n",
    "environments/prod/values.yaml": "replicas: 2\n",
}


Run = CliRun
herokube = run_herokube


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A chart with three environments, committed on main."""
    repo = tmp_path / "shop-deploy"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch", "main")
    write(repo, CHART)
    commit(repo, "chart")
    return repo
