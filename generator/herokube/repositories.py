"""The app's Git repository as CI checks it out: GitHub's ``owner/name``, checked.

The CI workflow names the repository to check out; GitHub Actions evaluates ``${{ … }}``
anywhere in a workflow file, so only a name that matches GitHub's own rules may reach it.
Shared by load (app.json ``repository``, the export's ``source.repository``) and plan
(``--app-repo``).
"""

from __future__ import annotations

import re

from herokube.errors import UserError

__all__ = ["GITHUB", "app_repository", "github_repository", "image_repository"]

GITHUB = "https://github.com/"
# GitHub's rules: an owner is 1-39 letters, digits and single inner hyphens; a repository
# name is letters, digits, ".", "-" and "_" (not "." or "..").
_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_NAME = r"[A-Za-z0-9._-]{1,100}"
_SLUG = re.compile(rf"^({_OWNER})/({_NAME})$")
# https://, http://, git://, ssh://git@, git+https://, git@github.com: and github.com/ forms.
_GITHUB_URL = re.compile(
    r"^(?:(?:git\+)?(?:https?|git|ssh)://(?:[^/@]*@)?|git@)?(?:www\.)?github\.com[:/](?P<path>.*)$",
    re.IGNORECASE,
)


def _slug(path: str) -> str | None:
    # github.com/OWNER/NAME/tree/main is the same repository; a query or fragment is not part of it.
    path = re.split(r"[?#]", path.strip(), maxsplit=1)[0]
    path = "/".join(path.strip("/").split("/")[:2])
    path = path[: -len(".git")] if path.endswith(".git") else path
    match = _SLUG.match(path)
    if match is None or match.group(2) in (".", ".."):
        return None
    return f"{match.group(1)}/{match.group(2)}"


def github_repository(value: str, *, source: str, field: str | None = None) -> str | None:
    """``https://github.com/OWNER/NAME`` for a GitHub repository, None for any other host.

    ``OWNER/NAME`` alone counts as GitHub. A GitHub URL whose owner or name breaks GitHub's
    rules raises ``UserError`` naming ``source`` and ``field``.
    """
    text = value.strip()
    match = _GITHUB_URL.match(text)
    bare = text.count("/") == 1 and not re.search(r"[:@\s]", text)
    path = match.group("path") if match else (text if bare else None)
    if path is None:
        return None
    slug = _slug(path)
    if slug is None:
        raise UserError(
            "not a GitHub repository: expected OWNER/NAME (letters, digits, '-', '.', '_')",
            source=source,
            field=field,
        )
    return GITHUB + slug


# The reference grammar of the distribution spec, without tag or digest (those come later):
# lower-case path components separated by "/", an optional registry host[:port] first.
_IMAGE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"
)


def app_repository(option: str | None, loaded: str | None) -> str:
    """What CI checks out: ``--app-repo`` (checked, without credentials), else the app's own."""
    from herokube.secrets.urls import strip_url

    if not option:
        return loaded or ""
    stripped = strip_url(option)
    checked = github_repository(stripped, source="--app-repo")
    if checked is None:
        raise UserError(
            "CI checks out GitHub repositories: give https://github.com/OWNER/NAME or OWNER/NAME",
            source="--app-repo",
        )
    return checked


def image_repository(image: str, *, source: str) -> str:
    """``image`` when it is an image repository name (no tag), else ``UserError``."""
    if len(image) > 255 or not _IMAGE.match(image):
        raise UserError(
            "not an image repository (registry/path, lower-case, no tag)", source=source
        )
    return image
