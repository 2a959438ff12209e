"""Which values are credentials: one judgement shared by the exporter, the loader and assess.

A config var is a secret when its origin, its name or its *value* says so. Values are judged
by Yelp's detect-secrets plugins (``detect``); URLs by their user info and query parameters
(``urls``); commands by the words that carry credentials (``commands``). The loader applies
all of it (``app.without_credentials``) so that no credential value ever enters the model.
"""

from __future__ import annotations

import re

from herokube.secrets.detect import credential_kind
from herokube.secrets.urls import (
    REDACTED,
    scrub_text,
    strip_url,
    url_credentials,
    url_has_password,
)

__all__ = [
    "REDACTED",
    "credential_kind",
    "is_secret",
    "scrub_text",
    "secret_name",
    "strip_url",
    "url_credentials",
    "url_has_password",
]

# Heroku's own guidance and the knowledge base: credentials hide behind these name parts.
_SECRET_NAME = re.compile(
    r"(SECRET|TOKEN|KEY|PASSWORD|PASSWD|PASS|CREDENTIAL|PRIVATE|DSN|AUTH|SALT|CERT)",
    re.IGNORECASE,
)
# Names that contain a secret-looking part but hold plain settings.
_PLAIN_NAME = re.compile(r"^(.*_)?(PUBLIC_KEY|PUBLISHABLE_KEY|KEYWORDS?)$", re.IGNORECASE)


def secret_name(name: str) -> bool:
    """A name that says it holds a credential (``API_TOKEN``, ``DB_PASSWORD`` ...)."""
    return bool(_SECRET_NAME.search(name)) and not _PLAIN_NAME.match(name)


def is_secret(name: str, value: str | None, origin: str = "user") -> bool:
    """True when the variable must only ever be referenced, never written.

    Add-on variables are always secrets (they carry the add-on's credentials); so are names
    that say so, and values that hold a credential: anything a detect-secrets plugin
    recognises (JWT, private key, Slack, Stripe, GitHub, AWS ..., a random-looking key) and
    URLs with user info or a credential query parameter.
    """
    if origin == "addon":
        return True
    if secret_name(name):
        return True
    if value is None:
        return False
    if "://" in value and url_credentials(value.strip()):
        return True
    return credential_kind(value) is not None
