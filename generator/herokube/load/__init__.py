"""Stage 1: read an export file and/or a source tree into the typed ``App``.

Where the two disagree, the export wins for what Heroku ran (formation, sizes, add-ons,
config) and the source tree wins for how to build (language, versions, Procfile commands).
Everything dropped or assumed becomes a ``Notice``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from herokube.blueprints import Blueprints, load_blueprints
from herokube.errors import UserError
from herokube.load.appjson import AppJson, read_app_json, review_environment
from herokube.load.domains import export_domains
from herokube.load.export import AddonEntry, Export, read_export
from herokube.load.procfile import parse_procfile
from herokube.load.sizes import resolve_size
from herokube.load.source import SourceTree, read_source_tree
from herokube.model import (
    Addon,
    App,
    Autoscaling,
    BilledPrice,
    ConfigVar,
    DynoSize,
    Notice,
    Origin,
    Pipeline,
    Process,
    SchedulerJob,
)
from herokube.repositories import github_repository
from herokube.secrets import is_secret
from herokube.secrets.app import without_credentials
from herokube.secrets.urls import strip_url

__all__ = ["Inputs", "load_app", "resolve_inputs"]

_STAGE_ORDER = ("development", "staging", "production")
# scheme://host/path or user@host:path, with nothing a shell or YAML would read specially.
_PLAIN_GIT_URL = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.\-_~:@/%+=,]+|[\w.-]+@[\w.-]+:[\w./~-]+)$"
)


@dataclass(frozen=True)
class Inputs:
    """What the user pointed herokube at: an export, a source tree, or both."""

    export: Path | None
    source: Path | None


def resolve_inputs(source: Path, paired_source: Path | None = None) -> Inputs:
    """``SOURCE`` is an export file or an app directory; ``--source`` pairs a tree with an export."""
    if source.is_dir():
        if paired_source is not None:
            raise UserError(
                "--source pairs a source tree with an export file, not with a directory",
                source=str(source),
            )
        return Inputs(export=None, source=source)
    if not source.exists():
        raise UserError("no such file or directory", source=str(source))
    return Inputs(export=source, source=paired_source)


def load_app(inputs: Inputs, blueprints: Blueprints | None = None) -> App:
    """Read the inputs and build the App, or raise ``UserError`` naming file and field."""
    blueprints = blueprints or load_blueprints()
    notices: list[Notice] = []
    export: Export | None = None
    if inputs.export is not None:
        export, export_notices = read_export(inputs.export)
        notices += export_notices
    tree: SourceTree | None = None
    if inputs.source is not None:
        procfile_override = _config_value(export, "PROCFILE_PATH") if export else None
        tree = read_source_tree(inputs.source, procfile_override=procfile_override)
        notices += tree.notices
    app_json, app_json_raw = _app_json(export, tree, notices)
    if export is None and tree is not None:
        _require_recognisable(tree)
    source_name = str(inputs.export or inputs.source)
    return _build(export, tree, app_json, app_json_raw, blueprints, notices, source_name)


def _config_value(export: Export, name: str) -> str | None:
    return next((v.value for v in export.config_vars if v.name == name and v.value), None)


def _app_json(
    export: Export | None, tree: SourceTree | None, notices: list[Notice]
) -> tuple[AppJson | None, dict[str, Any] | None]:
    if tree is not None and tree.app_json is not None:
        return tree.app_json, tree.app_json_raw
    if export is not None and export.source is not None and export.source.app_json is not None:
        parsed, app_notices = read_app_json(
            export.source.app_json, source="export: source.app_json"
        )
        notices += app_notices
        return parsed, export.source.app_json
    return None, None


def _require_recognisable(tree: SourceTree) -> None:
    from herokube.load.runtime import detect_runtime

    if tree.procfile or tree.app_json is not None:
        return
    runtime, _ = detect_runtime(tree.root)
    if runtime.language == "unknown":
        raise UserError(
            "nothing herokube can read here: no Procfile, no app.json and no language manifest",
            source=str(tree.root),
        )


def _build(
    export: Export | None,
    tree: SourceTree | None,
    app_json: AppJson | None,
    app_json_raw: dict[str, Any] | None,
    blueprints: Blueprints,
    notices: list[Notice],
    source_name: str,
) -> App:
    from herokube.load.runtime import detect_runtime

    name = _app_name(export, tree, app_json_raw)
    buildpacks = (
        tuple(b.url for b in sorted(export.buildpacks, key=lambda b: b.ordinal or 0))
        if export and export.buildpacks
        else ()
    )
    if not buildpacks and app_json is not None:
        buildpacks = app_json.buildpacks
    stack = export.app.stack if export else (app_json.stack if app_json else None)
    if tree is None and not buildpacks and export is not None:
        buildpacks = _buildpack_from_export(export, notices)
    runtime, runtime_notices = detect_runtime(
        tree.root if tree else None, buildpacks=buildpacks, app_json=app_json_raw, stack=stack
    )
    notices += runtime_notices
    commands, procfile_declared = _commands(
        export, tree, runtime.default_processes, notices, source_name
    )
    processes = _processes(export, app_json, commands, blueprints, notices)
    sizes = _sizes(export, processes, blueprints, source_name)
    addons = _addons(export, app_json, blueprints, notices)
    config_vars = _config_vars(export, app_json, addons, notices)
    app = App(
        name=name,
        processes=processes,
        region=export.app.region if export else None,
        stack=stack,
        team=export.app.team if export else None,
        private_space=(export.app.space or {}).get("name") if export and export.app.space else None,
        shield=bool((export.app.space or {}).get("shield"))
        if export and export.app.space
        else False,
        dyno_sizes=sizes,
        config_vars=config_vars,
        addons=addons,
        domains=export_domains(export, source_name, notices) if export else (),
        scheduler_jobs=_scheduler_jobs(export),
        buildpacks=buildpacks,
        features={f.name: f.enabled for f in export.features} if export else {},
        log_drains=tuple(d.url for d in export.log_drains if d.url) if export else (),
        pipeline=_pipeline(export),
        repository=_repository(export, app_json, source_name, notices),
        commit=_commit(export, tree),
        app_json=app_json_raw,
        runtime=runtime,
        has_dockerfile=bool(tree and tree.has_dockerfile),
        procfile_declared=procfile_declared,
        from_export=export is not None,
    )
    # Commands, URLs, add-on details and app.json: no credential value stays in the model.
    app = without_credentials(replace(app, notices=tuple(notices)), source_name)
    # Read from the cleaned app.json, so a review script never carries a credential.
    review, review_notices = review_environment(app.app_json, source=_app_json_source(tree))
    return replace(app, review_environment=review, notices=app.notices + review_notices)


def _app_json_source(tree: SourceTree | None) -> str:
    if tree is not None and tree.app_json is not None:
        return str(tree.root / "app.json")
    return "export: source.app_json"


def _commit(export: Export | None, tree: SourceTree | None) -> str | None:
    """The release commit: the export's, else the source tree's checked-out commit (its Git HEAD).

    The tree's HEAD is what the generated CI builds and tags (``git rev-parse HEAD``).
    """
    from herokube.gitrepo import head_commit

    exported = (export.source.commit if export and export.source else None) or (
        export.release.commit if export and export.release else None
    )
    return exported or (head_commit(tree.root) if tree is not None else None)


def _repository(
    export: Export | None, app_json: AppJson | None, source_name: str, notices: list[Notice]
) -> str | None:
    """The app's repository without credentials; a GitHub one as ``https://github.com/O/N``.

    Another host's URL is kept for the README and the runbook (whose shell snippets people
    paste) only when it is plainly a URL: no spaces, quotes or shell characters.
    """
    if export is not None and export.source is not None and export.source.repository:
        value, field = export.source.repository, "source.repository"
    elif app_json is not None and app_json.repository:
        value, field = app_json.repository, "app.json: repository"
    else:
        return None
    stripped = strip_url(value)
    github = github_repository(stripped, source=source_name, field=field)
    if github is not None or _PLAIN_GIT_URL.match(stripped):
        return github or stripped
    notices.append(Notice("repository-ignored", field, "not a Git URL herokube can write; ignored"))
    return None


def _buildpack_from_export(export: Export, notices: list[Notice]) -> tuple[str, ...]:
    """No tree, no buildpack list: what Heroku detected, or what the commands start."""
    from herokube.load.runtime.hints import buildpack_hint

    commands = [f.command for f in export.formation or [] if f.command]
    if export.source is not None and export.source.procfile:
        commands += parse_procfile(export.source.procfile, source="export")[0].values()
    hint = buildpack_hint(export.app.buildpack_provided_description, commands)
    if hint is None:
        return ()
    notices.append(
        Notice(
            "runtime-guessed",
            "export",
            f"no source tree or buildpack list: built as {hint}; pass --source to be sure",
        )
    )
    return (hint,)


def _app_name(
    export: Export | None, tree: SourceTree | None, app_json_raw: Mapping[str, Any] | None
) -> str:
    if export is not None:
        return export.app.name
    assert tree is not None
    from herokube.names import dns_label

    raw = app_json_raw.get("name") if app_json_raw else None
    candidate = str(raw) if isinstance(raw, str) and raw.strip() else ""
    for name in (candidate, tree.root.resolve().name):
        # Heroku's rule: a letter first, at most 30 characters ("0" would be a number in YAML).
        label = dns_label(name, max_length=30)
        if label and not label[0].isalpha():
            label = dns_label(f"app-{label}", max_length=30)
        if label:
            return label
    return "app"


def _commands(
    export: Export | None,
    tree: SourceTree | None,
    defaults: Mapping[str, str],
    notices: list[Notice],
    source_name: str,
) -> tuple[dict[str, str], bool]:
    """Process commands: the source tree's Procfile, else the one Heroku ran, else defaults."""
    if tree is not None and tree.procfile:
        return dict(tree.procfile), True
    if export is not None and export.source is not None and export.source.procfile:
        commands, procfile_notices = parse_procfile(
            export.source.procfile, source="export: source.procfile"
        )
        notices += procfile_notices
        if commands:
            return commands, True
    if export is not None and export.formation and all(f.command for f in export.formation):
        return {f.type: f.command or "" for f in export.formation}, True
    if defaults:
        return dict(defaults), False
    if export is not None and export.formation:
        missing = next(i for i, f in enumerate(export.formation) if not f.command)
        raise UserError(
            "no command for this process type: give the Procfile with --source",
            source=source_name,
            field=f"formation[{missing}].command",
        )
    raise UserError("no Procfile and no default start command for this app", source=source_name)


