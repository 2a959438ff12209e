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
from herokube_testing import EXAMPLES

INPUTS = {
    "bookshelf": (EXAMPLES / "bookshelf" / "export.json", EXAMPLES / "bookshelf" / "src"),
    "notes-api": (EXAMPLES / "notes-api" / "src", None),
    "hello-minimal": (EXAMPLES / "hello-minimal" / "export.json", None),
}


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("example", sorted(INPUTS))
def test_checked_in_repository_is_current(
    example: str, tmp_path: Path, update_golden: bool
) -> None:
    source, paired = INPUTS[example]
    rendered = tmp_path / "repository"
    rendered.mkdir()
    render_tree(
        plan_from_inputs(resolve_inputs(source, paired), PlanOptions()), rendered, Template()
    )
    expected_dir = EXAMPLES / example / "repository"
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
