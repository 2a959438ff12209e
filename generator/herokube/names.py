"""Kubernetes names from Heroku names: shared by load (process names) and plan (object names)."""

from __future__ import annotations

import re

__all__ = ["dns_label", "unique_labels"]

_INVALID = re.compile(r"[^a-z0-9-]+")


def dns_label(name: str, *, max_length: int = 63) -> str:
    """``sidekiq_critical`` → ``sidekiq-critical``: an RFC 1123 label, or "" when nothing is left."""
    label = _INVALID.sub("-", name.lower()).strip("-")
    label = re.sub(r"-{2,}", "-", label)
    return label[:max_length].rstrip("-")


def unique_labels(
    names: list[str], *, max_length: int = 63, fallback: str = "process"
) -> list[str]:
    """A distinct label per name, in order: ``web_1`` and ``web-1`` cannot both be ``web-1``."""
    labels: list[str] = []
    for name in names:
        base = dns_label(name, max_length=max_length - 3) or fallback
        label, counter = base, 2
        while label in labels:
            label, counter = f"{base}-{counter}", counter + 1
        labels.append(label)
    return labels
