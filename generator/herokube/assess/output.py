"""Writing the report: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from herokube.errors import UserError

__all__ = ["write_atomically"]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary sibling, so a failure leaves no half file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError("the folder does not exist", source=str(path), field="--out")
    if path.is_dir():
        raise UserError("is a directory", source=str(path), field="--out")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
