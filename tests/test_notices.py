"""The notice catalog and the code agree: every code emitted is listed, every listed code emitted."""

from __future__ import annotations

import ast
from pathlib import Path

from herokube.notices import NOTICES

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "generator" / "herokube"


def _notice_codes() -> dict[str, list[str]]:
    """{code: [where]} for every ``Notice(...)`` built under generator/herokube."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "Notice":
                continue
            code = (
                node.args[0]
                if node.args
                else next(k.value for k in node.keywords if k.arg == "code")
            )
            where = f"{path.relative_to(PACKAGE_ROOT)}:{node.lineno}"
            # A computed code would slip past this check: codes are written as literals.
            assert isinstance(code, ast.Constant) and isinstance(code.value, str), where
            found.setdefault(code.value, []).append(where)
    return found


def test_every_emitted_code_is_in_the_catalog() -> None:
    missing = {code: where for code, where in _notice_codes().items() if code not in NOTICES}
    assert missing == {}, "add these codes to herokube/notices.py"


def test_every_catalog_code_is_emitted() -> None:
    assert sorted(NOTICES.keys() - _notice_codes().keys()) == []


def test_catalog_entries_are_well_formed() -> None:
    for code, info in NOTICES.items():
        assert info.code == code
        assert info.severity in ("warning", "note")
        assert info.summary and "\n" not in info.summary
        assert code == code.lower() and " " not in code
