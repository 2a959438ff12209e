"""Heroku's own rules for config vars, checked where the export and app.json are read.

Heroku refuses a config var name outside ``[A-Za-z0-9_]``, starting with a digit or with ``__``,
and caps all config vars of an app (names and values) at 64 KB (shared/schemas/README.md, checked
2026-11; older Dev Center text says 32 kB). Input that breaks them could not have run on Heroku,
and would write a chart Kubernetes or Helm refuses, so it is refused here with the rule named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from herokube.errors import UserError

__all__ = ["CONFIG_VARS_MAX_BYTES", "check_config_size", "check_config_var_name"]

CONFIG_VARS_MAX_BYTES = 64 * 1024
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_config_var_name(name: str, *, source: str, field: str) -> None:
    """Raise ``UserError`` unless ``name`` is a config var name Heroku accepts."""
    if not _NAME.fullmatch(name) or name.startswith("__"):
        raise UserError(
            "not a Heroku config var name (letters, digits and underscores, not starting with "
            "a digit or __)",
            source=source,
            field=field,
        )


def check_config_size(pairs: Iterable[tuple[str, str | None]], *, source: str, field: str) -> None:
    """Raise ``UserError`` when the names and values together exceed Heroku's 64 KB per app."""
    total = sum(len(name.encode()) + len((value or "").encode()) for name, value in pairs)
    if total > CONFIG_VARS_MAX_BYTES:
        raise UserError(
            f"config vars total {total} bytes; Heroku caps an app's config vars at 64 KB "
            f"({CONFIG_VARS_MAX_BYTES} bytes)",
            source=source,
            field=field,
        )
