"""An app's source tree: the Procfile, app.json and the files that say how it builds.

Only the files herokube needs are read; nothing walks the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from herokube.errors import UserError
from herokube.load.appjson import AppJson, read_app_json
from herokube.load.procfile import parse_procfile
from herokube.load.reading import read_json_file, read_text_file
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
        # UTF-8 (with or without a byte order mark); a Latin-1 file is read byte for byte.
        app_json_raw = read_json_file(app_json_file, root=root, latin1=True)
        app_json, app_notices = read_app_json(app_json_raw, source=str(app_json_file))
        notices += app_notices
    procfile_file = _procfile_path(root, app_json, procfile_override)
    procfile = None
    procfile_path = None
    if procfile_file.is_file():
        procfile_text = read_text_file(procfile_file, root=root)  # refuses a symlink out
        procfile_path = str(procfile_file.resolve().relative_to(root.resolve()))
        procfile, procfile_notices = parse_procfile(procfile_text.text, source=str(procfile_file))
        notices += procfile_notices
        if procfile_text.encoding == "latin-1":
            notices.append(
                Notice(
                    "procfile-latin-1",
                    str(procfile_file),
                    "not UTF-8: read byte for byte as Latin-1, as Heroku does; written as UTF-8",
                )
            )
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
