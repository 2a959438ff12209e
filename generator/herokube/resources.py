"""Where the Copier template, the blueprints and the shipped schemas live.

A wheel carries ``chart-templates/`` and ``blueprints/`` under ``herokube/_data/``; a source
checkout (editable install, tests) has them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["blueprints_dir", "data_dir", "template_dir"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``chart-templates`` or ``blueprints``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"herokube is installed without its {name}/ folder")


def template_dir() -> Path:
    return data_dir("chart-templates")


def blueprints_dir() -> Path:
    return data_dir("blueprints")
