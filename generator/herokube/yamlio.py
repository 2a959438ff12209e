"""YAML in and out through ruamel.yaml: the one place herokube parses and writes YAML."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from herokube.errors import UserError

__all__ = [
    "FixedVersionResolver",
    "cache_root",
    "dump_yaml",
    "load_yaml_file",
    "load_yaml_file_fast",
    "load_yaml_text",
    "parsed_once",
]


class FixedVersionResolver(VersionedResolver):
    """ruamel.yaml's resolver, its YAML version looked up once instead of once per scalar.

    ruamel asks for the version being processed for every scalar it resolves, through the
    scanner's ``%YAML`` directive, which only the pure-Python scanner keeps: for a dump, and for
    a load through the C parser, the lookup raises AttributeError and falls back, every time, to
    the YAML object's own version, which does not change (a third of a C-parser load's time).
    Only for those two uses: a pure-Python load must honour each document's ``%YAML``.
    """

    @property
    def processing_version(self) -> Any:
        try:
            return self._fixed_version
        except AttributeError:
            self._fixed_version: Any = VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]
            return self._fixed_version


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


def load_yaml_file_fast(path: Path) -> Any:
    """``load_yaml_file`` through ruamel's C parser (several times faster on herokube's large
    answers file). A file the C parser refuses is read again the pure way, which raises the same
    one-line error ``load_yaml_file`` gives."""
    text = path.read_text(encoding="utf-8")
    try:
        return YAML(typ="safe", pure=False).load(text)
    except YAMLError:
        return load_yaml_text(text, source=str(path))


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/herokube`` (``~/.cache/herokube``): what later runs need not redo."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "herokube"


def parsed_once(path: Path, parse: Callable[[str], Any], parser: str) -> Any:
    """``parse(text of path)``, kept on disk so a later process reads it back (~1 ms, not ~100).

    For the files herokube ships (blueprints), which every run parses again: the key is the
    file's bytes, ``parser`` (the name of ``parse``: it decides the result) and the ruamel.yaml
    and Python versions, so an edited file or another parser is parsed afresh. A failed parse
    raises as ``parse`` does and is not kept; an unreadable cache entry is parsed again.
    """
    import ruamel.yaml

    text = path.read_text(encoding="utf-8")
    versions = f"{parser}\0{ruamel.yaml.__version__}\0{sys.version_info[:2]}\0".encode()
    folder = cache_root() / "yaml"
    entry = folder / hashlib.sha256(versions + text.encode("utf-8")).hexdigest()
    try:
        return pickle.loads(entry.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass  # absent or unreadable: parse again
    data = parse(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)
    except OSError:
        pass  # a cache: a read-only or full disk costs the next run a parse, nothing more
    return data


# Helm and kubectl read YAML 1.1, where these plain scalars are booleans, nulls or numbers
# (`on`, `no`, `0755`, `12:30`, `1_000`); ruamel.yaml writes YAML 1.2 and would leave them plain.
_YAML11_NOT_A_STRING = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |null|Null|NULL|~|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?))$""",
    re.VERBOSE,
)


# One Tag object for every string written. Given the tag's text, ruamel builds a Tag per scalar
# and decodes it character by character on first use (over half of a dump's time); a dump only
# reads tags (only the parser changes one), so one shared Tag writes the same text.
_STR_TAG = Tag(suffix="tag:yaml.org,2002:str")


def _represent_str(representer: RoundTripRepresenter, value: str) -> Any:
    style = "'" if _YAML11_NOT_A_STRING.match(value) else None
    return representer.represent_scalar(_STR_TAG, value, style=style)


def dump_yaml(data: Any) -> str:
    """Block-style YAML with every string quoted as needed, in the order given.

    ruamel.yaml chooses quoting and escaping, so no value (quotes, ``{{ }}``, newlines, a
    leading ``*``) can change the document's structure; strings that YAML 1.1 readers would
    take for another type are quoted too.
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = FixedVersionResolver
    yaml.representer.add_representer(str, _represent_str)
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold long commands
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
