"""yamlio.parsed_once: a shipped file is parsed once per content, then read back from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from herokube.errors import UserError
from herokube.yamlio import cache_root, load_yaml_text, parsed_once


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _counting(calls: list[str]) -> Any:
    def parse(text: str) -> Any:
        calls.append(text)
        return load_yaml_text(text, source="test")

    return parse


def test_a_second_read_is_served_from_disk_with_the_same_data(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: [1, 2]\nwhen: 2026-04-30\nno: yes\n", encoding="utf-8")
    calls: list[str] = []
    first = parsed_once(path, _counting(calls), "pure")
    second = parsed_once(path, _counting(calls), "pure")
    assert second == first == load_yaml_text(path.read_text(encoding="utf-8"), source="x")
    assert len(calls) == 1
    assert any((cache_root() / "yaml").iterdir())


def test_an_edited_file_or_another_parser_is_parsed_afresh(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls: list[str] = []
    assert parsed_once(path, _counting(calls), "pure") == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert parsed_once(path, _counting(calls), "pure") == {"a": 2}
    assert parsed_once(path, _counting(calls), "other") == {"a": 2}
    assert len(calls) == 3


def test_an_unreadable_entry_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls: list[str] = []
    parsed_once(path, _counting(calls), "pure")
    for entry in (cache_root() / "yaml").iterdir():
        entry.write_bytes(b"not a pickle")
    assert parsed_once(path, _counting(calls), "pure") == {"a": 1}
    assert len(calls) == 2


def test_a_parse_error_raises_and_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: [1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(UserError, match="not valid YAML"):
            parsed_once(path, lambda text: load_yaml_text(text, source=str(path)), "pure")
    assert not (cache_root() / "yaml").exists() or not any((cache_root() / "yaml").iterdir())
