"""Reading the few files a language needs from a source tree, never walking it.

Every lookup names one path; ``node_modules``, ``vendor`` and friends are never listed, which
keeps detection fast on a full checkout. A missing tree (an export without ``--source``) reads
as empty, so the language modules run unchanged and fall back to the buildpack's defaults.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herokube.errors import UserError
from herokube.load.reading import parse_json, read_text_file
from herokube.model import Notice

from .versions import Declared

__all__ = ["Found", "Tree", "mapping"]

_MAX_BYTES = 2_000_000
"""Manifests are small; anything larger is not a manifest and is not read."""


def mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON/TOML object, else an empty one (lenient reading)."""
    return value if isinstance(value, dict) else {}


class Tree:
    """Cached, lenient access to the files of one source tree (or of none)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.notices: list[Notice] = []
        self._text: dict[str, str | None] = {}
        self._parsed: dict[str, Any] = {}

    def exists(self, rel: str) -> bool:
        return self.root is not None and (self.root / rel).exists()

    def is_dir(self, rel: str) -> bool:
        return self.root is not None and (self.root / rel).is_dir()

    def text(self, rel: str) -> str | None:
        if rel not in self._text:
            self._text[rel] = self._read(rel)
        return self._text[rel]

    def _read(self, rel: str) -> str | None:
        if self.root is None:
            return None
        path = self.root / rel
        try:
            if not path.is_file() or path.stat().st_size > _MAX_BYTES:
                return None
        except OSError:
            return None
        # One reader for every input (load/reading.py): a symlink out of the tree is refused.
        return read_text_file(path, source=str(path), root=self.root, limit=_MAX_BYTES).text

    def json(self, rel: str) -> dict[str, Any] | None:
        """A JSON object, or ``None`` (absent or unreadable: a notice says which)."""
        if rel not in self._parsed:
            text = self.text(rel)
            value: Any = None
            if text is not None:
                try:
                    value = parse_json(text, source=rel)
                except UserError as error:
                    self.notices.append(
                        Notice("runtime-file-unreadable", rel, f"{error.message}; ignored")
                    )
                if value is not None and not isinstance(value, dict):
                    self.notices.append(
                        Notice("runtime-file-unreadable", rel, "not a JSON object; ignored")
                    )
                    value = None
            self._parsed[rel] = value
        result: dict[str, Any] | None = self._parsed[rel]
        return result

    def toml(self, rel: str) -> dict[str, Any] | None:
        if rel not in self._parsed:
            text = self.text(rel)
            value: dict[str, Any] | None = None
            if text is not None:
                try:
                    value = tomllib.loads(text)
                except RecursionError:
                    self.notices.append(
                        Notice("runtime-file-unreadable", rel, "nested too deep; ignored")
                    )
                except tomllib.TOMLDecodeError as error:
                    self.notices.append(
                        Notice("runtime-file-unreadable", rel, f"malformed TOML ({error}); ignored")
                    )
            self._parsed[rel] = value
        result: dict[str, Any] | None = self._parsed[rel]
        return result

    def first_line(self, rel: str) -> str | None:
        """The first line that is neither blank nor a ``#`` comment (``.python-version`` style)."""
        text = self.text(rel)
        if text is None:
            return None
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                return line
        return None

    def tool_versions(self) -> dict[str, str]:
        """asdf/mise ``.tool-versions``: tool → first version listed."""
        if "tool-versions" not in self._parsed:
            tools: dict[str, str] = {}
            for line in (self.text(".tool-versions") or "").splitlines():
                parts = line.split("#", 1)[0].split()
                if len(parts) >= 2:
                    tools.setdefault(parts[0], parts[1])
            self._parsed["tool-versions"] = tools
        result: dict[str, str] = self._parsed["tool-versions"]
        return result

    def properties(self, rel: str) -> dict[str, str]:
        """A Java ``.properties`` file (``key=value`` lines)."""
        values: dict[str, str] = {}
        for line in (self.text(rel) or "").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "!")) and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
        return values

    def present(self, *rels: str) -> list[str]:
        """Those of ``rels`` that exist, in the order given."""
        return [rel for rel in rels if self.exists(rel)]


@dataclass
class Found:
    """What one language module learnt: version declarations (highest precedence first) and facts."""

    language: str
    declarations: list[Declared] = field(default_factory=list)
    hints: list[Declared] = field(default_factory=list)
    """Declarations Heroku does not use to pick the version, only checked for agreement."""
    package_manager: str | None = None
    default_processes: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
