"""herokube promote on a repository herokube new made: the tag moves, and nothing else does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from herokube.yamlio import load_yaml_file
from herokube_testing import run_herokube

from .conftest import NEW_TAG, commit_all, git, set_text, snapshot, values


def _promoted(before: dict[str, bytes], after: dict[str, bytes], file: str) -> tuple[str, str]:
    """The one file that changed, old and new text; fails when any other file changed."""
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert changed == [file]
    return before[file].decode("utf-8"), after[file].decode("utf-8")


def test_the_tag_moves_and_only_the_tag(repo: Path) -> None:
    before = snapshot(repo)
    run = run_herokube("promote", "dev", "staging", repo)
    assert run.code == 0, run.err
    assert run.err == ""
    assert f"environments/staging/values.yaml: image.tag 1.0.0 → {NEW_TAG} (from dev)" in run.out
    old, new = _promoted(before, snapshot(repo), "environments/staging/values.yaml")
    assert new == old.replace("  tag: 1.0.0\n", f"  tag: {NEW_TAG}\n")
    assert new != old
    assert git(repo, "status", "--porcelain") == "M environments/staging/values.yaml"
    assert git(repo, "log", "--oneline").count("\n") == 1  # nothing committed


def test_comments_quotes_and_a_person_s_layout_are_kept(repo: Path) -> None:
    # A values file as a team edits it: comments everywhere, another list indent, CRLF ends,
    # a double-quoted tag with a comment after it.
    path = values(repo, "staging")
    edited = (
        "# staging: what differs from chart/values.yaml\r\n"
        "environment: staging   # the name Argo CD shows\r\n"
        "image:\r\n"
        "    # the release this environment runs\r\n"
        '    tag: "1.0.0"  # bumped by promotion\r\n'
        "    pullPolicy: Always\r\n"
        "ingress:\r\n"
        "  hosts:\r\n"
        "  - staging.example.com   # not the sequence indent herokube writes\r\n"
        "processes: {web: {replicas: 1}}\r\n"
        "# trailing comment\r\n"
    )
    path.write_bytes(edited.encode("utf-8"))
    commit_all(repo, "the team's own layout")
    run = run_herokube("promote", "dev", "staging", repo)
    assert run.code == 0, run.err
    assert path.read_bytes().decode("utf-8") == edited.replace('"1.0.0"', f'"{NEW_TAG}"')


def test_a_tag_yaml_would_read_as_a_number_is_quoted(repo: Path) -> None:
    set_text(repo, "dev", f"tag: {NEW_TAG}", "tag: '1.10'")
    commit_all(repo, "a version-like tag")
    run = run_herokube("promote", "dev", "staging", repo)
    assert run.code == 0, run.err
    assert "  tag: '1.10'\n" in values(repo, "staging").read_text(encoding="utf-8")
    assert load_yaml_file(values(repo, "staging"))["image"]["tag"] == "1.10"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # image without a tag: the chart's default ran; the tag becomes the mapping's first key.
        ("image:\n  tag: 1.0.0\n", "image:\n  pullPolicy: Always\n"),
        # no image at all: one mapping appended.
        ("image:\n  tag: 1.0.0\n", ""),
    ],
    ids=["image-without-tag", "no-image"],
)
def test_a_file_without_a_tag_gets_one_and_keeps_everything_else(
    repo: Path, old: str, new: str
) -> None:
    set_text(repo, "staging", old, new)
    commit_all(repo, "staging follows the chart's default image")
    before = values(repo, "staging").read_text(encoding="utf-8")
    run = run_herokube("promote", "dev", "staging", repo, "--output", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["previous"] is None
    after = values(repo, "staging").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added in ([f"  tag: {NEW_TAG}"], ["image:", f"  tag: {NEW_TAG}"])
    assert [line for line in after.splitlines() if line not in added] == before.splitlines()
    data = load_yaml_file(values(repo, "staging"))
    assert data["image"]["tag"] == NEW_TAG


def test_the_same_tag_already_there_writes_nothing(repo: Path, tmp_path: Path) -> None:
    assert run_herokube("promote", "dev", "staging", repo).code == 0
    commit_all(repo, "staging promoted")
    before = snapshot(repo)
    body = tmp_path / "body.md"
    run = run_herokube("promote", "dev", "staging", repo, "--body-file", body)
    assert run.code == 0, run.err
    assert f"image.tag is {NEW_TAG} already, as in dev; nothing written" in run.out
    assert snapshot(repo) == before
    assert not body.exists()
    again = run_herokube("promote", "dev", "staging", repo, "-o", "json")
    assert json.loads(again.out)["changed"] is False


def test_allow_skip_promotes_past_an_environment(repo: Path) -> None:
    before = snapshot(repo)
    refused = run_herokube("promote", "dev", "prod", repo)
    assert refused.code == 2
    assert "the environment after dev is staging, not prod" in refused.err
    assert "--allow-skip" in refused.err
    run = run_herokube("promote", "dev", "prod", repo, "--allow-skip")
    assert run.code == 0, run.err
    _promoted(before, snapshot(repo), "environments/prod/values.yaml")


def test_json_output_for_the_workflow(repo: Path) -> None:
    run = run_herokube("promote", "dev", "staging", repo, "-o", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out) == {
        "from": "dev",
        "to": "staging",
        "file": "environments/staging/values.yaml",
        "tag": NEW_TAG,
        "previous": "1.0.0",
        "changed": True,
    }


def test_the_body_is_the_change_and_its_herokube_diff(repo: Path, tmp_path: Path) -> None:
    body = tmp_path / "pull-request.md"
    run = run_herokube("promote", "dev", "staging", repo, "--body-file", body)
    assert run.code == 0, run.err
    text = body.read_text(encoding="utf-8")
    assert text.startswith(f"Promotes image tag `{NEW_TAG}` from **dev** to **staging**")
    assert "### herokube diff:" in text
    assert "| staging | 0 | 1 | 0 |" in text  # the one Deployment, in staging only
    assert "changed | Deployment | hello-minimal-staging | hello-minimal-web" in text
    assert "-          image: ghcr.io/your-org/hello-minimal:1.0.0\n" in text
    assert f"+          image: ghcr.io/your-org/hello-minimal:{NEW_TAG}\n" in text
    assert "hello-minimal-dev" not in text and "hello-minimal-prod" not in text


def test_a_body_that_cannot_be_made_leaves_the_values_as_they_were(repo: Path) -> None:
    """The diff renders the chart; when it cannot, the values file is put back (exit 2)."""
    deployment = repo / "chart" / "templates" / "deployment.yaml"
    deployment.write_text(deployment.read_text(encoding="utf-8") + '\n{{ fail "broken" }}\n')
    commit_all(repo, "a chart that does not render")
    before = snapshot(repo)
    run = run_herokube("promote", "dev", "staging", repo, "--body-file", repo.parent / "b.md")
    assert run.code == 2
    assert len(run.err.splitlines()) == 1 and "broken" in run.err
    assert snapshot(repo) == before
    assert not (repo.parent / "b.md").exists()


def _uncommitted_staging(repo: Path) -> None:
    with values(repo, "staging").open("a", encoding="utf-8") as handle:
        handle.write("# a note not committed yet\n")


def _untagged_dev(repo: Path) -> None:
    set_text(repo, "dev", f"image:\n  tag: {NEW_TAG}\n", "")
    commit_all(repo, "dev runs the chart's default")


def _numeric_tag(repo: Path) -> None:
    set_text(repo, "dev", f"tag: {NEW_TAG}", "tag: 42")
    commit_all(repo, "an unquoted number")


def _no_answers(repo: Path) -> None:
    (repo / ".copier-answers.yml").unlink()
    commit_all(repo, "not herokube's any more")


def _aliased_image(repo: Path) -> None:
    path = values(repo, "staging")
    text = path.read_text(encoding="utf-8").replace("image:\n  tag: 1.0.0\n", "image: *img\n")
    path.write_text("x-defaults: &img\n  tag: 1.0.0\n" + text, encoding="utf-8")
    commit_all(repo, "an anchor shared by two keys")


@pytest.mark.parametrize(
    ("args", "prepare", "message"),
    [
        (("qa", "staging"), None, "FROM: no environment 'qa' (the order is dev → staging → prod)"),
        (("dev", "qa"), None, "TO: no environment 'qa'"),
        (("dev", "prod"), None, "TO: the environment after dev is staging, not prod"),
        (("prod", "staging"), None, "TO: staging does not come after prod"),
        (("staging", "dev", "--allow-skip"), None, "TO: dev does not come after staging"),
        (("staging", "staging"), None, "TO: FROM and TO are both staging"),
        (("dev", "staging"), _untagged_dev, "environments/dev/values.yaml: image.tag: no tag"),
        (
            ("dev", "staging"),
            _numeric_tag,
            "environments/dev/values.yaml: image.tag: must be a string",
        ),
        (("dev", "staging"), _no_answers, "not a repository herokube made"),
        (
            ("dev", "staging"),
            _uncommitted_staging,
            "environments/staging/values.yaml: has uncommitted changes",
        ),
        (
            ("dev", "staging"),
            _aliased_image,
            "environments/staging/values.yaml: image: is an alias",
        ),
    ],
    ids=[
        "unknown-from",
        "unknown-to",
        "not-next",
        "backwards",
        "backwards-with-skip",
        "same",
        "from-without-tag",
        "from-tag-not-a-string",
        "not-herokube",
        "uncommitted-to",
        "alias",
    ],
)
def test_refusals_are_one_line_exit_2_and_write_nothing(
    repo: Path, args: tuple[str, ...], prepare: object, message: str
) -> None:
    if callable(prepare):
        prepare(repo)
    before = snapshot(repo)
    run = run_herokube("promote", *args, repo)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.splitlines()) == 1
    assert run.err.startswith("herokube: ")
    assert message in run.err
    assert snapshot(repo) == before


def test_not_a_git_repository(tmp_path: Path, generated: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in (".copier-answers.yml", "environments"):
        source = generated / name
        if source.is_dir():
            shutil.copytree(source, plain / name)
        else:
            (plain / name).write_bytes(source.read_bytes())
    set_text(plain, "dev", "tag: 1.0.0", f"tag: {NEW_TAG}")
    before = snapshot(plain)
    run = run_herokube("promote", "dev", "staging", plain)
    assert run.code == 2
    assert run.err.strip().endswith("not a Git repository")
    assert snapshot(plain) == before
