"""Custom domains as Kubernetes takes them, carried rather than refused.

Heroku accepts wildcard domains (``*.example.com``) and internationalised ones (``bücher.de``).
A wildcard is kept as written (an Ingress host may start with ``*.``); an internationalised
name is written as its IDNA (punycode) form, which is what DNS and Kubernetes read, with the
original named in a notice. Anything that is still not a DNS name is refused in one line.
"""

from __future__ import annotations

import re

import idna

from herokube.errors import UserError
from herokube.model import Notice

__all__ = ["kubernetes_hostname"]

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_HOSTNAME = re.compile(rf"(\*\.)?{_LABEL}(\.{_LABEL})*")
_MAX_LABEL = 63
_MAX_NAME = 253


def _ascii(name: str, *, source: str, field: str) -> str:
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise UserError(
            f"not a domain name DNS can carry: {error}", source=source, field=field
        ) from None


def kubernetes_hostname(hostname: str, *, source: str, field: str, notices: list[Notice]) -> str:
    """``hostname`` as an Ingress host: lower case, punycode, a ``*.`` prefix kept."""
    name = hostname.strip().rstrip(".").lower()
    wildcard = name.startswith("*.")
    rest = name[2:] if wildcard else name
    if not rest.isascii():
        rest = _ascii(rest, source=source, field=field)
        notices.append(
            Notice(
                "domain-idn",
                f"{source}: {field}",
                f"{hostname} is written as {'*.' if wildcard else ''}{rest} (IDNA), the form "
                "DNS and Kubernetes read",
            )
        )
    name = f"*.{rest}" if wildcard else rest
    labels = rest.split(".")
    if (
        not _HOSTNAME.fullmatch(name)
        or len(name) > _MAX_NAME
        or any(len(label) > _MAX_LABEL for label in labels)
    ):
        raise UserError(
            f"{hostname[:80]!r} is not a domain name (letters, digits, dashes and dots; "
            "a leading *. for a wildcard)",
            source=source,
            field=field,
        )
    if wildcard:
        notices.append(
            Notice(
                "domain-wildcard",
                f"{source}: {field}",
                f"{name}: kept as written; cert-manager issues a wildcard certificate only "
                "through a DNS-01 solver, so the ClusterIssuer needs one",
            )
        )
    return name
