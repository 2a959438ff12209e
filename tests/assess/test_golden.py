"""Golden files: `herokube assess` on every example, in every format."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from .conftest import CliResult

CASES = {
    "bookshelf": ("examples/bookshelf/export.json", "--source", "examples/bookshelf/src"),
    "bookshelf-export": ("examples/bookshelf/export.json",),
    "notes-api": ("examples/notes-api/src",),
    "hello-minimal": ("examples/hello-minimal/export.json",),
    "fleet": (
        "examples/bookshelf/export.json",
        "examples/notes-api/src",
        "examples/hello-minimal/export.json",
        "--env",
        "staging",
        "--env",
        "production",
    ),
}
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.mark.parametrize("output_format", sorted(EXTENSIONS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(
    case: str,
    output_format: str,
    herokube: Callable[..., CliResult],
    golden: Callable[[str, str], None],
) -> None:
    result = herokube("assess", *CASES[case], "--format", output_format)
    assert (result.code, result.err) == (0, "")
    if output_format == "json":
        assert json.loads(result.out)["schema"] == "herokube-assessment/v1"
    golden(f"{case}.{EXTENSIONS[output_format]}", result.out)


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_fits_100_columns(case: str, herokube: Callable[..., CliResult]) -> None:
    result = herokube("assess", *CASES[case])
    too_long = [line for line in result.out.splitlines() if len(line) > 100]
    assert too_long == []


def test_the_same_input_gives_the_same_bytes(herokube: Callable[..., CliResult]) -> None:
    first = herokube("assess", *CASES["fleet"], "--format", "json").out
    assert herokube("assess", *CASES["fleet"], "--format", "json").out == first