def _processes(
    export: Export | None,
    app_json: AppJson | None,
    commands: dict[str, str],
    blueprints: Blueprints,
    notices: list[Notice],
) -> tuple[Process, ...]:
    formation = {f.type: f for f in (export.formation or [])} if export else {}
    autoscaling = export.autoscaling if export else {}
    initial = app_json.formation if app_json else {}
    names = list(commands)
    names += [t for t in formation if t not in commands]
    processes = []
    for name in names:
        entry = formation.get(name)
        command = commands.get(name) or (entry.command if entry else None) or ""
        quantity: int
        if entry is not None:
            quantity, size = entry.quantity, entry.size
        else:
            hint = initial.get(name, {})
            size = hint.get("size") if isinstance(hint.get("size"), str) else None
            if isinstance(hint.get("quantity"), int):
                quantity = hint["quantity"]
            else:
                quantity = 0 if name in blueprints.release_types else 1
                if export is not None:
                    notices.append(
                        Notice(
                            "process-not-in-formation",
                            f"Procfile: {name}",
                            "not in the Heroku formation; assumed 1 replica",
                        )
                    )
        scaling = autoscaling.get(name)
        processes.append(
            Process(
                name=name,
                command=command,
                quantity=quantity,
                size=size,
                autoscaling=Autoscaling(
                    scaling.min or max(quantity, 1),
                    scaling.max or max(quantity, 1),
                    scaling.p95_response_time_ms,
                )
                if scaling is not None
                else None,
            )
        )
    return tuple(processes)


