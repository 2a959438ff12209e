"""Heroku log drain URLs with every credential marked ``REDACTED`` where it stood.

A drain URL is judged more strictly than other URLs: log providers put the account's ingest
token anywhere (``https://user:TOKEN@host``, ``?dd-api-key=``, ``?source_token=``, a path
segment such as ``/heroku/<token>`` or ``/ingest/<uuid>``), and whoever holds it can write into
the team's log account. So a drain's credential is:

- its user info (user and password both);
- every query value whose name says credential (``token``, ``key`` ...), or that detect-secrets
  or the token shape below recognises;
- every path segment detect-secrets recognises, or that has the shape of a token: 16 characters
  or more of letters, digits, ``-`` and ``_``, with at least one digit and one letter (random
  ids and UUIDs; a word like ``heroku`` or ``v2`` is not one).

Scheme, host and port are addresses, not credentials: a Papertrail destination
(``syslog+tls://logsN.papertrailapp.com:PORT``) names the account but accepts logs only as
configured in Papertrail, and the operator's syslog output takes host and port as plain text.

The marks stay in place (as the export writes them) so the planner can tell where each drain
needs a value from the secret store (``herokube.plan.logging``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from herokube.secrets.detect import credential_kind
from herokube.secrets.urls import REDACTED, mark_url

__all__ = ["drain_token_like", "redact_drain_url"]

_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{16,}$")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")


def drain_token_like(value: str) -> bool:
    """True for a value that is a credential in a drain URL (see the module's rules)."""
    if not value or value == REDACTED:
        return False
    if credential_kind(value):
        return True
    return bool(_TOKEN_SHAPE.match(value) and _DIGIT.search(value) and _LETTER.search(value))


def redact_drain_url(url: str) -> str:
    """``url`` with each credential replaced by ``REDACTED``; an unparsable URL is withheld whole."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return REDACTED
    if not parts.scheme or not parts.hostname:
        return REDACTED
    return mark_url(url, token_like=drain_token_like)
