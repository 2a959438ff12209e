"""herokube update: v1 → commit → team edit → v2 → update → assert (each in a temporary repo)."""

from __future__ import annotations

import shutil
from pathlib import Path

from herokube import __version__
from herokube_testing import grow_bookshelf_export

from .conftest import (
    BOOKSHELF,
    ROOT,
    changed_export,
    commit_all,
    git,
    herokube,
    state,
)

BRANCH = f"herokube/update-{__version__}"


def _branch_file(repo: Path, path: str, branch: str = BRANCH) -> str:
    return git(repo, "show", f"{branch}:{path}")


def test_nothing_new_makes_no_commit_and_no_branch(bookshelf: Path) -> None:
    before = state(bookshelf)
    pristine = git(bookshelf, "rev-parse", "herokube/pristine")

    result = herokube("update", bookshelf)

    assert (result.code, result.out) == (
        0,
        "Nothing new: the render equals the last one; no branch created.\n",
    )
    assert state(bookshelf) == before
    assert git(bookshelf, "rev-parse", "herokube/pristine") == pristine
    assert git(bookshelf, "branch", "--list", "herokube/update-*") == ""


def test_new_creates_the_pristine_branch_and_the_record(bookshelf: Path) -> None:
    assert git(bookshelf, "rev-parse", "herokube/pristine") == git(bookshelf, "rev-parse", "main")
    record = (bookshelf / ".herokube" / "app.json").read_text(encoding="utf-8")
    assert '"sha256"' in record and "3b0c44298fc1c149" not in record  # secret hashes are dropped


def test_team_edits_survive_and_the_new_export_comes_in(
    bookshelf: Path, tmp_path: Path, source_copy: Path
) -> None:
    values = bookshelf / "environments" / "staging" / "values.yaml"
    values.write_text(
        values.read_text().replace(
            "remoteKey: bookshelf/staging", "remoteKey: team/bookshelf-staging"
        )
    )
    (bookshelf / "README.md").write_text(
        (bookshelf / "README.md").read_text() + "\nOn call: #books-oncall\n"
    )
    (bookshelf / "chart" / "templates" / "team-configmap.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-team\ndata:\n  owner: books\n"
    )
    team = commit_all(bookshelf, "Team edits")
    before = state(bookshelf)
    export = changed_export(tmp_path, grow_bookshelf_export)
    (source_copy / "Procfile").write_text(
        (source_copy / "Procfile").read_text() + "mailer: bundle exec rake mailer:run\n"
    )

    result = herokube("update", bookshelf, "--export", export, "--source", source_copy)

    assert result.code == 0, result.out + result.err
    assert result.out.startswith(f"Branch {BRANCH}: main + the new render")
    assert "  chart version 0.1.1\n" in result.out
    assert "  changed  chart/values.yaml\n" in result.out
    assert state(bookshelf) == before  # the team's branch, index and files are untouched
    assert git(bookshelf, "rev-parse", f"{BRANCH}^1") == team
    assert git(bookshelf, "rev-parse", f"{BRANCH}^2") == git(
        bookshelf, "rev-parse", "herokube/pristine"
    )
    # Every team edit is kept ...
    assert "remoteKey: team/bookshelf-staging" in _branch_file(
        bookshelf, "environments/staging/values.yaml"
    )
    assert "On call: #books-oncall" in _branch_file(bookshelf, "README.md")
    assert "owner: books" in _branch_file(bookshelf, "chart/templates/team-configmap.yaml")
    # ... and the export's changes came in.
    chart_values = _branch_file(bookshelf, "chart/values.yaml")
    assert "mailer:" in chart_values and "MAILER_FROM: books@example.com" in chart_values
    assert "mailer:" in _branch_file(bookshelf, "environments/staging/values.yaml")
    assert "SENTRY_DSN" not in _branch_file(bookshelf, "chart/values.yaml")
    assert "SENTRY_DSN" not in _branch_file(bookshelf, ".copier-answers.yml")
    assert 'version: "0.1.1"' in _branch_file(bookshelf, "chart/Chart.yaml")
    assert "chart_version: 0.1.1" in _branch_file(bookshelf, ".copier-answers.yml")

    # The merged branch renders and validates; the new Deployment and ConfigMap key are there.
    checkout = tmp_path / "review"
    git(bookshelf, "worktree", "add", "--quiet", str(checkout), BRANCH)
    validated = herokube("validate", checkout)
    assert validated.code == 0, validated.out
    diff = herokube("diff", checkout, "--base", "main", "--env", "staging")
    assert diff.code == 0, diff.err
    assert "+ added   Deployment bookshelf-staging/bookshelf-mailer (apps/v1)" in diff.out
    assert "+  MAILER_FROM: books@example.com" in diff.out
    assert "-        property: SENTRY_DSN" in diff.out
    assert "bookshelf-team" not in diff.out  # the team's own template is on both sides

    # Running it again: the render equals the pristine branch now.
    git(bookshelf, "worktree", "remove", str(checkout))
    again = herokube("update", bookshelf, "--export", export, "--source", source_copy)
    assert again.out.startswith("Nothing new"), again.out