def _sizes(
    export: Export | None, processes: tuple[Process, ...], blueprints: Blueprints, source_name: str
) -> dict[str, DynoSize]:
    exported = export.dyno_sizes if export else {}
    wanted: list[tuple[str, str]] = []
    for index, process in enumerate(processes):
        wanted.append((process.size or blueprints.default_size, f"formation[{index}].size"))
    for index, job in enumerate((export.scheduler_jobs or []) if export else []):
        if job.dyno_size:
            wanted.append((job.dyno_size, f"scheduler_jobs[{index}].dyno_size"))
    sizes: dict[str, DynoSize] = {}
    for name, field in wanted:
        size = resolve_size(name, exported, blueprints)
        if size is None:
            raise UserError(
                f"unknown dyno size {name!r} and no dyno_sizes entry for it",
                source=source_name,
                field=field,
            )
        sizes[name.lower()] = size
    return sizes


def _billed_price(entry: AddonEntry) -> BilledPrice | None:
    price = entry.billed_price
    return None if price is None else BilledPrice(price.cents, price.unit, price.contract)


def _addons(
    export: Export | None, app_json: AppJson | None, blueprints: Blueprints, notices: list[Notice]
) -> tuple[Addon, ...]:
    if export is not None and export.addons:
        return tuple(
            Addon(
                service=a.service,
                name=a.name or a.service,
                plan=a.plan,
                billing_app=a.billing_app,
                attachments=tuple(t.name for t in a.attachments if t.name),
                attached_apps=tuple(sorted({t.app for t in a.attachments if t.app})),
                config_vars=tuple(a.config_vars),
                details=dict(a.details),
                billed_price=_billed_price(a),
            )
            for a in export.addons
        )
    if app_json is None:
        return ()
    addons = []
    for service, plan, alias in app_json.addons:
        known = blueprints.addons.get(service)
        variables: tuple[str, ...] = known.variables if known else ()
        if alias and variables:
            variables = (f"{alias}_URL",)
        if not variables and service not in blueprints.addons:
            notices.append(
                Notice(
                    "addon-variables-unknown",
                    f"app.json: addons.{service}",
                    "unknown add-on; list its variables by hand",
                )
            )
        addons.append(
            Addon(
                service=service,
                name=service,
                plan=plan,
                attachments=(alias,) if alias else (),
                config_vars=variables,
            )
        )
    return tuple(addons)


