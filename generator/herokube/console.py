"""What the commands print: warnings on stderr, results on stdout, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

import typer

from herokube.model import Notice

__all__ = ["Output", "echo_json", "echo_notices", "notice_data"]


class Output(str, Enum):
    """``--output``: ``text`` for people, ``json`` for scripts."""

    text = "text"
    json = "json"


def notice_data(notice: Notice) -> dict[str, str]:
    return {"code": notice.code, "source": notice.source, "message": notice.message}


def echo_notices(notices: Iterable[Notice]) -> None:
    """Every notice as one ``warning:`` line on stderr, so stdout stays the result."""
    for notice in notices:
        typer.echo(f"warning: {notice.source}: {notice.message} [{notice.code}]", err=True)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, sort_keys=True))
