"""Read ``image.tag`` from one values file and write it into another, touching nothing else.

A round trip through ruamel.yaml's loader and dumper keeps comments but may re-indent or
re-quote lines a person wrote their own way. So the file is *composed* (ruamel.yaml's node
tree, which knows where each scalar starts and ends in the text) and only the characters of
the tag's value are replaced; every other byte stays as it was. A file without ``image.tag``
gets one line added. The result is parsed again and must equal the old values with the new
tag, or nothing is written.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from herokube.chartrepo import NOT_ONE_MAPPING, read_values
from herokube.errors import UserError
from herokube.yamlio import dump_yaml

__all__ = ["FIELD", "read_tag", "with_tag"]

FIELD = "image.tag"
# The tag grammar of the OCI distribution reference (docker/distribution reference.go).
_IMAGE_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


def _values(path: Path, source: str) -> dict[str, Any]:
    """The values file as data, or UserError naming the file."""
    try:
        read = read_values(path)
    except FileNotFoundError:
        raise UserError("no such file", source=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read: {error}", source=source) from None
    if read.syntax_error is not None:
        line = f"line {read.syntax_error.line}" if read.syntax_error.line else None
        raise UserError(read.syntax_error.message, source=source, field=line)
    if read.data is None:
        raise UserError(NOT_ONE_MAPPING, source=source)
    if read.duplicates:
        first = read.duplicates[0]
        raise UserError(
            f"duplicate key {first.key!r}; keep one and run again",
            source=source,
            field=f"line {first.line}",
        )
    return read.data


def read_tag(path: Path, source: str) -> tuple[dict[str, Any], str | None]:
    """The file's values and its ``image.tag`` (None when it has none).

    Raises:
        UserError: the file cannot be read, is not one mapping, or its tag is not an image tag.
    """
    values = _values(path, source)
    image = values.get("image")
    if image is None or (isinstance(image, dict) and image.get("tag") is None):
        return values, None
    if not isinstance(image, dict):
        raise UserError("must be a mapping", source=source, field="image")
    tag = image["tag"]
    if not isinstance(tag, str):
        raise UserError(
            f"must be a string (quote it: '{tag}'), as the chart's schema says",
            source=source,
            field=FIELD,
        )
    if not _IMAGE_TAG.fullmatch(tag):
        raise UserError(
            f"{tag!r} is not an image tag (letters, digits, _ . -; at most 128)",
            source=source,
            field=FIELD,
        )
    return values, tag


def _key(mapping: MappingNode, name: str) -> tuple[ScalarNode, Node] | None:
    for key, value in mapping.value:
        if isinstance(key, ScalarNode) and key.value == name:
            return key, value
    return None


def _scalar_text(tag: str, style: str | None) -> str:
    """The tag as YAML text in the style the file used (plain: quoted only when it must be)."""
    if style in ("'", '"'):
        # An image tag holds no quote or backslash: the quotes need no escaping inside.
        return f"{style}{tag}{style}"
    return dump_yaml({"tag": tag}).removeprefix("tag: ").rstrip("\n")


def _replace(text: str, node: Node, tag: str, source: str) -> str:
    if not isinstance(node, ScalarNode) or node.style not in (None, "'", '"'):
        raise UserError("write the tag as one plain or quoted string", source=source, field=FIELD)
    start, end = node.start_mark.index, node.end_mark.index
    return text[:start] + _scalar_text(tag, node.style) + text[end:]


def _add_to_image(text: str, image: MappingNode, tag: str, source: str) -> str:
    """``tag: X`` as a new first line of a block ``image:`` mapping, at its keys' indent."""
    if image.flow_style or not image.value:
        raise UserError("add tag to this image mapping by hand", source=source, field="image")
    first = image.value[0][0].start_mark
    line_start = text.rfind("\n", 0, first.index) + 1
    if text[line_start : first.index].strip():
        raise UserError("add tag to this image mapping by hand", source=source, field="image")
    return f"{text[:line_start]}{' ' * first.column}tag: {_scalar_text(tag, None)}\n{text[line_start:]}"


def _edited(text: str, tag: str, source: str) -> str:
    try:
        root = YAML(typ="safe", pure=True).compose(text)
    except YAMLError as error:  # read_values parsed it already; kept for safety
        raise UserError(f"not valid YAML: {error}", source=source) from None
    if root is None:
        return text + dump_yaml({"image": {"tag": tag}})
    if not isinstance(root, MappingNode) or root.flow_style:
        raise UserError("write the values as a block mapping", source=source)
    found = _key(root, "image")
    if found is None:
        separator = "" if not text or text.endswith("\n") else "\n"
        return text + separator + dump_yaml({"image": {"tag": tag}})
    key, image = found
    if image.start_mark.index < key.end_mark.index:  # an alias: the anchor is elsewhere
        raise UserError("is an alias; write it out to promote", source=source, field="image")
    if not isinstance(image, MappingNode):
        raise UserError("must be a mapping", source=source, field="image")
    tag_entry = _key(image, "tag")
    if tag_entry is None:
        return _add_to_image(text, image, tag, source)
    return _replace(text, tag_entry[1], tag, source)


def with_tag(text: str, values: dict[str, Any], tag: str, source: str) -> str:
    """``text`` (whose data is ``values``) with ``image.tag`` set to ``tag``; nothing else moves.

    Raises:
        UserError: the file's form leaves no safe place for the tag (an alias, a flow mapping,
            a block scalar), or the edit would change anything but the tag.
    """
    edited = _edited(text, tag, source)
    expected = copy.deepcopy(values)
    image = expected.setdefault("image", {})
    if isinstance(image, dict):
        image["tag"] = tag
    try:
        again = YAML(typ="safe", pure=True).load(edited)
    except YAMLError:
        again = None
    if again != expected:
        raise UserError(
            "cannot set the tag without changing other values; set it by hand",
            source=source,
            field=FIELD,
        )
    return edited
