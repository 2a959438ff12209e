"""load/reading.py: the bounded reader every input goes through."""

from __future__ import annotations

from pathlib import Path

import pytest

from herokube.errors import UserError
from herokube.load.reading import (
    MAX_INTEGER_DIGITS,
    MAX_JSON_DEPTH,
    inside_tree,
    parse_json,
    read_json_file,
    read_text_file,
)


def test_depth_at_the_limit_is_read_and_one_more_is_refused() -> None:
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, source="f") is not None
    deeper = MAX_JSON_DEPTH + 1
    with pytest.raises(UserError, match="nested deeper than 64 levels"):
        parse_json("[" * deeper + "]" * deeper, source="f")


def test_objects_count_towards_depth() -> None:
    text = '{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(UserError, match="nested deeper"):
        parse_json(text, source="f")


def test_nesting_beyond_the_recursion_limit_is_one_error() -> None:
    with pytest.raises(UserError, match="nested deeper") as caught:
        parse_json("[" * 100_000 + "]" * 100_000, source="deep.json")
    assert caught.value.line().startswith("deep.json: ")


def test_integers_are_bounded() -> None:
    assert parse_json("-" + "9" * MAX_INTEGER_DIGITS, source="f") == -int("9" * 19)
    with pytest.raises(UserError, match="an integer of 20 digits"):
        parse_json("9" * (MAX_INTEGER_DIGITS + 1), source="f")


@pytest.mark.parametrize("text", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(text: str) -> None:
    with pytest.raises(UserError):
        parse_json(f"[{text}]", source="f")


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(UserError, match="line 2 column 1"):
        parse_json('{"a": 1,\n}', source="f")


def test_bom_is_dropped_and_latin1_is_read_byte_for_byte(tmp_path: Path) -> None:
    bom = tmp_path / "bom"
    bom.write_bytes(b"\xef\xbb\xbfweb: x\n")
    assert read_text_file(bom).text == "web: x\n"
    assert read_text_file(bom).encoding == "utf-8-sig"
    latin = tmp_path / "latin"
    latin.write_bytes(b"web: caf\xe9\n")
    assert read_text_file(latin).text == "web: café\n"
    assert read_text_file(latin).encoding == "latin-1"
    with pytest.raises(UserError, match=r"not UTF-8 text \(byte 0xe9 at offset 8\)"):
        read_text_file(latin, latin1=False)


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 2048 + b"]")
    assert read_json_file(big, limit=4096) == []
    with pytest.raises(UserError, match="larger than"):
        read_json_file(big, limit=1024)


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        read_text_file(tmp_path / "absent")
    with pytest.raises(UserError, match="is a directory"):
        read_text_file(tmp_path)


def test_symlinks_inside_the_tree_are_followed_and_outside_refused(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "config").mkdir(parents=True)
    (tree / "config" / "Procfile.real").write_text("web: x\n", encoding="utf-8")
    (tree / "Procfile").symlink_to("config/Procfile.real")
    assert read_text_file(tree / "Procfile", root=tree).text == "web: x\n"
    (tmp_path / "secret").write_text("x", encoding="utf-8")
    (tree / "escape").symlink_to("../secret")
    assert not inside_tree(tree / "escape", tree)
    with pytest.raises(UserError, match="leaves the source tree"):
        read_text_file(tree / "escape", root=tree)


def test_symlink_loop_is_not_inside(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(UserError):
        read_text_file(tmp_path / "a", root=tmp_path)