def _config_vars(
    export: Export | None,
    app_json: AppJson | None,
    addons: tuple[Addon, ...],
    notices: list[Notice],
) -> tuple[ConfigVar, ...]:
    by_addon_var = {var: addon for addon in addons for var in addon.config_vars}
    if export is not None and export.config_vars:
        result = []
        for entry in export.config_vars:
            kind = entry.source.kind if entry.source and entry.source.kind else None
            addon = by_addon_var.get(entry.name)
            if kind is None:
                kind = (
                    "heroku" if entry.name.startswith("HEROKU_") else ("addon" if addon else "user")
                )
            secret = (
                bool(entry.secret)
                or entry.redacted is True
                or is_secret(entry.name, entry.value, kind)
            )
            if secret and entry.secret is False:
                notices.append(
                    Notice(
                        "config-var-treated-as-secret",
                        f"export: config_vars.{entry.name}",
                        "looks like a credential; referenced from the secret store",
                    )
                )
            result.append(
                ConfigVar(
                    name=entry.name,
                    # A secret's value never enters the model, so it cannot reach a file or a log.
                    value=None if secret else entry.value,
                    secret=secret,
                    origin=kind,
                    addon=(entry.source.addon if entry.source else None)
                    or (addon.name if addon else None),
                    attachment=entry.source.attachment if entry.source else None,
                    sha256=entry.sha256,
                )
            )
        return tuple(result)
    result = []
    for env in app_json.env if app_json else ():
        # A connection string the app needs but app.json cannot give carries credentials.
        unknown_connection = env.value is None and env.name.endswith(("_URL", "_URI"))
        secret = env.generator == "secret" or unknown_connection or is_secret(env.name, env.value)
        origin: Origin = "heroku" if env.name.startswith("HEROKU_") else "user"
        if origin == "user" and env.value is None and not secret and env.required:
            notices.append(
                Notice(
                    "config-var-required",
                    f"app.json: env.{env.name}",
                    "required and has no value: set it per environment",
                )
            )
        result.append(ConfigVar(env.name, None if secret else env.value, secret, origin))
    declared = {v.name for v in result}
    for addon in addons:
        for var in addon.config_vars:
            if var not in declared:
                result.append(ConfigVar(var, None, True, "addon", addon=addon.name))
                declared.add(var)
    return tuple(result)


def _scheduler_jobs(export: Export | None) -> tuple[SchedulerJob, ...] | None:
    if export is None or export.scheduler_jobs is None:
        return None
    return tuple(
        SchedulerJob(j.command, j.every_minutes, j.at, j.dyno_size) for j in export.scheduler_jobs
    )


def _pipeline(export: Export | None) -> Pipeline | None:
    if export is None or export.pipeline is None:
        return None
    pipeline = export.pipeline
    stages = {a.stage for a in pipeline.apps if a.stage} | (
        {pipeline.stage} if pipeline.stage else set()
    )
    ordered = tuple(s for s in _STAGE_ORDER if s in stages)
    return Pipeline(
        pipeline.name or export.app.name, pipeline.stage, ordered, bool(pipeline.review_apps)
    )
