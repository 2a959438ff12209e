"""``.copier-answers.yml``: read it, find what the team changed in it, bump the chart version."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from herokube.chartrepo import ANSWERS_FILE
from herokube.errors import UserError
from herokube.yamlio import load_yaml_text

__all__ = ["ANSWERS_FILE", "bump_patch", "parse_answers", "team_overrides"]

# Answers herokube itself sets on every render, never taken from the team's copy.
_OWN = ("herokube_version",)
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$")


def parse_answers(text: str, *, source: str = ANSWERS_FILE) -> dict[str, Any]:
    data = load_yaml_text(text, source=source)
    if not isinstance(data, dict):
        raise UserError(
            "not a mapping of answers; restore it from the herokube/pristine branch", source=source
        )
    return dict(data)


def team_overrides(team: Mapping[str, Any], pristine: Mapping[str, Any]) -> dict[str, Any]:
    """Answers the team changed by hand since the last render: they win over the new plan.

    Copier's ``_``-keys (``_src_path``, ``_commit``) describe the template, not the app, and
    are rewritten by the render.
    """
    return {
        key: value
        for key, value in team.items()
        if not key.startswith("_") and key not in _OWN and pristine.get(key) != value
    }


def bump_patch(version: str) -> str:
    """``0.1.3`` → ``0.1.4`` (a pre-release or build suffix is dropped)."""
    match = _VERSION.match(str(version).strip())
    if match is None:
        raise UserError(
            "is not MAJOR.MINOR.PATCH, so herokube cannot bump it; fix chart_version",
            source=ANSWERS_FILE,
            field=f"chart_version: {version}",
        )
    major, minor, patch = (int(part) for part in match.groups())
    return f"{major}.{minor}.{patch + 1}"
