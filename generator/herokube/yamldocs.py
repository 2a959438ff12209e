"""Strict YAML parsing: every document of a stream, with its duplicate keys and its line.

Kubernetes (through ``sigs.k8s.io/yaml``) rejects a mapping with a duplicate key, but most
YAML libraries silently keep the last value. ruamel.yaml detects duplicates in its
constructor; here the constructor records every duplicate instead of stopping at the first,
so one run reports all of them, and the document is still checked (first value kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.parser import Parser

from herokube.yamlio import FixedVersionResolver

__all__ = ["Duplicate", "ParsedDocument", "YamlSyntaxError", "load_documents"]


class YamlSyntaxError(Exception):
    """The text is not YAML. ``line`` is 1-based where ruamel.yaml knows it."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Duplicate:
    """A key given twice in one mapping; ``line`` is where the second one is."""

    key: str
    line: int


@dataclass
class ParsedDocument:
    """One non-empty document of a YAML stream."""

    data: Any
    line: int
    duplicates: list[Duplicate] = field(default_factory=list)


class _RecordingConstructor(SafeConstructor):
    """A safe constructor that notes duplicate keys rather than raising on the first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[Duplicate] = []

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if key in mapping:
            self.duplicates.append(Duplicate(str(key), key_node.start_mark.line + 1))
            return False
        return True


def _iter_documents(text: str) -> Iterator[ParsedDocument]:
    # The C parser (ruamel.yaml.clib) when installed: parsing is most of validate's time.
    # Construction stays in Python, so duplicates and lines are recorded the same way.
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _RecordingConstructor
    if yaml.Parser is not Parser:  # the C parser: it keeps no %YAML directive
        yaml.Resolver = FixedVersionResolver
    constructor: _RecordingConstructor | None = None
    for node in yaml.compose_all(text):
        if constructor is None:
            constructor = yaml.constructor
        constructor.duplicates = []
        if node is None:
            continue
        data = constructor.construct_document(node)
        if data is None:
            continue
        yield ParsedDocument(data, node.start_mark.line + 1, list(constructor.duplicates))


def load_documents(text: str) -> list[ParsedDocument]:
    """Every non-empty document of ``text``, in order.

    Raises:
        YamlSyntaxError: the text is not valid YAML.
    """
    try:
        return list(_iter_documents(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        return _raise(f"invalid YAML: {problem}", line)
    except YAMLError as error:
        return _raise(f"invalid YAML: {error}", None)


def _raise(message: str, line: int | None) -> list[ParsedDocument]:
    raise YamlSyntaxError(" ".join(message.split()), line)
