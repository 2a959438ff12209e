"""What ``herokube fleet EXPORT_OR_DIR…`` reads: export files, folders of them, app source trees."""

from __future__ import annotations

from pathlib import Path

from herokube.errors import UserError

__all__ = ["expand_sources"]

# Files that make a folder an app's source tree rather than a folder of exports.
_SOURCE_TREE_MARKERS = ("Procfile", "app.json")


def expand_sources(arguments: tuple[Path, ...]) -> tuple[Path, ...]:
    """Every app the arguments name, in a stable order, each once.

    An export file is one app; a folder with a Procfile or app.json is one app's source tree;
    any other folder is a folder of exports (what ``herokube export --team`` writes), whose
    ``*.json`` files are read in name order.
    """
    if not arguments:
        raise UserError("give at least one export file or folder", source="EXPORT_OR_DIR")
    found: list[Path] = []
    for argument in arguments:
        if argument.is_file():
            found.append(argument)
        elif not argument.is_dir():
            raise UserError("no such file or folder", source=str(argument))
        elif any((argument / marker).is_file() for marker in _SOURCE_TREE_MARKERS):
            found.append(argument)
        else:
            exports = sorted(p for p in argument.glob("*.json") if p.is_file())
            if not exports:
                raise UserError(
                    "holds no *.json export, Procfile or app.json", source=str(argument)
                )
            found.extend(exports)
    unique = dict.fromkeys(path.resolve() for path in found)
    return tuple(unique)
