"""Writing the report: whole or not at all."""

from __future__ import annotations

from pathlib import Path

from herokube.atomic import write_text_atomically
from herokube.errors import UserError

__all__ = ["write_atomically"]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary sibling, so a failure leaves no half file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError("the folder does not exist", source=str(path), field="--out")
    if path.is_dir():
        raise UserError("is a directory", source=str(path), field="--out")
    write_text_atomically(path, text)
