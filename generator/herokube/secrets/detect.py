"""Credentials recognised by their value, with Yelp's detect-secrets plugins.

The plugins are used in-process and one by one (no baseline, no scan settings). They are
imported on first use, and never verify a finding online: a credential must not leave the
machine. detect-secrets imports ``requests`` only for that verification, so while it is
imported an offline stand-in takes its place (``_offline_requests``): nothing can be sent, and
``herokube new`` does not pay the ~150 ms ``requests`` costs to import. A ``requests`` that is
already imported is left alone, and the stand-in is gone from ``sys.modules`` afterwards.
"""

from __future__ import annotations

import re
import string
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import import_module
from typing import Any

__all__ = [
    "PRIVATE_KEY",
    "OfflineError",
    "credential_kind",
    "credentials_in",
    "findings",
    "high_entropy",
    "longest_first",
]

PRIVATE_KEY = "Private Key"
"""detect-secrets' name for a PEM, OpenSSH, PGP or PuTTY private key."""

# (module, class) of the detect-secrets plugins that recognise a credential by its shape alone.
# Left out: the keyword plugin (it reads source code, herokube judges names itself), the public
# IP plugin (an address is configuration) and the IBM/Cloudant/Softlayer ones (they need the
# surrounding source line).
_PLUGINS = (
    ("artifactory", "ArtifactoryDetector"),
    ("aws", "AWSKeyDetector"),
    ("azure_storage_key", "AzureStorageKeyDetector"),
    ("basic_auth", "BasicAuthDetector"),
    ("discord", "DiscordBotTokenDetector"),
    ("github_token", "GitHubTokenDetector"),
    ("gitlab_token", "GitLabTokenDetector"),
    ("jwt", "JwtTokenDetector"),
    ("mailchimp", "MailchimpDetector"),
    ("npm", "NpmDetector"),
    ("openai", "OpenAIDetector"),
    ("private_key", "PrivateKeyDetector"),
    ("pypi_token", "PypiTokenDetector"),
    ("sendgrid", "SendGridDetector"),
    ("slack", "SlackDetector"),
    ("square_oauth", "SquareOAuthDetector"),
    ("stripe", "StripeDetector"),
    ("telegram_token", "TelegramBotTokenDetector"),
    ("twilio", "TwilioKeyDetector"),
)

# High entropy, as detect-secrets' own defaults judge it (base64 above 4.5 bits per character,
# hex above 3.0), but only for one unbroken run of at least 20 characters: `production`, a
# host name, a path or a sentence is configuration, not a key.
_MIN_ENTROPY_LENGTH = 20
_BASE64 = string.ascii_letters + string.digits + "+/-_="
_HEX = string.hexdigits
_BASE64_RUN = re.compile(r"^[A-Za-z0-9+/\-_=]+$")
_HEX_RUN = re.compile(r"^[0-9a-fA-F]+$")
# Values longer than this are not scanned whole by the regex plugins (Heroku caps an app's
# config at 64 KB; a PEM key is a few KB), so a hostile input cannot make a scan slow.
_MAX_SCAN = 65536
_TOKEN_CHAR = re.compile(r"[A-Za-z0-9\-_.+/=~]")


class OfflineError(Exception):
    """What every name of the ``requests`` stand-in is: nothing that can reach a network."""


class _OfflineRequests(types.ModuleType):
    # detect-secrets names requests.exceptions.RequestException in except clauses and
    # requests.Response in annotations; a call (requests.get ...) fails, as it must.
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return OfflineError if name[:1].isupper() else _OfflineRequests(f"requests.{name}")


@contextmanager
def _offline_requests() -> Iterator[None]:
    if "requests" in sys.modules:
        yield
        return
    sys.modules["requests"] = _OfflineRequests("requests")
    try:
        yield
    finally:
        del sys.modules["requests"]


@cache
def _plugin_modules() -> dict[str, Any]:
    with _offline_requests():
        names = [name for name, _ in _PLUGINS] + ["high_entropy_strings"]
        return {name: import_module(f"detect_secrets.plugins.{name}") for name in names}


@cache
def _detectors() -> tuple[Any, ...]:
    modules = _plugin_modules()
    return tuple(getattr(modules[module], cls)() for module, cls in _PLUGINS)


@cache
def _entropy_plugins() -> tuple[Any, Any]:
    module = _plugin_modules()["high_entropy_strings"]
    return module.Base64HighEntropyString(), module.HexHighEntropyString()


def high_entropy(word: str) -> bool:
    """One unbroken run of base64 or hex characters random enough to be a key."""
    # A number (an account ID, a phone number) is configuration, however long.
    if len(word) < _MIN_ENTROPY_LENGTH or len(word) > _MAX_SCAN or word.isdigit():
        return False
    base64_plugin, hex_plugin = _entropy_plugins()
    if _HEX_RUN.match(word):
        return bool(hex_plugin.calculate_shannon_entropy(word) > hex_plugin.entropy_limit)
    if _BASE64_RUN.match(word):
        return bool(base64_plugin.calculate_shannon_entropy(word) > base64_plugin.entropy_limit)
    return False


def _matches(value: str) -> Iterator[tuple[str, str]]:
    text = value[:_MAX_SCAN]
    for detector in _detectors():
        for found in detector.analyze_string(text):
            if found:
                yield detector.secret_type, found


def _whole_token(text: str, match: str) -> str:
    # Some plugin patterns stop early (the JWT one ends lazily, before the signature): a
    # credential is the whole unbroken run of token characters around what the plugin found.
    start = text.find(match)
    if start < 0:
        return match
    end = start + len(match)
    while start > 0 and _TOKEN_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _TOKEN_CHAR.match(text[end]):
        end += 1
    return text[start:end]


def findings(value: str) -> list[tuple[str, str]]:
    """Every (kind, whole token) the plugins find in ``value``, in plugin order: one scan that
    both ``credential_kind``'s first match and ``credentials_in`` can be read from."""
    return [(str(kind), _whole_token(value, match)) for kind, match in _matches(value)]


def longest_first(found: Sequence[tuple[str, str]]) -> Sequence[str]:
    """The distinct tokens of ``findings``, longest first."""
    return sorted({token for _, token in found}, key=len, reverse=True)


def credentials_in(value: str) -> Sequence[str]:
    """Every substring of ``value`` that a plugin recognises as a credential, longest first."""
    return longest_first(findings(value))


def credential_kind(value: str) -> str | None:
    """What kind of credential ``value`` holds (detect-secrets' name for it), or None.

    A value that *contains* a credential counts: a PEM key inside JSON, a webhook URL, a
    connection string with a password. A value that is one high-entropy word counts too.
    """
    if not value or value.isspace():
        return None
    for kind, _ in _matches(value):
        return str(kind)
    stripped = value.strip()
    if high_entropy(stripped):
        return "High Entropy String"
    return None
