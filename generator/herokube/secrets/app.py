"""The loaded app without a credential value anywhere: the last step of the load stage.

Config vars are judged as they are read (``is_secret``); this pass covers everything else the
model carries from the input: commands (credentials move into secret variables), URLs
(repository, buildpacks: user info and credential parameters stripped; log drains: each
credential marked ``REDACTED`` in place, ``secrets.drains``), add-on
``details`` and the raw app.json (recorded in ``.herokube/app.json``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from herokube.errors import UserError
from herokube.model import App, ConfigVar, Notice, Runtime
from herokube.secrets import is_secret
from herokube.secrets.commands import CommandRefused, move_credentials
from herokube.secrets.drains import redact_drain_url
from herokube.secrets.urls import REDACTED, scrub_text, strip_url, strip_urls_in

__all__ = ["scrub_command", "scrub_data", "without_credentials"]

_PREFIX = "HEROKUBE_SECRET"


def scrub_data(data: Any, scrub: Callable[[str], str] = scrub_text) -> Any:
    """``data`` (JSON-like) with every string scrubbed: URLs stripped, credentials redacted."""
    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, Mapping):
        return {key: scrub_data(value, scrub) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [scrub_data(value, scrub) for value in data]
    return data


def scrub_command(command: str) -> str:
    """A command kept only as a record (app.json scripts): credentials become ``REDACTED``."""
    try:
        return move_credentials(command, lambda _part, _name: REDACTED).command
    except CommandRefused:
        return REDACTED


class _Names:
    """Secret variable names for moved credentials, never one the app already uses."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.values: dict[str, str] = {}

    def allocator(self, owner: str) -> Callable[[str, str | None], str]:
        label = re.sub(r"[^A-Z0-9]+", "_", owner.upper()).strip("_") or "PROCESS"
        counter = [0]

        def allocate(value: str, assigned: str | None) -> str:
            if assigned and self.values.get(assigned, value) == value:
                if assigned not in self.taken or assigned in self.values:
                    self.values[assigned] = value
                    self.taken.add(assigned)
                    return assigned
            existing = next((n for n, v in self.values.items() if v == value), None)
            if existing and existing.startswith(f"{_PREFIX}_{label}_"):
                return existing
            while True:
                counter[0] += 1
                name = f"{_PREFIX}_{label}_{counter[0]}"
                if name not in self.taken:
                    break
            self.values[name] = value
            self.taken.add(name)
            return name

        return allocate


def _moved_notice(field: str, names: list[str]) -> Notice:
    listed = ", ".join(names)
    return Notice(
        "command-credential-moved",
        field,
        f"a credential in this command now reads {listed} from the secret store: store the "
        "value there before the first deploy",
    )


def _commands(app: App, source: str, notices: list[Notice]) -> App:
    names = _Names({v.name for v in app.config_vars})
    moved: list[str] = []

    def move(owner: str, field: str, command: str) -> str:
        try:
            result = move_credentials(command, names.allocator(owner))
        except CommandRefused as refused:
            raise UserError(
                f"the command holds a credential herokube cannot move ({refused}); "
                "put it in a config var and read that",
                source=source,
                field=field,
            ) from None
        if result.moved:
            notices.append(_moved_notice(field, sorted(result.moved)))
            moved.extend(n for n in sorted(result.moved) if n not in moved)
        return result.command

    processes = tuple(
        replace(p, command=move(p.name, f"processes.{p.name}", p.command)) for p in app.processes
    )
    jobs = app.scheduler_jobs
    if jobs is not None:
        jobs = tuple(
            replace(j, command=move(f"scheduler_{i + 1}", f"scheduler_jobs[{i}]", j.command))
            for i, j in enumerate(jobs)
        )
    # Never a name the app already has: the allocator skips every config var name.
    added = tuple(ConfigVar(name, None, True, "user") for name in moved)
    return replace(
        app, processes=processes, scheduler_jobs=jobs, config_vars=app.config_vars + added
    )


def _env_secret(name: str, spec: Any) -> bool:
    value = spec.get("value") if isinstance(spec, Mapping) else spec
    return is_secret(str(name), value if isinstance(value, str) else None)


def _app_json(app: App) -> Mapping[str, Any] | None:
    if app.app_json is None:
        return None
    env_spec = app.app_json.get("env")
    secret = {v.name for v in app.config_vars if v.secret} | {
        name
        for name, spec in (env_spec.items() if isinstance(env_spec, Mapping) else ())
        if _env_secret(name, spec)
    }
    raw = dict(app.app_json)
    scripts = raw.get("scripts")
    if isinstance(scripts, Mapping):
        raw["scripts"] = {
            k: scrub_command(v) if isinstance(v, str) else v for k, v in scripts.items()
        }
    env = raw.get("env")
    if isinstance(env, Mapping):
        # A secret-named var's value is never written anywhere, even when app.json gives one.
        raw["env"] = {
            name: (
                {k: v for k, v in spec.items() if k != "value"}
                if isinstance(spec, Mapping) and name in secret
                else ("" if isinstance(spec, str) and name in secret else spec)
            )
            for name, spec in env.items()
        }
    scrubbed: Mapping[str, Any] = scrub_data(raw)
    return scrubbed


def _runtime(runtime: Runtime | None) -> Runtime | None:
    # Facts carry buildpack URLs; nothing else in them comes from a credential-bearing input.
    if runtime is None:
        return None
    return replace(runtime, facts=scrub_data(dict(runtime.facts), strip_urls_in))


def without_credentials(app: App, source: str) -> App:
    """``app`` with no credential value left in it, and a notice for each command changed.

    Raises ``UserError`` (naming ``source`` and the field) for a command whose credential
    cannot be moved without changing what the shell runs.
    """
    notices: list[Notice] = []
    app = _commands(app, source, notices)
    return replace(
        app,
        # app.repository was stripped where load read it (load._repository checks its form).
        buildpacks=tuple(strip_url(b) for b in app.buildpacks),
        # Marked, not stripped: the planner reads where a drain's credential stood.
        log_drains=tuple(redact_drain_url(d) for d in app.log_drains),
        addons=tuple(replace(a, details=scrub_data(dict(a.details))) for a in app.addons),
        app_json=_app_json(app),
        runtime=_runtime(app.runtime),
        notices=app.notices + tuple(notices),
    )
