"""Copier, made cheaper for the way herokube renders.

``install_compile_memo``: compile each Jinja template once. Copier builds a new Jinja
environment for every render and compiles every file and path template again (~70 templates,
about half of a render's time). A compiled template is a code object that binds to no
environment (``Template.from_code`` runs it in a fresh namespace with the environment it is given:
what Jinja's own bytecode cache relies on), so it can serve any environment whose parsing and
code generation settings are the same; those settings are part of the key. In memory it serves a
fleet worker's many renders; on disk (a cache folder, as Jinja's ``FileSystemBytecodeCache``
keeps one) it serves every later ``herokube new``. The disk key also holds the Python bytecode
version and Jinja's version; a cache entry that cannot be read is compiled again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import Environment, nodes

__all__ = [
    "default_cache_dir",
    "install_compile_memo",
    "into_fresh_folder",
    "uninstall_compile_memo",
]

_Compile = Callable[..., Any]
_memo: dict[tuple[Any, ...], Any] = {}
_installed: list[_Compile] = []
_disk: list[Path] = []


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/herokube/jinja`` (``~/.cache/herokube/jinja``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "herokube" / "jinja"


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


# Jinja's optimizer runs filters over constants at compile time, so compiled code can hold what
# a pure filter returned: herokube's version is in the disk key, and _FORMAT goes up whenever a
# filter's result changes without a release (2: pinned_action became unfoldable).
_FORMAT = 2


def _disk_name(key: tuple[Any, ...]) -> str:
    """A stable digest of ``key`` (sets sorted: their order changes between processes)."""
    from herokube import __version__

    settings, *rest = key
    canonical = [
        repr(part) if not isinstance(part, frozenset) else sorted(part) for part in settings
    ]
    text = json.dumps(
        [
            _FORMAT,
            __version__,
            importlib.util.MAGIC_NUMBER.hex(),
            jinja2.__version__,
            canonical,
            rest,
        ],
        default=repr,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _disk_load(key: tuple[Any, ...]) -> CodeType | None:
    if not _disk:
        return None
    try:
        code = marshal.loads((_disk[0] / _disk_name(key)).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # absent or unreadable: compile again
    return code if isinstance(code, CodeType) else None


def _disk_store(key: tuple[Any, ...], code: Any) -> None:
    if not _disk or not isinstance(code, CodeType):
        return
    folder = _disk[0]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(code))
        os.replace(temporary, folder / _disk_name(key))
    except OSError:
        pass  # a cache: a read-only or full disk costs the next run a compile, nothing more


def install_compile_memo(cache_dir: Path | None = None) -> None:
    """Memoise ``Environment.compile`` for the rest of this process (idempotent).

    With ``cache_dir`` compiled templates are also kept on disk for later processes.
    """
    if cache_dir is not None:
        _disk[:] = [cache_dir]
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
            code = _disk_load(key)
            if code is None:
                code = original(self, source, name, filename, raw, defer_init)
                _disk_store(key, code)
            _memo[key] = code
        return _memo[key]

    setattr(Environment, "compile", compile_once)  # noqa: B010 - a method, replaced on purpose


def uninstall_compile_memo() -> None:
    """Put ``Environment.compile`` back and forget what was compiled (for tests)."""
    if _installed:
        setattr(Environment, "compile", _installed.pop())  # noqa: B010
        _memo.clear()
        _disk.clear()


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
