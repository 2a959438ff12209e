"""herokube.chartrepo: the one module that knows a generated repository's layout."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from herokube.chartrepo import (
    ANSWERS_FILE,
    chart_directory,
    environment_values,
    load_chart,
    promotion_order,
    read_values,
    values_file,
)
from herokube.errors import UserError
from herokube_testing import EXAMPLE_BY_NAME

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "generator" / "herokube"
BOOKSHELF = EXAMPLE_BY_NAME["bookshelf"].repository


def test_layout_of_an_example() -> None:
    assert chart_directory(BOOKSHELF) == BOOKSHELF / "chart"
    found = environment_values(BOOKSHELF)
    assert found and all(path == BOOKSHELF / values_file(env) for env, path in found.items())
    # The answers list the environments in promotion order, every one of them.
    assert sorted(promotion_order(BOOKSHELF)) == sorted(found)


def test_a_chart_at_the_root_and_no_chart(tmp_path: Path) -> None:
    assert chart_directory(tmp_path) is None
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: x\nversion: 0.1.0\n")
    assert chart_directory(tmp_path) == tmp_path
    assert environment_values(tmp_path) == {}


def test_promotion_order_of_unreadable_answers_is_empty(tmp_path: Path) -> None:
    (tmp_path / ANSWERS_FILE).write_text("environments: [unclosed\n")
    assert promotion_order(tmp_path) == []


@pytest.mark.parametrize(
    ("text", "data", "duplicates", "syntax"),
    [
        ("", {}, 0, False),
        ("a: 1\n", {"a": 1}, 0, False),
        ("a: 1\na: 2\n", {"a": 1}, 1, False),
        ("- 1\n", None, 0, False),
        ("a: 1\n---\nb: 2\n", None, 0, False),
        ("a: [1\n", None, 0, True),
    ],
)
def test_read_values(
    tmp_path: Path, text: str, data: object, duplicates: int, syntax: bool
) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(text)
    read = read_values(path)
    assert (read.data, len(read.duplicates), read.syntax_error is not None) == (
        data,
        duplicates,
        syntax,
    )


def test_render_one_environment() -> None:
    loaded = load_chart(BOOKSHELF / "chart", BOOKSHELF)
    environment = sorted(environment_values(BOOKSHELF))[0]
    values = read_values(BOOKSHELF / values_file(environment)).data
    assert values is not None
    files = dict(loaded.documents(loaded.render(values, environment)))
    assert "chart/templates/deployment.yaml" in files
    assert all(text.strip() and not name.endswith("NOTES.txt") for name, text in files.items())
    assert loaded.namespace(environment) == f"bookshelf-{environment}"


def test_load_chart_refuses_a_folder_without_chart(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a Helm chart"):
        load_chart(tmp_path, tmp_path)


def test_only_chartrepo_spells_the_layout() -> None:
    """The answers file's name and the values path are written in chartrepo alone."""
    spelled = []
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        if path.name == "chartrepo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in (ANSWERS_FILE, "environments"):
                spelled.append(f"{path.relative_to(PACKAGE_ROOT)}:{node.lineno} {node.value!r}")
    allowed = {
        # app.json's own "environments" key, and the key of the plan's answers and JSON output.
        "load/appjson.py",
        "plan/values.py",
        "data_option.py",
        "validate/report.py",
        "commands/new.py",
    }
    assert [s for s in spelled if s.split(":")[0] not in allowed] == []
