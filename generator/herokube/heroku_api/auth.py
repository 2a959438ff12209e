"""Find the Heroku API token the way the Heroku CLI does: ``HEROKU_API_KEY``, else ``~/.netrc``."""

from __future__ import annotations

import netrc
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from herokube.errors import UserError

__all__ = ["NETRC_MACHINE", "Token", "resolve_token"]

# The Heroku CLI (`heroku login`) writes the token as the password of this machine entry.
NETRC_MACHINE = "api.heroku.com"


@dataclass(frozen=True)
class Token:
    """An API token and where it came from; ``repr`` never shows the value."""

    value: str = field(repr=False)
    origin: str

    def __str__(self) -> str:
        # A token formatted into a message by mistake shows where it came from, not what it is.
        return f"<token from {self.origin}>"


def _netrc_path(home: Path) -> Path:
    for name in (".netrc", "_netrc"):  # _netrc: the Windows spelling the Heroku CLI also reads
        candidate = home / name
        if candidate.is_file():
            return candidate
    return home / ".netrc"


def _check(token: str, origin: str) -> Token:
    token = token.strip()
    # A token with a line break would split the Authorization header; never echo it back.
    if not token or any(ch in token for ch in "\r\n\0"):
        raise UserError(f"the Heroku API token from {origin} is empty or malformed")
    return Token(token, origin)


def resolve_token(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Token:
    """The token from ``HEROKU_API_KEY``, else from the ``api.heroku.com`` entry of ``~/.netrc``.

    Raises ``UserError`` when neither holds one. Parse errors name the file and line only: the
    netrc module's own messages quote the offending token, which may be a credential.
    """
    env = os.environ if environ is None else environ
    from_env = env.get("HEROKU_API_KEY")
    if from_env:
        return _check(from_env, "HEROKU_API_KEY")
    path = _netrc_path(Path.home() if home is None else home)
    if not path.is_file():
        raise UserError(
            f"no Heroku API token: set HEROKU_API_KEY or run `heroku login` (which writes {path})"
        )
    try:
        entries = netrc.netrc(str(path))
    except netrc.NetrcParseError as error:
        raise UserError(f"{path}: cannot parse line {error.lineno}") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    entry = entries.authenticators(NETRC_MACHINE)
    if entry is None or not entry[2]:
        raise UserError(
            f"no Heroku API token: {path} has no password for machine {NETRC_MACHINE}; "
            "set HEROKU_API_KEY or run `heroku login`"
        )
    return _check(entry[2], f"{path} (machine {NETRC_MACHINE})")
