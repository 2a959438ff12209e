"""YAML in and out through ruamel.yaml: the one place herokube parses and writes YAML."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

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


# Helm and kubectl read YAML 1.1, where these plain scalars are booleans, nulls or numbers
# (`on`, `no`, `0755`, `12:30`, `1_000`); ruamel.yaml writes YAML 1.2 and would leave them plain.
_YAML11_NOT_A_STRING = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |null|Null|NULL|~|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?))$""",
    re.VERBOSE,
)


def _represent_str(representer: RoundTripRepresenter, value: str) -> Any:
    style = "'" if _YAML11_NOT_A_STRING.match(value) else None
    return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def dump_yaml(data: Any) -> str:
    """Block-style YAML with every string quoted as needed, in the order given.

    ruamel.yaml chooses quoting and escaping, so no value (quotes, ``{{ }}``, newlines, a
    leading ``*``) can change the document's structure; strings that YAML 1.1 readers would
    take for another type are quoted too.
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.representer.add_representer(str, _represent_str)
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold long commands
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
