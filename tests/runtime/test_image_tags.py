"""Every base image herokube writes was published: the tag index and the FROM lines."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from herokube.blueprints import image_tag_index, runtimes_blueprint
from herokube.model import Runtime
from herokube.plan.dockerfile import dockerfile_answers
from herokube.plan.dockerfile.images import image_for

ROOT = Path(__file__).resolve().parents[2]
TAGS = Path("/work/shared/image-tags")
APPS = Path(__file__).resolve().parent / "apps"
CORPUS = Path("/work/shared/corpus")


def _published(image: str) -> set[str]:
    if not TAGS.is_dir():
        pytest.skip(f"published tags not present at {TAGS}")
    return set((TAGS / f"{image}.txt").read_text(encoding="utf-8").split())


def _listed(reference: str) -> bool:
    repository, _, tag = reference.partition(":")
    return tag in _published(repository)


def test_index_is_what_the_script_builds() -> None:
    if not TAGS.is_dir():
        pytest.skip(f"published tags not present at {TAGS}")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_image_tag_index as script
    finally:
        sys.path.pop(0)
    built = script.build(TAGS)
    index = image_tag_index()
    assert set(index) == set(built["patterns"]), "run scripts/build_image_tag_index.py"
    for pattern, versions in built["patterns"].items():
        assert set(index[pattern]) == set(versions), f"{pattern}: run the script"


def _every_version() -> list[tuple[str, str, str, str]]:
    """(language, version, line, image key) for every version the blueprints can produce."""
    cases = []
    for name, language in runtimes_blueprint().languages.items():
        fields = ("image", "build_image", "runtime_image", "apache_image", "fpm_image")
        fields += ("maven_image", "gradle_image")
        keys = {k for k in fields if getattr(language, k, None)}
        keys |= {k for spec in language.lines.values() for k in fields if getattr(spec, k, None)}
        for line, spec in language.lines.items():
            for key in sorted(keys):
                cases.append((name, spec.latest, line, key))
    return cases


@pytest.mark.parametrize(("language", "version", "line", "key"), _every_version())
def test_every_line_resolves_to_a_published_tag(
    language: str, version: str, line: str, key: str
) -> None:
    choice = image_for(language, version, line, key)
    if "/" in choice.image.split(":", 1)[0]:
        pytest.skip("not an official image: its tags are not in the published list")
    assert _listed(choice.image), choice.image
    assert choice.notices == ()


def test_every_exact_version_in_the_index_resolves_to_a_published_tag() -> None:
    checked = 0
    for language, spec in runtimes_blueprint().languages.items():
        for key in ("image", "build_image", "apache_image", "fpm_image"):
            pattern = getattr(spec, key)
            if not pattern or pattern not in image_tag_index():
                continue
            for version in image_tag_index()[pattern]:
                if version.count(".") != 2:
                    continue
                line = ".".join(version.split(".")[: 1 if spec.line == "major" else 2])
                choice = image_for(language, version, line, key)
                assert _listed(choice.image), choice.image
                assert choice.notices == ()
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("language", "version", "line", "expected"),
    [
        ("ruby", "2.6.0", "2.6", "ruby:2.6.0-slim-stretch"),
        ("ruby", "3.0.7", "3.0", "ruby:3.0.7-slim-bullseye"),
        ("node", "14.7.0", "14", "node:14.7.0-buster-slim"),
        ("node", "4.9.1", "4", "node:4.9.1-slim"),
        ("python", "3.13.1", "3.13", "python:3.13.1-slim-bookworm"),
    ],
)
def test_old_versions_get_the_newest_variant_published_for_them(
    language: str, version: str, line: str, expected: str
) -> None:
    assert image_for(language, version, line, "image").image == expected


def test_unpublished_version_uses_the_nearest_published_with_a_notice() -> None:
    choice = image_for("ruby", "3.3.99", "3.3", "image")
    assert re.fullmatch(r"ruby:3\.3\.\d+-slim-bookworm", choice.image)
    assert _listed(choice.image)
    assert [n.code for n in choice.notices] == ["image-version-unpublished"]


def _apps() -> list[Path]:
    apps = sorted(p for p in APPS.iterdir() if p.is_dir())
    if CORPUS.is_dir():
        apps += sorted(p for p in CORPUS.iterdir() if p.is_dir())
    return apps


@pytest.mark.parametrize("root", _apps(), ids=lambda p: p.name)
def test_every_from_line_names_a_published_tag(root: Path, rt: Any) -> None:
    text, _, _ = rt.render_app(root, root.name)
    images = re.findall(r"^FROM (\S+)", text, re.M)
    stages = set(re.findall(r"^FROM \S+ AS (\S+)", text, re.M))
    official = [i for i in images if i not in stages and "/" not in i.split(":", 1)[0]]
    assert official
    assert [i for i in official if not _listed(i)] == []


def test_unknown_language_image_is_published() -> None:
    answers = dockerfile_answers(Runtime(language="unknown"), {}, app_name="x")
    assert _listed(answers["images"]["build"])


def test_compiled_language_builds_carry_the_image_notices() -> None:
    """Go, Java, Scala and Elixir choose their images through one helper that keeps the notices."""
    from herokube.model import Runtime
    from herokube.plan.dockerfile.compiled import go_build

    build = go_build(
        Runtime(language="go"), {"version_resolved": "1.22.99", "version_line": "1.22"}
    )
    assert _listed(build.build_image)
    assert [n.code for n in build.notices] == ["image-version-unpublished"]
