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
from herokube.load.export import Export
from herokube.model import Domain, Notice

__all__ = ["export_domains", "kubernetes_hostname"]

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


def export_domains(export: Export, source: str, notices: list[Notice]) -> tuple[Domain, ...]:
    """The export's domains; custom ones as Kubernetes takes them (``*.herokuapp.com`` stays)."""
    domains = []
    for index, entry in enumerate(export.domains):
        kind = entry.kind or ("heroku" if entry.hostname.endswith(".herokuapp.com") else "custom")
        hostname = entry.hostname
        if kind == "custom":
            field = f"domains[{index}].hostname"
            hostname = kubernetes_hostname(hostname, source=source, field=field, notices=notices)
        domains.append(Domain(hostname, kind, entry.acm_status, entry.sni_endpoint))
    return tuple(domains)
