"""Check the export against the shipped schema and write it atomically, 0600 when it holds secrets."""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from herokube.errors import UserError

__all__ = [
    "SCHEMA_RESOURCE",
    "check_target",
    "export_schema",
    "validate_document",
    "write_export",
]

SCHEMA_RESOURCE = "schemas/heroku-app-export.v1.schema.json"


@cache
def export_schema() -> dict[str, Any]:
    """The heroku-app-export/v1 schema shipped inside the package (never ../shared)."""
    text = resources.files("herokube").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _where(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top)"


def validate_document(document: dict[str, Any], out: Path) -> None:
    """Raise ``UserError`` naming the first field that breaks the schema (never its value)."""
    validator = jsonschema.Draft202012Validator(export_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise UserError(
            f"the API's answers do not make a valid heroku-app-export/v1 file "
            f"(fails '{error.validator}'); nothing written",
            source=str(out),
            field=_where(error.absolute_path),
        )


def _is_export(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("schema_version") == "heroku-app-export/v1"


def check_target(out: Path) -> None:
    """Refuse a directory, a missing parent and any existing file that is not an export."""
    if out.is_dir():
        raise UserError("is a directory; give a file name with --out", source=str(out))
    if not out.parent.is_dir():
        raise UserError("its directory does not exist", source=str(out))
    # Re-exporting over an earlier export is the normal update path; anything else is the
    # user's own file and is never overwritten.
    if out.exists() and not _is_export(out):
        raise UserError(
            "exists and is not a herokube export; refusing to overwrite", source=str(out)
        )


def _umask() -> int:
    # os.umask can only be read by setting it; the export's worker threads are done by now.
    current = os.umask(0)
    os.umask(current)
    return current


def write_export(document: dict[str, Any], out: Path, *, holds_secrets: bool) -> None:
    """Validate, then write through a temp file in the same directory and ``os.replace``.

    The temp file is created 0600 (mkstemp), so secret values are never readable by others,
    not even for the moment before the final mode is set.
    """
    check_target(out)
    validate_document(document, out)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600 if holds_secrets else 0o666 & ~_umask())
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
