"""Writing a file whole or not at all: a temporary sibling, then one rename.

A reader (or a crash) never sees half a file: what herokube writes into a folder a person owns
(a report, a promoted values file, a pull request's body) appears complete or not at all.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomically"]


def write_text_atomically(path: Path, text: str, *, keep_mode: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line ends as given) in one rename.

    ``keep_mode``: the new file gets the old one's permission bits (a file a team owns);
    otherwise it has the temporary file's 0600.
    """
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if keep_mode:
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
