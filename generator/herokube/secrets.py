"""Which config vars are secrets: one judgement shared by the exporter and the loader."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["is_secret", "looks_like_key", "url_has_password"]

# Heroku's own guidance and the knowledge base: credentials hide behind these name parts.
_SECRET_NAME = re.compile(
    r"(SECRET|TOKEN|KEY|PASSWORD|PASSWD|PASS|CREDENTIAL|PRIVATE|DSN|AUTH|SALT|CERT)",
    re.IGNORECASE,
)
# Names that contain a secret-looking part but hold plain settings.
_PLAIN_NAME = re.compile(r"^(.*_)?(PUBLIC_KEY|PUBLISHABLE_KEY|KEYWORDS?)$", re.IGNORECASE)
_KEYLIKE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/=_\-]{32,}$")


def looks_like_key(value: str) -> bool:
    """A long unbroken run of letters and digits: an API key, a token, a hex secret."""
    return bool(_KEYLIKE.match(value.strip()))


def url_has_password(value: str) -> bool:
    if "://" not in value:
        return False
    try:
        return bool(urlsplit(value.strip()).password)
    except ValueError:
        return False


def is_secret(name: str, value: str | None, origin: str = "user") -> bool:
    """True when the variable must only ever be referenced, never written.

    Add-on variables are always secrets (they carry the add-on's credentials); so are names
    that say so, URLs with a password and values that look like keys.
    """
    if origin == "addon":
        return True
    if _SECRET_NAME.search(name) and not _PLAIN_NAME.match(name):
        return True
    if value is None:
        return False
    return url_has_password(value) or looks_like_key(value)
