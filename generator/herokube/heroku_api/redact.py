"""Take credentials out of what the export keeps: URL user info, key-like query values and paths.

The export marks what it withheld with ``REDACTED`` (the file is a record of the Heroku app);
``herokube new`` strips URLs instead (``herokube.secrets.urls``). Both judge with the same
parameter names and the same value detection.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from herokube.secrets import credential_kind
from herokube.secrets.urls import CREDENTIAL_PARAMETER, REDACTED

__all__ = ["REDACTED", "fingerprint", "redact_url"]


def fingerprint(value: str) -> str:
    """Hex sha256 of a value, so a later export can tell whether a withheld secret changed."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _redact_netloc(netloc: str) -> str:
    if "@" not in netloc:
        return netloc
    userinfo, _, hostport = netloc.rpartition("@")
    # Either half may be the credential (https://TOKEN@host, https://user:pass@host).
    masked = f"{REDACTED}:{REDACTED}" if ":" in userinfo else REDACTED
    return f"{masked}@{hostport}"


def _redact_path(path: str) -> str:
    # Some providers put the API key in the path (https://intake.example/v1/input/<key>).
    parts = [REDACTED if credential_kind(part) else part for part in path.split("/")]
    return "/".join(parts)


def _redact_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [
        (
            name,
            REDACTED
            if (CREDENTIAL_PARAMETER.search(name) or credential_kind(value)) and value
            else value,
        )
        for name, value in pairs
    ]
    return urlencode(kept, quote_via=quote, safe="")


def redact_url(url: str) -> str:
    """The URL with credentials replaced by ``REDACTED``; unparsable input is withheld whole."""
    try:
        parts = urlsplit(url)
        netloc = _redact_netloc(parts.netloc)
    except ValueError:
        return REDACTED
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            _redact_path(parts.path),
            _redact_query(parts.query),
            REDACTED if parts.fragment else "",
        )
    )
