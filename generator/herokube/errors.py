"""One error hierarchy: a ``UserError`` is printed as one line and exits 2; anything else is a bug."""

from __future__ import annotations

__all__ = ["HerokubeError", "UserError"]


class HerokubeError(Exception):
    """Base of every error herokube raises on purpose."""


class UserError(HerokubeError):
    """Something the user must fix: bad input, a refused output directory, a dirty tree.

    ``source`` names the file (and ``field`` the dotted key) so the one line on stderr
    says where to look: ``export.json: formation[0].quantity: must be >= 0``.
    """

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.message = message
        self.source = source
        self.field = field
        super().__init__(self.line())

    def line(self) -> str:
        where = ": ".join(part for part in (self.source, self.field) if part)
        text = f"{where}: {self.message}" if where else self.message
        # One line, always: a message built from user data must not smuggle in line breaks.
        return " ".join(text.split())
