"""Render a plan into a directory: Copier for the template, ruamel.yaml for per-environment data.

Everything is written into a temporary sibling of the target and moved in whole, so a failure
leaves nothing half-written behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from herokube.chartrepo import ANSWERS_FILE, values_file
from herokube.errors import UserError
from herokube.plan import Plan
from herokube.resources import template_dir
from herokube.secrets.urls import strip_urls_in
from herokube.signals import sigterm_unwinds
from herokube.yamlio import dump_yaml

__all__ = [
    "BUILTIN_TEMPLATE",
    "Template",
    "move_into_place",
    "render_tree",
    "staging_dir",
]

# What `.copier-answers.yml` records as the source when the template shipped with herokube
# is used: the install path differs per machine, and the output must not.
BUILTIN_TEMPLATE = "herokube:chart-templates"


@dataclass(frozen=True)
class Template:
    """``path`` is a folder or a Git URL holding ``copier.yml``; ``ref`` a tag or commit."""

    path: str | None = None
    ref: str | None = None

    @property
    def source(self) -> str:
        return self.path or str(template_dir())


def _first_missing_ancestor(path: Path) -> Path | None:
    missing = None
    for folder in (path, *path.parents):
        if folder.exists() or folder.is_symlink():
            break
        missing = folder
    return missing


@contextmanager
def staging_dir(target: Path, *, option: str = "--out") -> Iterator[Path]:
    """A temporary folder beside ``target`` (same file system, so the final move is atomic).

    The folder is removed on any exception, Ctrl-C and SIGTERM alike; folders created for
    ``target``'s parent go too. A folder that cannot be written is a ``UserError`` naming
    ``option``, raised before anything is left behind.
    """
    created = _first_missing_ancestor(target.parent)
    with sigterm_unwinds():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.herokube-", dir=target.parent))
        except OSError as error:
            _remove(created)
            raise UserError(_why_unwritable(error), source=str(target), field=option) from None
        try:
            yield staging
        except BaseException as error:
            _remove(created)
            if isinstance(error, OSError):
                # A full or read-only file system part way through: one line, nothing kept.
                raise UserError(_why_unwritable(error), source=str(target), field=option) from None
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _why_unwritable(error: OSError) -> str:
    if error.errno in (errno.EEXIST, errno.ENOTDIR):
        return "cannot write here: a parent of this path is a file, not a folder"
    if error.errno == errno.ENOSPC:
        return "cannot write here: no space left on the device; nothing was written"
    return f"cannot write here: {error.strerror or error}"


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def render_tree(plan: Plan, destination: Path, template: Template) -> None:
    """Write every file of the generated repository under ``destination`` (which exists, empty)."""
    from copier import run_copy
    from copier.errors import CopierError

    from herokube.render.copier_speed import (
        default_cache_dir,
        install_compile_memo,
        into_fresh_folder,
    )

    install_compile_memo(default_cache_dir())
    try:
        with into_fresh_folder():
            run_copy(
                template.source,
                str(destination),
                data=plan.answers,
                vcs_ref=template.ref,
                defaults=True,
                overwrite=True,
                quiet=True,
                # The template's Jinja filters are herokube's own (render.jinja_ext).
                unsafe=True,
                skip_tasks=True,
            )
    except CopierError as error:
        raise UserError(
            f"the template could not be rendered: {error}", source=strip_urls_in(template.source)
        ) from None
    for env, values in plan.environment_values.items():
        path = destination / values_file(env)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"# The {env} environment: only what differs from chart/values.yaml.\n"
        if values.get("migration") == {"cutover": False}:
            header += (
                "# It mirrors a Heroku app: web only (other processes at 0, CronJobs suspended)\n"
                "# until the cutover commit sets migration.cutover: true (docs/migration.md, 7).\n"
            )
        path.write_text(header + dump_yaml(values), encoding="utf-8")
    # A --template URL's credentials (https://token@host/...) are not recorded.
    _record_source(
        destination / ANSWERS_FILE,
        BUILTIN_TEMPLATE if template.path is None else strip_urls_in(template.path),
    )


def _record_source(answers_file: Path, source: str) -> None:
    lines = answers_file.read_text(encoding="utf-8").splitlines(keepends=True)
    rewritten = [
        dump_yaml({"_src_path": source}) if line.startswith("_src_path:") else line
        for line in lines
    ]
    answers_file.write_text("".join(rewritten), encoding="utf-8")


def move_into_place(staging: Path, target: Path) -> None:
    """Move the finished tree to ``target``; an existing empty folder is replaced."""
    if target.exists():
        target.rmdir()
    os.replace(staging, target)
