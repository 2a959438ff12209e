"""Removed and deprecated Kubernetes API versions, kept as data in ``removed_apis.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

__all__ = ["ApiRemoval", "DATA_FILE", "lookup", "removals"]

DATA_FILE = Path(__file__).resolve().parent / "removed_apis.yaml"


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True)
class ApiRemoval:
    """One API version of one kind that a Kubernetes release stopped serving."""

    api_version: str
    kind: str
    removed: str
    replacement: str
    deprecated: str = ""

    def removed_in(self, kubernetes_version: str) -> bool:
        """True when ``kubernetes_version`` (``X.Y``) no longer serves this API."""
        return _minor(kubernetes_version) >= _minor(self.removed)

    def deprecated_in(self, kubernetes_version: str) -> bool:
        """True when ``kubernetes_version`` serves this API but warns that it is deprecated."""
        return bool(self.deprecated) and _minor(self.deprecated) <= _minor(kubernetes_version)

    def advice(self) -> str:
        """What to use instead, as a sentence fragment."""
        if self.replacement:
            return f"use {self.replacement} {self.kind}"
        return "it has no direct replacement"


@lru_cache(maxsize=1)
def removals() -> dict[tuple[str, str], ApiRemoval]:
    """The table, keyed by ``(apiVersion, kind)``."""
    rows = YAML(typ="safe", pure=False).load(DATA_FILE.read_text(encoding="utf-8"))
    table: dict[tuple[str, str], ApiRemoval] = {}
    for row in rows:
        entry = ApiRemoval(
            api_version=str(row["apiVersion"]),
            kind=str(row["kind"]),
            removed=str(row["removed"]),
            replacement=str(row.get("replacement") or ""),
            deprecated=str(row.get("deprecated") or ""),
        )
        table[(entry.api_version, entry.kind)] = entry
    return table


def lookup(api_version: str, kind: str) -> ApiRemoval | None:
    """The removal entry of ``apiVersion``/``kind``, if the table has one."""
    return removals().get((api_version, kind))
