"""The Procfile, read as Heroku reads it.

Heroku takes lines of the form ``<type>: <command>`` and ignores every other line (comments,
blank lines, even a ``//`` line). Commands are kept byte for byte: they run through a shell,
so ``$PORT``, ``${PORT:-3000}``, ``VAR=x cmd``, pipes and ``;`` chains all keep working.
"""

from __future__ import annotations

import re

from herokube.model import Notice

__all__ = ["PROCFILE_LINE", "parse_procfile"]

# The pattern that reproduces Heroku's observed behaviour (the knowledge base, 1.3).
PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+?)\s*$")


def parse_procfile(text: str, *, source: str) -> tuple[dict[str, str], tuple[Notice, ...]]:
    """Process types in file order; a repeated type keeps its last command, as Heroku does."""
    processes: dict[str, str] = {}
    notices: list[Notice] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PROCFILE_LINE.match(line)
        if match is None:
            notices.append(
                Notice(
                    "procfile-line-ignored",
                    f"{source}:{number}",
                    f"Heroku ignores this line: {line[:60]}",
                )
            )
            continue
        name, command = match.groups()
        if name in processes:
            notices.append(
                Notice(
                    "procfile-duplicate",
                    f"{source}:{number}",
                    f"process type {name!r} is defined twice; the last one wins",
                )
            )
        processes[name] = command
    return processes, tuple(notices)
