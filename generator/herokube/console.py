"""What the commands print: warnings on stderr, results on stdout, as text or JSON.

Every ``--output`` (``-o``) and ``--format`` choice of every command is an enum here, so one
word means one thing across commands.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

import typer

from herokube.model import Notice

__all__ = [
    "AssessFormat",
    "DiffOutput",
    "Output",
    "ValidateOutput",
    "echo_json",
    "echo_notices",
    "notice_data",
    "warn",
]


class Output(str, Enum):
    """``new`` and ``update --output``: ``text`` for people, ``json`` for scripts."""

    text = "text"
    json = "json"


class ValidateOutput(str, Enum):
    """``validate --output``: ``junit`` for CI test reports too."""

    text = "text"
    json = "json"
    junit = "junit"


class DiffOutput(str, Enum):
    """``diff --output``: ``markdown`` for a pull-request comment or step summary."""

    text = "text"
    markdown = "markdown"


class AssessFormat(str, Enum):
    """``assess --format`` (DESIGN.md names it so): a terminal, a pull request, scripts, a page."""

    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


def notice_data(notice: Notice) -> dict[str, str]:
    return {"code": notice.code, "source": notice.source, "message": notice.message}


def echo_notices(notices: Iterable[Notice]) -> None:
    """Every notice as one ``warning:`` line on stderr, so stdout stays the result."""
    for notice in notices:
        typer.echo(f"warning: {notice.source}: {notice.message} [{notice.code}]", err=True)


def warn(message: str) -> None:
    """A warning about the run itself (not about the app) on stderr."""
    typer.echo(f"herokube: warning: {message}", err=True)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, sort_keys=True))
