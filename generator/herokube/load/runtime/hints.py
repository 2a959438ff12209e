"""The language of an app with no source tree and no buildpack list, from what the export says.

Heroku's ``buildpack_provided_description`` ("Ruby/Rails", "Node.js") names the language the
buildpack detected; failing that, the programs the process commands start give it away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["buildpack_hint"]

# (pattern, buildpack): the first match wins; patterns match a description or a command's words.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), buildpack)
    for pattern, buildpack in (
        (r"^node|\b(node|npm|npx|yarn|pnpm)\b", "heroku/nodejs"),
        (
            r"^python|\b(python3?|gunicorn|uvicorn|celery|daphne|uwsgi|waitress-serve|flask)\b",
            "heroku/python",
        ),
        (r"^ruby|\b(bundle|rails|puma|unicorn|sidekiq|rake|rackup|thin)\b", "heroku/ruby"),
        (r"^php|\b(php|heroku-php-apache2|heroku-php-nginx|artisan)\b", "heroku/php"),
        (r"^(java|spring)|\bjava\b", "heroku/java"),
        (r"^scala|\b(sbt|target/universal/stage/bin)\b", "heroku/scala"),
        (r"^go\b|\bbin/[a-z0-9_-]+$", "heroku/go"),
        (r"^elixir|\b(mix|elixir)\b", "https://github.com/HashNuke/heroku-buildpack-elixir"),
    )
)


def buildpack_hint(description: str | None, commands: Iterable[str]) -> str | None:
    """The buildpack the description or the commands point at, or None."""
    for text in ([description] if description else []) + list(commands):
        for pattern, buildpack in _HINTS:
            if pattern.search(text.strip()):
                return buildpack
    return None
