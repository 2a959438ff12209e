"""Turn the API's answers into the export document (heroku-app-export/v1). No I/O here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from herokube.heroku_api.config_vars import AddonVars, build_config_vars
from herokube.heroku_api.fetch import RawApp
from herokube.secrets.drains import redact_drain_url

__all__ = ["SCHEMA_VERSION", "build_document"]

SCHEMA_VERSION = "heroku-app-export/v1"
_STAGES = ("test", "review", "development", "staging", "production")
_GENERATIONS = ("cedar", "fir")


def _name(value: Any) -> Any:
    return value.get("name") if isinstance(value, dict) else None


def _app(app: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": app["id"], "name": app["name"]}
    for key in ("region", "stack"):
        if _name(app.get(key)):
            out[key] = _name(app[key])
    if "generation" in app:
        generation = _name(app["generation"])
        out["generation"] = generation if generation in _GENERATIONS else None
    out["team"] = _name(app.get("team"))
    space = app.get("space")
    out["space"] = {"name": space["name"], "shield": bool(space.get("shield"))} if space else None
    for key in ("acm", "maintenance", "web_url", "buildpack_provided_description"):
        if key in app:
            out[key] = app[key]
    return out


def _formation(raw: RawApp) -> list[dict[str, Any]]:
    entries = []
    for entry in sorted(raw.formation, key=lambda e: e["type"]):
        item: dict[str, Any] = {"type": entry["type"]}
        if entry.get("command"):
            item["command"] = entry["command"]
        item["quantity"] = entry["quantity"]
        size = _name(entry.get("dyno_size")) or entry.get("size")
        if size:
            item["size"] = size
        entries.append(item)
    return entries


def _dyno_sizes(raw: RawApp) -> dict[str, Any]:
    sizes = {}
    for name in sorted(raw.dyno_sizes):
        answer = raw.dyno_sizes[name]
        item: dict[str, Any] = {}
        if "memory" in answer:
            item["memory_gb"] = answer["memory"]
        for key in ("compute", "dedicated", "architecture"):
            if answer.get(key) is not None:
                item[key] = answer[key]
        sizes[name] = item
    return sizes


def _attachments_by_addon(raw: RawApp) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for attachment in raw.attachments:
        grouped.setdefault(attachment["addon"]["id"], []).append(attachment)
    return grouped


def _addons(raw: RawApp) -> list[dict[str, Any]]:
    grouped = _attachments_by_addon(raw)
    own = raw.app["name"]
    entries = []
    for addon in sorted(raw.addons, key=lambda a: a["name"]):
        attachments = sorted(
            (
                {
                    "name": att["name"],
                    "app": _name(att.get("app")) or own,
                    "namespace": att.get("namespace"),
                }
                for att in grouped.get(addon["id"], [])
            ),
            key=lambda a: (a["app"], a["name"], a["namespace"] or ""),
        )
        item: dict[str, Any] = {
            "name": addon["name"],
            "service": addon["addon_service"]["name"],
            "plan": addon["plan"]["name"],
        }
        if addon.get("state"):
            item["state"] = addon["state"]
        if _name(addon.get("app")):
            item["billing_app"] = _name(addon["app"])
        if addon.get("billed_price"):
            item["billed_price"] = _billed_price(addon["billed_price"])
        item["attachments"] = attachments
        item["config_vars"] = sorted(addon["config_vars"])
        entries.append(item)
    return entries


def _billed_price(price: dict[str, Any]) -> dict[str, Any]:
    """The price as billed (``cents`` per ``unit``); ``contract`` only when billed outside it."""
    billed: dict[str, Any] = {"cents": price["cents"], "unit": price.get("unit") or "month"}
    if price.get("contract"):
        billed["contract"] = True
    return billed


def _addon_vars(raw: RawApp) -> list[AddonVars]:
    grouped = _attachments_by_addon(raw)
    own = raw.app["name"]
    return [
        AddonVars(
            addon=addon["name"],
            config_vars=tuple(addon["config_vars"]),
            # Only attachments to this app put variables into this app's config.
            attachments=tuple(
                att["name"]
                for att in grouped.get(addon["id"], [])
                if (_name(att.get("app")) or own) == own
            ),
        )
        for addon in raw.addons
    ]


def _domains(raw: RawApp) -> list[dict[str, Any]]:
    entries = []
    for domain in sorted(raw.domains, key=lambda d: d["hostname"]):
        item: dict[str, Any] = {"hostname": domain["hostname"]}
        if domain.get("kind") in ("heroku", "custom"):
            item["kind"] = domain["kind"]
        item["cname"] = domain.get("cname")
        item["acm_status"] = domain.get("acm_status")
        item["sni_endpoint"] = _name(domain.get("sni_endpoint"))
        entries.append(item)
    return entries


def _buildpacks(raw: RawApp) -> list[dict[str, Any]]:
    return [
        {
            "ordinal": entry["ordinal"],
            "url": entry["buildpack"]["url"],
            "name": entry["buildpack"].get("name"),
        }
        for entry in sorted(raw.buildpacks, key=lambda e: e["ordinal"])
    ]


def _log_drains(raw: RawApp) -> list[dict[str, Any]]:
    drains = [
        {"url": redact_drain_url(drain["url"]), "addon": _name(drain.get("addon"))}
        for drain in raw.log_drains
    ]
    return sorted(drains, key=lambda d: (d["url"], d["addon"] or ""))


def _pipeline(raw: RawApp) -> dict[str, Any] | None:
    if raw.coupling is None or raw.pipeline is None:
        return None
    order = {stage: index for index, stage in enumerate(_STAGES)}
    out: dict[str, Any] = {"name": raw.pipeline["name"]}
    if raw.coupling["stage"] in order:
        out["stage"] = raw.coupling["stage"]
    out["apps"] = sorted(
        raw.pipeline_apps, key=lambda a: (order.get(a["stage"], len(order)), a["name"])
    )
    out["review_apps"] = raw.review_apps
    return out


def _procfile(process_types: dict[str, str] | None) -> str | None:
    if not process_types:
        return None
    # The API keeps the Procfile's order; one line per type, as Heroku read it.
    return "".join(f"{name}: {command}\n" for name, command in process_types.items())


def _warnings(raw: RawApp, scheduler_requested: bool) -> list[dict[str, str]]:
    warnings = list(raw.warnings)
    if raw.scheduler is not None:
        warnings.extend(raw.scheduler.warnings)
    elif not scheduler_requested and any(
        addon["addon_service"]["name"] == "scheduler" for addon in raw.addons
    ):
        warnings.append(
            {
                "code": "scheduler-not-read",
                "message": "the app uses Heroku Scheduler but its jobs were not read; run "
                "again with --scheduler or copy them from the Heroku Dashboard",
            }
        )
    return warnings


def build_document(
    raw: RawApp,
    *,
    include_secrets: bool,
    scheduler_requested: bool,
    exported_at: datetime,
    version: str,
) -> dict[str, Any]:
    """The export document for ``raw``; keys in the order of the format's example."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exporter": {
            "tool": "herokube",
            "version": version,
            "secrets": "included" if include_secrets else "redacted",
        },
        "app": _app(raw.app),
        "formation": _formation(raw),
        "dyno_sizes": _dyno_sizes(raw),
        "config_vars": build_config_vars(
            raw.config_vars, _addon_vars(raw), include_secrets=include_secrets
        ),
        "addons": _addons(raw),
    }
    if raw.scheduler is not None and raw.scheduler.jobs is not None:
        doc["scheduler_jobs"] = raw.scheduler.jobs
    doc["domains"] = _domains(raw)
    doc["buildpacks"] = _buildpacks(raw)
    doc["features"] = [
        {"name": f["name"], "enabled": f["enabled"]}
        for f in sorted(raw.features, key=lambda f: f["name"])
    ]
    doc["log_drains"] = _log_drains(raw)
    doc["pipeline"] = _pipeline(raw)
    if raw.release is not None:
        doc["release"] = {
            "version": raw.release["version"],
            "commit": raw.commit,
            "description": raw.release.get("description", ""),
        }
    doc["source"] = {
        "repository": None,
        "commit": raw.commit,
        "procfile": _procfile(raw.process_types),
    }
    warnings = _warnings(raw, scheduler_requested)
    if warnings:
        doc["warnings"] = warnings
    return doc
