"""Repositories whose workflows the tests read: every example, an app with a Heroku CI test
environment (hostile scripts, aliased add-ons, another registry) and the same app ``--into``."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from workflow_scenarios import heroku_ci_app

from herokube_testing import EXAMPLE_ARGS, run_herokube


def _git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def _checkout_branch(repo: Path, branch: str, out: Path) -> Path:
    """The files of ``branch`` in a plain folder (no worktree is left behind)."""
    for name in _git(repo, "ls-tree", "-r", "--name-only", branch).split():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_git(repo, "show", f"{branch}:{name}"), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The repository each scenario writes, made once per session."""
    made: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name in made:
            return made[name]
        base = tmp_path_factory.mktemp(name)
        out = base / "repo"
        if name in EXAMPLE_ARGS:
            run = run_herokube("new", *EXAMPLE_ARGS[name], "--out", out)
        elif name == "heroku-ci":
            app = heroku_ci_app(base / "shop")
            run = run_herokube(
                "new",
                app,
                "--out",
                out,
                "--image",
                "registry.example.com/acme/shop",
                "--repo-url",
                "https://github.com/acme/shop-deploy.git",
                "--image-tag",
                "1.0.0",
            )
        else:
            app = heroku_ci_app(base / "shop")
            _git(app, "init", "--quiet", "--initial-branch=main")
            _git(app, "add", "-A")
            _git(app, "commit", "--quiet", "-m", "app")
            run = run_herokube("new", app, "--into", app)
            out = _checkout_branch(app, "herokube/kubernetes", base / "branch")
        assert run.code == 0, run.err
        made[name] = out
        return out

    return make
