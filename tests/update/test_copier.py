"""`.copier-answers.yml` stays Copier's: a tagged template repository works with a plain
`copier update --trust` as well as with `herokube update`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BOOKSHELF, ROOT, commit_all, git, herokube, state

COPIER = Path(sys.executable).with_name("copier")


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """A copy of chart-templates/ as a Git repository with tags v1 and v2."""
    repo = tmp_path / "templates"
    shutil.copytree(ROOT / "chart-templates", repo)
    git(repo, "init", "--quiet", "--initial-branch", "main")
    commit_all(repo, "v1")
    git(repo, "tag", "v1")
    readme = repo / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nTemplate v2: see the runbook in docs/migration.md.\n")
    commit_all(repo, "v2")
    git(repo, "tag", "v2")
    return repo


@pytest.fixture
def from_v1(tmp_path: Path, template_repo: Path) -> Path:
    out = tmp_path / "deploy"
    made = herokube(
        "new",
        BOOKSHELF / "export.json",
        "--source",
        BOOKSHELF / "src",
        "--out",
        out,
        "--template",
        template_repo,
        "--template-ref",
        "v1",
    )
    assert made.code == 0, made.err
    answers = (out / ".copier-answers.yml").read_text()
    assert "_commit: v1\n" in answers and f"_src_path: {template_repo}\n" in answers
    return out


@pytest.mark.skipif(
    not COPIER.exists(), reason="copier's command line is not installed beside Python"
)
def test_plain_copier_update_works(from_v1: Path) -> None:
    done = subprocess.run(
        [str(COPIER), "update", "--trust", "--defaults", "--skip-answered", "."],
        cwd=from_v1,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Template v2: see the runbook" in (from_v1 / "README.md").read_text()
    assert "_commit: v2\n" in (from_v1 / ".copier-answers.yml").read_text()
    # Copier leaves herokube's own files alone.
    assert (from_v1 / ".herokube" / "app.json").is_file()
    assert (from_v1 / "environments" / "staging" / "values.yaml").is_file()


def test_herokube_update_takes_the_newest_tag(from_v1: Path) -> None:
    before = state(from_v1)
    result = herokube("update", from_v1)
    assert result.code == 0, result.out + result.err
    assert "  changed  README.md\n" in result.out
    assert state(from_v1) == before
    branch = result.out.split()[1].rstrip(":")
    assert "Template v2: see the runbook" in git(from_v1, "show", f"{branch}:README.md")
    assert "_commit: v2" in git(from_v1, "show", f"{branch}:.copier-answers.yml")


def test_template_ref_pins_a_version(from_v1: Path) -> None:
    result = herokube("update", from_v1, "--template-ref", "v1")
    assert result.out.startswith("Nothing new"), result.out + result.err
