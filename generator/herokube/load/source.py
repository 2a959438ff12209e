"""An app's source tree: the Procfile, app.json and the files that say how it builds.

Only the files herokube needs are read; nothing walks the tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from herokube.errors import UserError
from herokube.load.appjson import AppJson, read_app_json
from herokube.load.procfile import parse_procfile
from herokube.model import Notice

__all__ = ["SourceTree", "read_source_tree"]

# Heroku reads `Procfile` only; these siblings exist for other tools and are ignored.
_IGNORED_PROCFILES = ("Procfile.dev", "Procfile.windows", "Procfile.CF", "Procfile.local")


@dataclass(frozen=True)
class SourceTree:
    root: Path
    procfile: dict[str, str] | None
    """None when the tree has no Procfile (the buildpack's default processes apply)."""
    procfile_path: str | None
    app_json: AppJson | None
    app_json_raw: dict[str, object] | None
    has_dockerfile: bool
    notices: tuple[Notice, ...]


def _procfile_path(root: Path, app_json: AppJson | None, override: str | None) -> Path:
    # huginn selects deployment/heroku/Procfile.heroku through PROCFILE_PATH and a buildpack.
    wanted = override or next(
        (
            e.value
            for e in (app_json.env if app_json else ())
            if e.name == "PROCFILE_PATH" and e.value
        ),
        None,
    )
    if wanted:
        candidate = (root / wanted).resolve()
        if not candidate.is_relative_to(root.resolve()):
            raise UserError(
                "PROCFILE_PATH points outside the source tree",
                source=str(root),
                field="PROCFILE_PATH",
            )
        return candidate
    return root / "Procfile"


def read_source_tree(root: Path, *, procfile_override: str | None = None) -> SourceTree:
    if not root.is_dir():
        raise UserError("not a directory", source=str(root))
    notices: list[Notice] = []
    app_json = None
    app_json_raw = None
    app_json_file = root / "app.json"
    if app_json_file.is_file():
        try:
            app_json_raw = json.loads(app_json_file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise UserError(f"malformed JSON: {error}", source=str(app_json_file)) from None
        app_json, app_notices = read_app_json(app_json_raw, source=str(app_json_file))
        notices += app_notices
    procfile_file = _procfile_path(root, app_json, procfile_override)
    procfile = None
    procfile_path = None
    if procfile_file.is_file():
        procfile_path = str(procfile_file.resolve().relative_to(root.resolve()))
        procfile, procfile_notices = parse_procfile(
            procfile_file.read_text(encoding="utf-8"), source=str(procfile_file)
        )
        notices += procfile_notices
        if procfile_file.name != "Procfile":
            notices.append(
                Notice("procfile-path", str(procfile_file), "processes read from PROCFILE_PATH")
            )
    for name in _IGNORED_PROCFILES:
        if (root / name).is_file():
            notices.append(
                Notice("procfile-ignored", str(root / name), "Heroku does not read this file")
            )
    return SourceTree(
        root=root,
        procfile=procfile,
        procfile_path=procfile_path,
        app_json=app_json,
        app_json_raw=app_json_raw if isinstance(app_json_raw, dict) else None,
        has_dockerfile=(root / "Dockerfile").is_file(),
        notices=tuple(notices),
    )
