"""What the export keeps of a withheld secret: a fingerprint, never the value.

URLs are marked by ``herokube.secrets`` (``secrets.drains.redact_drain_url`` for log drains, the
only URLs the export carries): one set of credential rules for the export, ``new`` and ``update``.
"""

from __future__ import annotations

import hashlib

__all__ = ["fingerprint"]


def fingerprint(value: str) -> str:
    """Hex sha256 of a value, so a later export can tell whether a withheld secret changed."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()
