"""What every API-server rule module shares: a finding per message, the version gate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import as_dict, finding_at

__all__ = ["at_least", "report", "spec_of"]


def report(
    manifest: Manifest, rule: str, field: str, value: Any, messages: Iterable[str]
) -> list[Finding]:
    """One finding per API-server message, worded like ``kubectl apply``'s error."""
    shown = value if isinstance(value, (int, float)) or value is None else repr(value)[:80]
    return [
        finding_at(manifest, rule, f"{field}: Invalid value: {shown}: {message}", field)
        for message in messages
    ]


def spec_of(manifest: Manifest) -> dict[str, Any]:
    """The object's ``spec`` mapping (empty when missing or malformed)."""
    return as_dict(manifest.data.get("spec"))


def at_least(version: str, wanted: tuple[int, int]) -> bool:
    """True when the Kubernetes version ``X.Y`` is ``wanted`` or newer."""
    major, _, minor = version.partition(".")
    try:
        return (int(major), int(minor.split(".")[0])) >= wanted
    except ValueError:
        return True
