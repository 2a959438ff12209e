"""yamlio.FixedVersionResolver: the version looked up once gives what ruamel's own resolver gives."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml.resolver import VersionedResolver

from herokube import yamldocs, yamlio

TEXTS = [
    "a: yes\nb: on\nc: 0755\nd: 0o755\ne: 1_000\nf: 12:30\ng: ~\nh: .inf\ni: 2026-04-30\n",
    "%YAML 1.1\n---\na: yes\nb: 0755\n",
    "---\nkind: A\nlist: [1, 2.5, true, null, '3']\n---\n---\nkind: B\nx: {y: z}\n",
    "a: 1\na: 2\nb:\n  - c: d\n    c: e\n",
]
DATA: list[Any] = [
    {"a": "yes", "b": "0755", "c": 1, "d": 2.5, "e": None, "f": True, "g": ["on", "x: y"]},
    {"cmd": "bundle exec rails s -p $PORT", "multi": "a\nb\n", "empty": {}, "list": []},
]


def _parsed(text: str) -> list[tuple[Any, int, list[yamldocs.Duplicate]]]:
    return [(d.data, d.line, d.duplicates) for d in yamldocs.load_documents(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_a_c_parser_load_is_unchanged(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed = _parsed(text)
    monkeypatch.setattr(yamldocs, "FixedVersionResolver", VersionedResolver)
    assert fixed == _parsed(text)


@pytest.mark.parametrize("data", DATA)
def test_a_dump_is_unchanged(data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed = yamlio.dump_yaml(data)
    monkeypatch.setattr(yamlio, "FixedVersionResolver", VersionedResolver)
    assert fixed == yamlio.dump_yaml(data)
    assert "'yes'" in fixed or "multi" in fixed
