"""Copier, made cheaper for the way herokube renders.

``install_compile_memo``: compile each Jinja template once per process, for processes that render
many repositories (fleet workers). Copier builds a new Jinja environment for every render and compiles every file and path template
again: ~300 compilations per app, about 40% of a render. A fleet worker renders the same template
for many apps, so it installs this memo. A compiled template is a code object that binds to no
environment (``Template.from_code`` runs it in a fresh namespace with the environment it is given:
what Jinja's own bytecode cache relies on), so it can serve any environment whose parsing and
code generation settings are the same; those settings are part of the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment, nodes

__all__ = ["install_compile_memo", "into_fresh_folder", "uninstall_compile_memo"]

_Compile = Callable[..., Any]
_memo: dict[tuple[Any, ...], Any] = {}
_installed: list[_Compile] = []


def _settings(environment: Environment) -> tuple[Any, ...] | None:
    """What the compiled code depends on, or None where it cannot be told (a callable setting)."""
    if callable(environment.autoescape):
        return None
    return (
        type(environment),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.autoescape,
        tuple(sorted(environment.extensions)),
        # The code generator refuses unknown filters and tests at compile time.
        frozenset(environment.filters),
        frozenset(environment.tests),
    )


def install_compile_memo() -> None:
    """Memoise ``Environment.compile`` for the rest of this process (idempotent)."""
    if _installed:
        return
    original: _Compile = Environment.compile
    _installed.append(original)

    def compile_once(
        self: Environment,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        settings = _settings(self) if isinstance(source, str) else None
        if settings is None:
            return original(self, source, name, filename, raw, defer_init)
        key = (settings, source, name, filename, raw, defer_init)
        if key not in _memo:
            _memo[key] = original(self, source, name, filename, raw, defer_init)
        return _memo[key]

    setattr(Environment, "compile", compile_once)  # noqa: B010 - a method, replaced on purpose


def uninstall_compile_memo() -> None:
    """Put ``Environment.compile`` back and forget what was compiled (for tests)."""
    if _installed:
        setattr(Environment, "compile", _installed.pop())  # noqa: B010
        _memo.clear()


@contextmanager
def into_fresh_folder() -> Iterator[None]:
    """Render into a new, untracked folder without Copier's per-file Git index sync.

    After writing each file Copier asks Git (one ``git config`` process per file, ~33 per app)
    whether the destination's index must be told about an executable bit. herokube renders into
    a fresh staging folder that no Git index tracks, where that sync has nothing to do by Copier's
    own account (it returns when the file is not tracked), so it is skipped. A Copier without the
    method is left as it is.
    """
    from copier._main import Worker

    sync = getattr(Worker, "_sync_git_index_executable_bit", None)
    if sync is None:
        yield
        return
    setattr(Worker, "_sync_git_index_executable_bit", lambda *_args: None)  # noqa: B010
    try:
        yield
    finally:
        setattr(Worker, "_sync_git_index_executable_bit", sync)  # noqa: B010
