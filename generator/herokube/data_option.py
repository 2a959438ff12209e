"""``--data KEY=VALUE``: template answers from the command line, checked before anything runs.

An answer ends up in file and folder names (``app_name`` names the chart, ``environments`` the
folders under ``environments/``) and in Kubernetes names, so a value that would make a path leave
the repository (``app_name=../../x``) or a chart Helm cannot load is refused in one line. With
the built-in template, a key it does not ask is refused too (a typo would be ignored silently).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from herokube.errors import UserError

__all__ = ["parse_data"]

_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
# Semantic Versioning 2.0.0, which Helm requires of a chart's version.
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
)
# An OCI image repository: registry host[:port] then lower-case path components.
_IMAGE_REPOSITORY = re.compile(
    r"[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?(:\d+)?"
    r"(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+"
)
_HELM_RELEASE_MAX = 53
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _known_answers(template_path: str | None) -> dict[str, Mapping[str, Any]] | None:
    """The built-in template's questions (key → spec); None for a template of the user's."""
    if template_path is not None:
        return None
    from herokube.resources import template_dir
    from herokube.yamlio import load_yaml_file

    questions = load_yaml_file(template_dir() / "copier.yml")
    return {k: v for k, v in questions.items() if not k.startswith("_") and isinstance(v, dict)}


def _check_name(key: str, value: Any, pattern: re.Pattern[str], what: str, limit: int) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value) or len(value) > limit:
        raise UserError(f"{value!r} is not {what}", source="--data", field=key)


def _check_environments(value: Any) -> None:
    what = "a list of {name, namespace, production} with DNS-label names"
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise UserError(f"expected {what}", source="--data", field="environments")
    for index, environment in enumerate(value):
        for key in ("name", "namespace"):
            _check_name(
                f"environments[{index}].{key}",
                environment.get(key),
                _DNS_LABEL,
                "a DNS label (lower-case letters, digits and dashes)",
                63,
            )


def _check_value(key: str, value: Any, spec: Mapping[str, Any] | None) -> Any:
    """The answer as the template takes it, or ``UserError`` naming the key."""
    kind = spec.get("type") if spec else None
    if key == "app_name":
        _check_name(key, value, _DNS_LABEL, "a DNS label of at most 53 characters", 53)
    elif key == "argocd_project":
        _check_name(key, value, _DNS_SUBDOMAIN, "a DNS subdomain", 253)
    elif key == "chart_version":
        _check_name(key, value, _SEMVER, "a semantic version (1.2.3), as Helm requires", 64)
    elif key == "image_repository":
        _check_name(key, value, _IMAGE_REPOSITORY, "an image repository (host/path)", 255)
    elif key == "environments":
        _check_environments(value)
    if kind == "bool" and not isinstance(value, bool):
        raise UserError("expected true or false", source="--data", field=key)
    if kind == "str" and isinstance(value, str) and _CONTROL.search(value):
        raise UserError("control characters are not allowed", source="--data", field=key)
    choices = spec.get("choices") if spec else None
    if choices and value not in choices:
        raise UserError(
            f"expected one of {', '.join(map(str, choices))}", source="--data", field=key
        )
    return value


def parse_data(pairs: list[str], *, template_path: str | None = None) -> Mapping[str, Any]:
    """``--data KEY=VALUE`` answers; the value is YAML (``x=3`` is a number) unless the
    template asks for a string, which keeps the text as typed (``chart_version=1.10``)."""
    from herokube.yamlio import load_yaml_text

    known = _known_answers(template_path)
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not _KEY.fullmatch(key):
            raise UserError(
                "expected KEY=VALUE with KEY a template answer", source="--data", field=pair[:60]
            )
        if known is not None and key not in known:
            raise UserError(
                f"the template asks no such question (known: {', '.join(sorted(known))})",
                source="--data",
                field=key,
            )
        spec = known.get(key) if known is not None else None
        value: Any = (
            text if spec and spec.get("type") == "str" else _load(text, key, load_yaml_text)
        )
        answers[key] = _check_value(key, value, spec)
    return answers


def _load(text: str, key: str, load: Any) -> Any:
    try:
        return load(text, source=f"--data {key}")
    except (RecursionError, ValueError) as error:  # nesting or a number Python will not read
        message = "nested too deep" if isinstance(error, RecursionError) else str(error)
        raise UserError(
            f"not a value herokube reads: {message}", source="--data", field=key
        ) from None
