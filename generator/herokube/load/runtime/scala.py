"""scala (stub, being written)."""

from __future__ import annotations

from ._tree import Found, Tree

__all__ = ["detect", "inspect"]


def detect(tree: Tree) -> bool:
    return False


def inspect(tree: Tree) -> Found:
    return Found("scala")
