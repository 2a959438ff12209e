"""Config vars with their origin (user, add-on, platform) and the secret judgement applied.

The Platform API merges user-set and add-on-set vars into one object; the only way to tell
them apart is each add-on's ``config_vars`` list and the names it is attached under.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from herokube.heroku_api.redact import fingerprint
from herokube.secrets import is_secret

__all__ = ["AddonVars", "Origin", "build_config_vars", "classify"]


@dataclass(frozen=True)
class AddonVars:
    """An add-on, the var names it declares and the names it is attached under on this app."""

    addon: str
    config_vars: tuple[str, ...]
    attachments: tuple[str, ...]


@dataclass(frozen=True)
class Origin:
    """Who set a var: ``kind`` is user, addon or heroku; add-on vars name the add-on."""

    kind: str
    addon: str | None = None
    attachment: str | None = None

    def as_json(self) -> dict[str, str]:
        data = {"kind": self.kind}
        if self.addon:
            data["addon"] = self.addon
        if self.attachment:
            data["attachment"] = self.attachment
        return data


def _attachment_for(var: str, attachments: Sequence[str]) -> str | None:
    # The longest attachment name that prefixes the var: HEROKU_POSTGRESQL_CRIMSON beats HEROKU.
    matches = [name for name in attachments if var == name or var.startswith(f"{name}_")]
    if matches:
        return max(matches, key=len)
    return min(attachments) if attachments else None


def _suffixes(addon: AddonVars) -> set[str]:
    """The parts after the attachment name (``_URL``, ``_TLS_URL``) of the declared vars."""
    found = set()
    for var in addon.config_vars:
        prefixes = [a for a in addon.attachments if var.startswith(f"{a}_")]
        if prefixes:
            found.add(var[len(max(prefixes, key=len)) :])
            continue
        # Declared under an attachment on another app (a shared add-on): every ``_``-tail is
        # a candidate. Prefixed with this app's attachment names they cannot be user names.
        found.update(var[i:] for i, ch in enumerate(var) if ch == "_" and 0 < i < len(var) - 1)
    return found


def classify(names: Sequence[str], addons: Sequence[AddonVars]) -> dict[str, Origin]:
    """The origin of every var name.

    An add-on's declared vars are its own; the same suffixes under its other attachment names
    (``HEROKU_POSTGRESQL_CRIMSON_URL`` next to ``DATABASE_URL``) are too. ``HEROKU_*`` names
    that no add-on claims are platform-set (the prefix is reserved for Heroku).
    """
    owner: dict[str, Origin] = {}
    for addon in sorted(addons, key=lambda a: a.addon):
        for var in addon.config_vars:
            owner.setdefault(
                var, Origin("addon", addon.addon, _attachment_for(var, addon.attachments))
            )
        for suffix in _suffixes(addon):
            for attachment in addon.attachments:
                owner.setdefault(f"{attachment}{suffix}", Origin("addon", addon.addon, attachment))
    origins = {}
    for name in names:
        if name in owner:
            origins[name] = owner[name]
        elif name.startswith("HEROKU_"):
            origins[name] = Origin("heroku")
        else:
            origins[name] = Origin("user")
    return origins


def build_config_vars(
    values: Mapping[str, str | None], addons: Sequence[AddonVars], *, include_secrets: bool
) -> list[dict[str, Any]]:
    """Export entries sorted by name; secret values withheld unless ``include_secrets``."""
    origins = classify(sorted(values), addons)
    entries: list[dict[str, Any]] = []
    for name in sorted(values):
        value = values[name]
        origin = origins[name]
        secret = is_secret(name, value, origin.kind)
        entry: dict[str, Any] = {"name": name}
        if secret and not include_secrets:
            entry["value"] = None
            entry["redacted"] = True
            if value is not None:
                entry["sha256"] = fingerprint(value)
        else:
            entry["value"] = value
        entry["secret"] = secret
        entry["source"] = origin.as_json()
        entries.append(entry)
    return entries
