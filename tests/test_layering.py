"""The stages stay in order: no import loop between packages, no import back up the stages.

Every module under ``generator/herokube`` is parsed (``ast``, nothing is imported) and each of
its imports of another herokube module becomes an edge between two *units*: a top-level
module (``herokube.yamlio``) or a package (``herokube.plan``). Imports inside functions count
too: a lazy import is still a dependency. ``TYPE_CHECKING`` imports count as well, so a type
cannot pull a stage back in by the side door.

Run ``python tests/test_layering.py`` to print the package-level import graph.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "generator" / "herokube"

# Lowest first. A unit may import units of its own layer or below, never above; within a
# layer, the package graph must still have no cycle.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "atomic"),
    ("names", "resources", "signals", "yamlio", "yamldocs"),
    ("model",),
    # secrets judges the model's config vars and commands (secrets.app), so it sits above it;
    # repositories strips credentials from the URLs it checks.
    ("blueprints", "notices", "secrets", "repositories"),
    ("console",),
    ("chartrepo", "gitrepo"),
    ("load", "heroku_api"),
    ("plan",),
    ("render",),
    ("validate",),
    ("diff", "update", "assess", "promote"),
    ("pipeline", "data_option"),
    ("fleet",),
    ("commands",),
    ("cli",),
    ("__main__",),
)

# Edges that break the rule today, each with the change that removes it.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _unit(module: str) -> str | None:
    """``herokube.plan.names`` → ``plan``; ``herokube`` itself (the version) → None."""
    parts = module.split(".")
    if parts[0] != "herokube" or len(parts) == 1:
        return None
    return parts[1]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    """Every herokube module ``path`` imports, absolute, wherever the import statement is."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            # ``from herokube import cli`` imports the module herokube.cli.
            yield from (f"{target}.{alias.name}" for alias in node.names)
            yield target


def package_edges() -> dict[tuple[str, str], set[str]]:
    """(importing unit, imported unit) → the modules where the import is written."""
    edges: dict[tuple[str, str], set[str]] = {}
    known_units = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE_ROOT.iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").is_file())
    }
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        source = _unit(_module_name(path))
        if source is None:
            continue
        for imported in _imports(path):
            target = _unit(imported)
            if target is None or target == source or target not in known_units:
                continue
            edges.setdefault((source, target), set()).add(_module_name(path))
    return edges


def _layer_of() -> dict[str, int]:
    return {unit: index for index, layer in enumerate(LAYERS) for unit in layer}


def _cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one unit (Tarjan's algorithm)."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_unit_has_a_layer() -> None:
    layer = _layer_of()
    units = {unit for edge in package_edges() for unit in edge}
    units |= {
        p.stem if p.is_file() else p.name
        for p in PACKAGE_ROOT.iterdir()
        if p.suffix == ".py" or (p / "__init__.py").is_file()
    }
    units.discard("__init__")
    assert sorted(units - layer.keys()) == [], "add the new module to LAYERS"


def test_no_import_runs_back_up_the_stages() -> None:
    layer = _layer_of()
    upward = [
        f"{a} → {b} (in {', '.join(sorted(where))})"
        for (a, b), where in sorted(package_edges().items())
        if layer[b] > layer[a] and (a, b) not in KNOWN_EXCEPTIONS
    ]
    assert upward == [], "imports that run back up the stages:\n" + "\n".join(upward)


def test_known_exceptions_are_still_needed() -> None:
    edges = package_edges()
    stale = [f"{a} → {b}" for a, b in KNOWN_EXCEPTIONS if (a, b) not in edges]
    assert stale == [], "remove these from KNOWN_EXCEPTIONS, the import is gone: " + ", ".join(
        stale
    )


def test_no_import_cycle_between_packages() -> None:
    edges = {edge for edge in package_edges() if edge not in KNOWN_EXCEPTIONS}
    assert _cycles(edges) == []


def test_only_gitrepo_touches_git() -> None:
    """GitPython and the ``git`` program are used by ``herokube.gitrepo`` alone."""
    offenders = []
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        if path.name == "gitrepo.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(name == "git" or name.startswith("git.") for name in names):
                offenders.append(_module_name(path))
            # A command line ["git", ...] handed to a call (subprocess.run and friends).
            if isinstance(node, ast.Call) and any(
                isinstance(arg, (ast.List, ast.Tuple))
                and arg.elts
                and isinstance(arg.elts[0], ast.Constant)
                and arg.elts[0].value == "git"
                for arg in node.args
            ):
                offenders.append(f"{_module_name(path)} (runs git)")
    assert offenders == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """The detector itself: a cycle and an upward edge are reported."""
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert _layer_of()["load"] < _layer_of()["plan"] < _layer_of()["cli"]


if __name__ == "__main__":
    for (a, b), where in sorted(package_edges().items()):
        print(f"{a} -> {b}  ({len(where)} module{'s' if len(where) > 1 else ''})")
    sys.exit(0)
