"""One convention across the commands: ``-o`` is ``--output``; only ``cli.main`` exits."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import typer

from herokube.cli import app

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "generator" / "herokube"


def _commands() -> dict[str, Any]:
    # Typer builds on its own copy of click: read its objects by their attributes.
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


def test_every_command_is_registered() -> None:
    assert sorted(_commands()) == [
        "assess",
        "diff",
        "export",
        "fleet",
        "new",
        "promote",
        "update",
        "validate",
    ]


def test_short_o_means_output_everywhere() -> None:
    meanings = {
        name: option.opts
        for name, command in _commands().items()
        for option in command.params
        if "-o" in getattr(option, "opts", ())
    }
    assert meanings, "no command has -o"
    assert all("--output" in opts for opts in meanings.values()), meanings
    with_output = {
        name
        for name, command in _commands().items()
        if any("--output" in getattr(p, "opts", ()) for p in command.params)
    }
    assert with_output == set(meanings), "every --output has -o"


def test_only_cli_main_decides_the_exit_code() -> None:
    """Commands return their code; no ``SystemExit``/``sys.exit``/``typer.Exit`` elsewhere."""
    offenders = []
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        if path.name == "cli.py" and path.parent == PACKAGE_ROOT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = node.exc if isinstance(node, ast.Raise) else None
            if isinstance(node, ast.Call):
                target = node.func
            name = ast.unparse(target) if target is not None else ""
            if name.split("(")[0] in ("SystemExit", "sys.exit", "typer.Exit", "exit"):
                offenders.append(f"{path.relative_to(PACKAGE_ROOT)}: {name}")
    assert offenders == []
