"""The export file (``heroku-app-export/v1``), checked where it is read.

Everything the v1 schema allows is accepted; unknown keys are kept and reported as notices
(a newer exporter must not break an older reader); a wrong type or value is a ``UserError``
naming the file and the dotted field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herokube.errors import UserError
from herokube.load.config_rules import check_config_size, check_config_var_name
from herokube.load.reading import MAX_EXPORT_BYTES, read_json_file
from herokube.model import Notice

__all__ = ["Export", "read_export"]

SCHEMA_VERSION = "heroku-app-export/v1"
APP_NAME = r"^[a-z][a-z0-9-]{1,28}[a-z0-9]$"


class _Open(BaseModel):
    # strict: "3" is not a quantity; extra: kept, then reported by _unknown_keys().
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class ExportApp(_Open):
    name: str = Field(pattern=APP_NAME)
    id: str | None = None
    region: str | None = None
    stack: str | None = None
    generation: Literal["cedar", "fir"] | None = None
    team: str | None = None
    space: dict[str, Any] | None = None
    acm: bool | None = None
    maintenance: bool | None = None
    web_url: str | None = None
    buildpack_provided_description: str | None = None


class FormationEntry(_Open):
    type: str = Field(pattern=r"^[-\w]{1,128}$")
    quantity: int = Field(ge=0)
    command: str | None = None
    size: str | None = None


class DynoSizeEntry(_Open):
    memory_gb: float | None = None
    compute: float | None = None
    dedicated: bool | None = None
    architecture: str | None = None


class AutoscalingEntry(_Open):
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=1)
    p95_response_time_ms: int | None = None


class ConfigVarSource(_Open):
    kind: Literal["user", "addon", "heroku"] | None = None
    addon: str | None = None
    attachment: str | None = None


class ConfigVarEntry(_Open):
    name: str  # Heroku's rule is checked by config_rules, with its own message
    value: str | None = None
    secret: bool | None = None
    redacted: bool | None = None
    sha256: str | None = None
    source: ConfigVarSource | None = None


class Attachment(_Open):
    name: str | None = None
    app: str | None = None
    namespace: str | None = None


class BilledPriceEntry(_Open):
    cents: int = Field(ge=0)
    unit: str = "month"
    contract: bool = False


class AddonEntry(_Open):
    service: str
    name: str | None = None
    plan: str | None = None
    state: str | None = None
    billing_app: str | None = None
    attachments: list[Attachment] = []
    config_vars: list[str] = []
    details: dict[str, Any] = {}
    billed_price: BilledPriceEntry | None = None


class SchedulerJobEntry(_Open):
    command: str
    every_minutes: Literal[10, 60, 1440]
    at: int = Field(default=0, ge=0, le=1439)
    dyno_size: str | None = None


class DomainEntry(_Open):
    hostname: str
    kind: Literal["heroku", "custom"] | None = None
    cname: str | None = None
    acm_status: str | None = None
    sni_endpoint: str | None = None


class BuildpackEntry(_Open):
    url: str
    ordinal: int | None = None
    name: str | None = None


class FeatureEntry(_Open):
    name: str
    enabled: bool


class LogDrainEntry(_Open):
    url: str | None = None
    addon: str | None = None


class PipelineApp(_Open):
    name: str | None = None
    stage: str | None = None


class PipelineEntry(_Open):
    name: str | None = None
    stage: Literal["test", "review", "development", "staging", "production"] | None = None
    apps: list[PipelineApp] = []
    review_apps: bool | None = None


class ReleaseEntry(_Open):
    version: int | None = None
    commit: str | None = None
    description: str | None = None


class SourceEntry(_Open):
    repository: str | None = None
    commit: str | None = None
    procfile: str | None = None
    app_json: dict[str, Any] | None = None


class ExporterEntry(_Open):
    tool: str | None = None
    version: str | None = None
    secrets: Literal["redacted", "included"] | None = None


class Export(_Open):
    schema_version: str
    app: ExportApp
    exported_at: str | None = None
    exporter: ExporterEntry | None = None
    formation: list[FormationEntry] | None = None
    dyno_sizes: dict[str, DynoSizeEntry] = {}
    autoscaling: dict[str, AutoscalingEntry] = {}
    config_vars: list[ConfigVarEntry] = []
    addons: list[AddonEntry] = []
    scheduler_jobs: list[SchedulerJobEntry] | None = None
    domains: list[DomainEntry] = []
    buildpacks: list[BuildpackEntry] = []
    features: list[FeatureEntry] = []
    log_drains: list[LogDrainEntry] = []
    pipeline: PipelineEntry | None = None
    release: ReleaseEntry | None = None
    source: SourceEntry | None = None
    warnings: list[Any] = []
    """Written by ``herokube export`` where it could not read something (the Scheduler)."""


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown_keys(node: Any, path: str, source: str) -> list[Notice]:
    """Every key the model does not know, anywhere in the document (free-form maps excepted)."""
    notices: list[Notice] = []
    if isinstance(node, BaseModel):
        for key in sorted(node.model_extra or {}):
            notices.append(
                Notice(
                    "export-unknown-key",
                    f"{source}: {path}.{key}".replace(": .", ": "),
                    "unknown key kept but not used",
                )
            )
        for name in type(node).model_fields:
            if name in {"details", "app_json", "space", "warnings"}:
                continue  # free-form by the schema
            notices += _unknown_keys(getattr(node, name), f"{path}.{name}", source)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            notices += _unknown_keys(item, f"{path}[{index}]", source)
    elif isinstance(node, dict):
        for key, item in node.items():
            notices += _unknown_keys(item, f"{path}.{key}", source)
    return notices


def _check_heroku_rules(export: Export, source: str) -> None:
    """Config var names (the app's and its add-ons') and the 64 KB cap, as Heroku enforces them."""
    for index, var in enumerate(export.config_vars):
        where = f"config_vars[{index}].name {var.name[:40]!r}"
        check_config_var_name(var.name, source=source, field=where)
    for index, addon in enumerate(export.addons):
        for number, name in enumerate(addon.config_vars):  # they become Secret keys too
            where = f"addons[{index}].config_vars[{number}] {name[:40]!r}"
            check_config_var_name(name, source=source, field=where)
    check_config_size(
        ((var.name, var.value) for var in export.config_vars), source=source, field="config_vars"
    )


def read_export(path: Path) -> tuple[Export, tuple[Notice, ...]]:
    """Parse and check an export file; raise ``UserError`` naming the file and field."""
    source = str(path)
    raw = read_json_file(path, source=source, limit=MAX_EXPORT_BYTES)
    if not isinstance(raw, dict):
        raise UserError("the export must be a JSON object", source=source)
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UserError(
            f"unsupported schema_version {version!r}; this herokube reads {SCHEMA_VERSION!r}",
            source=source,
            field="schema_version",
        )
    try:
        export = Export.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"]
        if first["type"] == "missing":
            message = "required field is missing"
        elif first["type"] == "string_pattern_mismatch" and first["loc"] == ("app", "name"):
            message = (
                "not a Heroku app name (lower-case letters, digits and dashes, 3-30 characters)"
            )
        raise UserError(message, source=source, field=_dotted(first["loc"])) from None
    _check_heroku_rules(export, source)
    notices = _unknown_keys(export, "", source)
    for warning in export.warnings:
        notices.append(Notice("export-warning", f"{source}: warnings", str(warning)))
    return export, tuple(notices)