def test_same_line_changed_by_template_and_team_is_a_listed_conflict(
    bookshelf: Path, tmp_path: Path
) -> None:
    template = tmp_path / "template"
    shutil.copytree(ROOT / "chart-templates", template)
    readme = template / "README.md.jinja"
    first, rest = readme.read_text().split("\n", 1)
    readme.write_text("# {{ app_name }}: deployment (template v2)\n" + rest)
    service = template / "chart" / "templates" / "service.yaml"
    service.write_text("# Service: the web process, behind the Ingress.\n" + service.read_text())
    (bookshelf / "README.md").write_text(
        "# Bookshelf, as the team calls it\n"
        + (bookshelf / "README.md").read_text().split("\n", 1)[1]
    )
    (bookshelf / "chart" / "templates" / "service.yaml").unlink()
    commit_all(bookshelf, "Team: own title; no Service")
    before = state(bookshelf)

    result = herokube("update", bookshelf, "--template", template)

    assert result.code == 1, result.out + result.err
    assert "1 conflict(s), committed with markers on" in result.out
    assert "  CONFLICT (content) README.md\n" in result.out
    assert (
        "  kept deleted (you deleted it, the template changed it): chart/templates/service.yaml\n"
        in result.out
    )
    assert state(bookshelf) == before
    merged = _branch_file(bookshelf, "README.md")
    assert "<<<<<<< HEAD\n# Bookshelf, as the team calls it\n=======\n" in merged
    pristine = git(bookshelf, "rev-parse", "herokube/pristine")
    assert f"(template v2)\n>>>>>>> {pristine}\n" in merged
    assert git(bookshelf, "ls-tree", "--name-only", BRANCH, "chart/templates/service.yaml") == ""


def test_a_dirty_tree_is_refused(bookshelf: Path) -> None:
    (bookshelf / "README.md").write_text("changed\n")
    result = herokube("update", bookshelf)
    assert result.code == 2
    assert (
        result.err
        == f"herokube: {bookshelf}: has uncommitted changes; commit or stash them, then run herokube update again\n"
    )
    assert git(bookshelf, "branch", "--list", "herokube/update-*") == ""


def test_an_untracked_file_counts_as_dirty(bookshelf: Path) -> None:
    (bookshelf / "notes.txt").write_text("draft\n")
    assert herokube("update", bookshelf).code == 2


def test_a_repository_herokube_did_not_make_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "other"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch", "main")
    (repo / "README.md").write_text("hello\n")
    commit_all(repo, "init")
    result = herokube("update", repo)
    assert result.code == 2
    assert "no .copier-answers.yml on main: not a repository herokube made" in result.err
    assert result.err.count("\n") == 1


def test_a_missing_pristine_branch_is_refused(bookshelf: Path) -> None:
    git(bookshelf, "branch", "--quiet", "-D", "herokube/pristine")
    result = herokube("update", bookshelf)
    assert result.code == 2
    assert "no herokube/pristine branch" in result.err


def test_a_deleted_answers_file_is_refused(bookshelf: Path) -> None:
    git(bookshelf, "rm", "--quiet", ".copier-answers.yml")
    commit_all(bookshelf, "drop answers")
    result = herokube("update", bookshelf)
    assert result.code == 2
    assert "git checkout herokube/pristine -- .copier-answers.yml" in result.err


def test_a_fresh_clone_with_an_empty_home_works(
    bookshelf: Path, tmp_path: Path, monkeypatch, source_copy: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(bookshelf), str(clone))
    assert git(clone, "branch", "--list", "herokube/pristine") == ""
    empty = tmp_path / "empty-home"
    empty.mkdir()
    monkeypatch.setenv("HOME", str(empty))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty / ".gitconfig"))
    export = changed_export(tmp_path, grow_bookshelf_export)

    result = herokube("update", clone, "--export", export, "--source", source_copy)

    assert result.code == 0, result.out + result.err
    assert git(clone, "rev-parse", "herokube/pristine^") == git(
        clone, "rev-parse", "origin/herokube/pristine"
    )
    assert (
        git(clone, "log", "-1", "--format=%an <%ae>", BRANCH, identity=False)
        == "herokube <herokube@users.noreply.localhost>"
    )
    assert not list(empty.iterdir())  # nothing cached in HOME


def test_the_branch_name_gets_a_suffix_when_taken(
    bookshelf: Path, tmp_path: Path, source_copy: Path
) -> None:
    git(bookshelf, "branch", BRANCH)
    result = herokube(
        "update",
        bookshelf,
        "--export",
        changed_export(tmp_path, grow_bookshelf_export),
        "--source",
        source_copy,
    )
    assert result.code == 0, result.err
    assert result.out.startswith(f"Branch {BRANCH}-2:")


def test_export_without_source_is_refused_when_new_had_one(bookshelf: Path, tmp_path: Path) -> None:
    result = herokube(
        "update", bookshelf, "--export", changed_export(tmp_path, grow_bookshelf_export)
    )
    assert result.code == 2
    assert "made with --source" in result.err


def test_rendering_twice_is_byte_identical(tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert (
            herokube(
                "new", BOOKSHELF / "export.json", "--source", BOOKSHELF / "src", "--out", out
            ).code
            == 0
        )
        trees.append(git(out, "rev-parse", "HEAD^{tree}"))
    assert trees[0] == trees[1]


def test_json_output_lists_the_changes(bookshelf: Path, tmp_path: Path) -> None:
    import json as json_module

    data = json_module.loads((BOOKSHELF / "export.json").read_text())
    grow_bookshelf_export(data)
    export = tmp_path / "grown.json"
    export.write_text(json_module.dumps(data))
    result = herokube(
        "update", bookshelf, "--export", export, "--source", BOOKSHELF / "src", "--output", "json"
    )
    assert result.code == 0, result.err
    summary = json_module.loads(result.out)
    assert summary["branch"] == "herokube/update-0.1.0" and summary["conflicts"] == []
    assert {"status": "changed", "path": "chart/values.yaml"} in summary["changes"]
