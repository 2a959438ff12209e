"""URLs without their credentials: user info, credential query parameters, key-like path parts.

herokube writes URLs the user gave it (repository, buildpack, log drain, add-on details) into
files and prints them; none of them may carry the credential the URL held.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from herokube.secrets.detect import (
    PRIVATE_KEY,
    credential_kind,
    credentials_in,
    findings,
    high_entropy,
    longest_first,
)

__all__ = [
    "CREDENTIAL_PARAMETER",
    "REDACTED",
    "mark_url",
    "scrub_text",
    "strip_url",
    "strip_urls_in",
    "url_credentials",
    "url_has_password",
]

REDACTED = "REDACTED"

# Query parameters that carry credentials (log drain and webhook URLs of common providers).
CREDENTIAL_PARAMETER = re.compile(
    r"(token|key|secret|password|passwd|pass|auth|signature|sig|dsn|credential)", re.IGNORECASE
)
# A URL inside free text: scheme://, then everything up to white space or a quote.
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"'<>`]+")
_WORD = re.compile(r"[A-Za-z0-9+/\-_=]{20,}")


_PLAIN_VALUES = {"true", "false", "yes", "no", "on", "off", "none", "null"}


def _credential_parameter(name: str, value: str) -> bool:
    """``?api_key=abc``: a credential by its name (unless the value is a flag or a number),
    or any value detect-secrets recognises."""
    if not value:
        return False
    if CREDENTIAL_PARAMETER.search(name) and not (
        value.lower() in _PLAIN_VALUES or value.isdigit()
    ):
        return True
    return credential_kind(value) is not None


def url_has_password(value: str) -> bool:
    """True for ``scheme://user:password@host``."""
    if "://" not in value:
        return False
    try:
        return bool(urlsplit(value.strip()).password)
    except ValueError:
        return False


def url_credentials(url: str) -> list[str]:
    """The credential parts of ``url``: its user info and credential query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    found = []
    if "@" in parts.netloc:
        found.append(parts.netloc.rpartition("@")[0])
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _credential_parameter(name, value):
            found.append(value)
    found += [p for p in parts.path.split("/") if p and credential_kind(p)]
    return found


def _strip_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _credential_parameter(name, value)]
    # Re-encoded only when something was taken out, so an ordinary query stays byte for byte.
    return query if len(kept) == len(pairs) else urlencode(kept, quote_via=quote, safe="")


def _marked_query(query: str, is_credential: Callable[[str, str], bool]) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    marked = [(name, REDACTED if is_credential(name, value) else value) for name, value in pairs]
    # Re-encoded only when something was marked, so an ordinary query stays byte for byte.
    return query if marked == pairs else urlencode(marked, quote_via=quote, safe="")


def mark_url(url: str, *, token_like: Callable[[str], bool] | None = None) -> str:
    """``url`` with each credential replaced by ``REDACTED`` where it stood: the record's rule
    (the export file, ``.herokube/app.json``), where ``strip_url`` takes credentials out.

    A credential is the user info (either half), a query value by its name or its look, a path
    part detect-secrets recognises, and any fragment. ``token_like`` widens what a path part or
    query value counts as (a log drain's ingest token: ``secrets.drains``). A URL that does not
    parse is withheld whole.
    """
    extra = token_like or (lambda _value: False)
    try:
        parts = urlsplit(url.strip())
        netloc = parts.netloc
    except ValueError:
        return REDACTED
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        # Either half may be the credential (https://TOKEN@host, https://user:pass@host).
        netloc = (
            f"{REDACTED}:{REDACTED}@{hostport}" if ":" in userinfo else f"{REDACTED}@{hostport}"
        )
    path = "/".join(
        REDACTED if p and p != REDACTED and (credential_kind(p) or extra(p)) else p
        for p in parts.path.split("/")
    )
    query = _marked_query(
        parts.query,
        lambda name, value: (
            bool(value)
            and value != REDACTED
            and (_credential_parameter(name, value) or extra(value))
        ),
    )
    return urlunsplit((parts.scheme, netloc, path, query, REDACTED if parts.fragment else ""))


def strip_url(url: str) -> str:
    """``url`` without user info and credential query parameters; key-like path parts and
    fragments become ``REDACTED``. A string that is not a URL is returned unchanged unless it
    holds a credential (then ``REDACTED``)."""
    if "://" not in url:
        return REDACTED if credential_kind(url) else url
    try:
        parts = urlsplit(url.strip())
        hostport = parts.netloc.rpartition("@")[2]
    except ValueError:
        return REDACTED
    path = "/".join(REDACTED if credential_kind(p) else p for p in parts.path.split("/"))
    stripped = urlunsplit(
        (
            parts.scheme,
            hostport,
            path,
            _strip_query(parts.query),
            REDACTED if parts.fragment and credential_kind(parts.fragment) else parts.fragment,
        )
    )
    # What the URL rules cannot see (a token in an odd place) detect-secrets may still find;
    # a plugin that matches a whole URL (a Slack webhook) has its secret in the last segment.
    for found in credentials_in(stripped):
        redacted = f"{found.rpartition('/')[0]}/{REDACTED}" if "://" in found else REDACTED
        stripped = stripped.replace(found, redacted)
    return stripped


def strip_urls_in(text: str) -> str:
    """``text`` with every URL in it stripped of its credentials, nothing else changed."""
    return _URL_IN_TEXT.sub(lambda m: strip_url(m.group(0)), text) if "://" in text else text


def scrub_text(text: str) -> str:
    """Free text with every URL stripped and every recognised credential ``REDACTED``.

    A private key anywhere makes the whole text ``REDACTED``: the plugin finds its header,
    not where the key ends.
    """
    hits = findings(text)  # one scan: its first kind is what credential_kind would say
    if hits and hits[0][0] == PRIVATE_KEY:
        return REDACTED
    scrubbed = strip_urls_in(text)
    # The same text gives the same findings: scan again only where stripping URLs changed it.
    for found in longest_first(hits) if scrubbed == text else credentials_in(scrubbed):
        scrubbed = scrubbed.replace(found, REDACTED)
    for word in set(_WORD.findall(scrubbed)):
        if high_entropy(word):
            scrubbed = scrubbed.replace(word, REDACTED)
    return scrubbed
