"""The one way herokube reads an input file: bounded, decoded as Heroku decodes it, never a traceback.

Every input a user points herokube at (the export, the Procfile, app.json, the runtime files of a
source tree) is read here, so every reader has the same limits: size, JSON nesting depth, integer
length, encoding, and symlinks that leave the source tree. Anything over a limit is a ``UserError``:
one line naming the file, exit 2. The limits are far above anything a real app has and are
documented in docs/design.md ("Input limits").
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herokube.errors import UserError

__all__ = [
    "MAX_EXPORT_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_SOURCE_FILE_BYTES",
    "TextFile",
    "inside_tree",
    "parse_json",
    "read_json_file",
    "read_text_file",
]

MAX_EXPORT_BYTES = 32 * 1024 * 1024
"""An export holds at most 64 KB of config vars; 32 MiB leaves room for any app.json and notes."""
MAX_SOURCE_FILE_BYTES = 4 * 1024 * 1024
"""A Procfile, app.json or manifest; lock files are larger but are not read whole."""
MAX_JSON_DEPTH = 64
"""The export is 5 levels deep, app.json 4; 64 leaves room for free-form add-on details."""
MAX_INTEGER_DIGITS = 19
"""Every integer herokube reads fits in 64 bits (quantities, ordinals, minutes, versions)."""

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextFile:
    text: str
    encoding: str
    """``utf-8``, ``utf-8-sig`` (a byte order mark was dropped) or ``latin-1``."""


class _TooLong(ValueError):
    """Raised from inside the JSON parser for a number herokube will not carry."""


def inside_tree(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks followed, stays under ``root`` (symlinks followed too)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop resolves nowhere
        return False


def _read_bytes(path: Path, *, source: str, limit: int, root: Path | None) -> bytes:
    if root is not None and not inside_tree(path, root):
        raise UserError(
            "a symlink that leaves the source tree; copy the file into the tree", source=source
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise UserError("no such file", source=source) from None
    except IsADirectoryError:
        raise UserError("is a directory, not a file", source=source) from None
    except OSError as error:
        raise UserError(f"cannot read: {error.strerror or error}", source=source) from None
    if len(data) > limit:
        raise UserError(
            f"larger than {limit // (1024 * 1024)} MiB; not an input herokube reads", source=source
        )
    return data


def _decode(data: bytes, *, source: str, latin1: bool) -> TextFile:
    encoding = "utf-8"
    if data.startswith(_UTF8_BOM):
        data, encoding = data[len(_UTF8_BOM) :], "utf-8-sig"
    try:
        return TextFile(data.decode("utf-8"), encoding)
    except UnicodeDecodeError as error:
        if latin1:
            # Heroku reads a Procfile as bytes: every byte is a character, as Latin-1 reads it.
            return TextFile(data.decode("latin-1"), "latin-1")
        raise UserError(
            f"not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start})",
            source=source,
        ) from None


def read_text_file(
    path: Path,
    *,
    source: str | None = None,
    root: Path | None = None,
    limit: int = MAX_SOURCE_FILE_BYTES,
    latin1: bool = True,
) -> TextFile:
    """The file's text: UTF-8 (a byte order mark dropped), else Latin-1 when ``latin1``.

    ``root``: the source tree the file belongs to; a symlink out of it is refused.
    """
    where = source or str(path)
    return _decode(
        _read_bytes(path, source=where, limit=limit, root=root), source=where, latin1=latin1
    )


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _TooLong(f"an integer of {len(text)} digits (at most {MAX_INTEGER_DIGITS})")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _TooLong(f"a number too large to carry ({len(text)} characters)")
    return value


def _no_constant(name: str) -> Any:
    raise _TooLong(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    """The nesting depth, walked without recursion (a deep document must not blow the stack)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                return level
            stack.extend((item, level + 1) for item in node)
    return deepest


def parse_json(text: str, *, source: str) -> Any:
    """JSON with bounded depth and integer length; ``UserError`` for anything else."""
    too_deep = UserError(f"nested deeper than {MAX_JSON_DEPTH} levels", source=source)
    try:
        value = json.loads(
            text, parse_int=_bounded_int, parse_float=_finite_float, parse_constant=_no_constant
        )
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as error:
        raise UserError(
            f"malformed JSON: {error.msg}",
            source=source,
            field=f"line {error.lineno} column {error.colno}",
        ) from None
    except _TooLong as error:
        raise UserError(str(error), source=source) from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise too_deep
    return value


def read_json_file(
    path: Path,
    *,
    source: str | None = None,
    root: Path | None = None,
    limit: int = MAX_SOURCE_FILE_BYTES,
    latin1: bool = False,
) -> Any:
    """A JSON file read through :func:`read_text_file` and :func:`parse_json`."""
    where = source or str(path)
    text = read_text_file(path, source=where, root=root, limit=limit, latin1=latin1).text
    return parse_json(text, source=where)
