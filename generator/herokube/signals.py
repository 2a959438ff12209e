"""SIGTERM unwinds like Ctrl-C: every ``finally`` and context manager runs, so temporary folders go.

Python turns SIGINT into ``KeyboardInterrupt`` but lets SIGTERM (what ``kill``, CI runners and
container runtimes send) end the process on the spot, leaving staging folders behind. While
:func:`sigterm_unwinds` is active, SIGTERM raises :class:`Terminated` instead (exit 143).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Terminated", "sigterm_unwinds"]


class Terminated(SystemExit):
    """Raised by SIGTERM; a ``SystemExit`` so the process ends with 128 + 15 once unwound."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` for the duration (main thread only, else a no-op)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
