"""YAML in and out through ruamel.yaml: the one place herokube parses and writes YAML."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from herokube.errors import UserError

__all__ = ["dump_yaml", "load_yaml_file", "load_yaml_text"]


def _safe_loader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    return yaml


def load_yaml_text(text: str, *, source: str) -> Any:
    try:
        return _safe_loader().load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UserError(f"not valid YAML: {problem}", source=source, field=where) from None


def load_yaml_file(path: Path) -> Any:
    return load_yaml_text(path.read_text(encoding="utf-8"), source=str(path))


def dump_yaml(data: Any) -> str:
    """Block-style YAML with every string quoted as needed, in the order given.

    ruamel.yaml chooses quoting and escaping, so no value (quotes, ``{{ }}``, newlines, a
    leading ``*``) can change the document's structure.
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold long commands
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
