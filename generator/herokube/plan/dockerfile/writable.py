"""Processes that write to their working directory, and the writable paths they get.

The pods run with a read-only root filesystem (Pod Security "restricted"); ``/tmp`` and the
app-wide paths a framework writes (Rails ``tmp/`` and ``log/``, Laravel ``storage/``, Next.js
``.next/cache`` ...: ``writable_paths`` from the load stage) are mounted for every process. What
one process writes because of its command is found here, per process:

- ``celery beat`` (and ``celery worker -B``) writes ``celerybeat-schedule`` into its working
  directory and exits when it cannot: the command gets ``--schedule`` under ``/var/lib/celery``,
  a writable mount of that process only (the schedule is as ephemeral as on a dyno);
- ``puma`` writes its pid file (and, with bootsnap, its cache) under ``tmp/``;
- ``next start`` writes ``.next/cache`` (image optimisation, ISR).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

from herokube.model import Runtime

__all__ = ["CELERY_STATE", "writable_commands"]

CELERY_STATE = "/var/lib/celery"
_SHELL = re.compile(r"[;&|`\n]|\$\(")
_CELERY_BEAT = re.compile(r"\bcelery\b.*(\sbeat\b|\s-B\b|\s--beat\b)")
_SCHEDULE = re.compile(r"(\s-s\b|\s-s\S|--schedule\b)")


def _celery(command: str) -> tuple[str, tuple[str, ...]]:
    if not _CELERY_BEAT.search(command):
        return command, ()
    if _SCHEDULE.search(command) or _SHELL.search(command):
        # An explicit schedule (or a shell line we will not rewrite): the mount is still there.
        return command, (CELERY_STATE,)
    schedule = shlex.quote(f"{CELERY_STATE}/celerybeat-schedule")
    return f"{command.rstrip()} --schedule {schedule}", (CELERY_STATE,)


def _by_command(runtime: Runtime, command: str) -> tuple[str, ...]:
    words = set(re.split(r"[\s/]+", command))
    paths: list[str] = []
    if "puma" in words or (
        "bootsnap" in runtime.facts.get("gems", []) and "ruby" in runtime.languages
    ):
        paths.append("/app/tmp")
    if "next" in words and "start" in words:
        paths.append("/app/.next/cache")
    return tuple(paths)


def writable_commands(
    runtime: Runtime, processes: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Commands rewritten to write where they may, and each process's own writable paths."""
    app_wide = set(runtime.facts.get("writable_paths", [])) | {"/tmp"}
    commands: dict[str, str] = {}
    writable: dict[str, tuple[str, ...]] = {}
    for name, command in sorted(processes.items()):
        rewritten, celery = _celery(command)
        commands[name] = rewritten
        paths = [p for p in (*celery, *_by_command(runtime, command)) if p not in app_wide]
        if paths:
            writable[name] = tuple(dict.fromkeys(paths))
    return commands, writable
