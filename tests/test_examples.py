"""Each example's checked-in repository is what the current herokube writes.

Stale after a template or planner change? `python -m pytest tests/test_examples.py --update-golden`
rewrites them; review the diff like any other change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from herokube.load import resolve_inputs
from herokube.pipeline import plan_from_inputs
from herokube.plan import PlanOptions
from herokube.render.repository import Template, render_tree
from herokube_testing import EXAMPLE_BY_NAME, EXAMPLE_NAMES, EXAMPLES


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_example_folder_is_registered() -> None:
    """examples/<name>/ and herokube_testing.EXAMPLE_LIST name the same examples."""
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert folders == list(EXAMPLE_NAMES)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_checked_in_repository_is_current(
    example: str, tmp_path: Path, update_golden: bool
) -> None:
    registered = EXAMPLE_BY_NAME[example]
    rendered = tmp_path / "repository"
    rendered.mkdir()
    inputs = resolve_inputs(registered.source, registered.paired_source)
    options = PlanOptions(image_tag=registered.image_tag)
    render_tree(plan_from_inputs(inputs, options), rendered, Template())
    expected_dir = registered.repository
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(rendered, expected_dir)
        return
    actual, expected = _files(rendered), _files(expected_dir)
    problems = [
        f"missing from examples/{example}/repository: {n}"
        for n in sorted(actual.keys() - expected.keys())
    ]
    problems += [
        f"extra in examples/{example}/repository: {n}"
        for n in sorted(expected.keys() - actual.keys())
    ]
    for name in sorted(actual.keys() & expected.keys()):
        if actual[name] != expected[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(),
                actual[name].splitlines(),
                f"checked-in/{name}",
                f"rendered/{name}",
                lineterm="",
            )
            problems.append("\n".join(diff))
    assert not problems, "stale example (regenerate with --update-golden):\n" + "\n".join(problems)
