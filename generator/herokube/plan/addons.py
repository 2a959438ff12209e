"""Each Heroku add-on and the target the blueprints name for it."""

from __future__ import annotations

from herokube.blueprints import Blueprints
from herokube.model import Addon, App, Notice
from herokube.plan.model import AddonPlan

__all__ = ["addon_plans"]


def addon_plans(app: App, blueprints: Blueprints, notices: list[Notice]) -> tuple[AddonPlan, ...]:
    """One AddonPlan per add-on, in the export's order."""
    return tuple(_addon_plan(app, addon, blueprints, notices) for addon in app.addons)


def _addon_plan(app: App, addon: Addon, blueprints: Blueprints, notices: list[Notice]) -> AddonPlan:
    known = blueprints.addons.get(addon.service)
    shared = tuple(a for a in addon.attached_apps if a != app.name)
    if addon.billing_app and addon.billing_app != app.name:
        shared = tuple(sorted({*shared, addon.billing_app}))
    reported = addon.details.get("postgres_version") or addon.details.get("version")
    version = str(reported) if reported is not None else None
    where = f"addons.{addon.name}"
    if known is None:
        notices.append(
            Notice(
                "addon-unknown",
                where,
                f"{addon.service} has no blueprint: kept as an external service",
            )
        )
        return AddonPlan(
            addon.service,
            addon.name,
            addon.plan,
            addon.service,
            "saas",
            "Keep the external service; move its credentials to the secret store",
            addon.config_vars,
            "unknown",
            known=False,
            shared_with=shared,
            version=version,
        )
    if known.retired:
        notices.append(
            Notice("addon-retired", where, f"{addon.service} is retired; move to its successor")
        )
    return AddonPlan(
        addon.service,
        addon.name,
        addon.plan,
        known.title,
        known.target,
        known.target_description,
        addon.config_vars or known.variables,
        known.data,
        known=True,
        blocking=known.blocking,
        retired=known.retired,
        shared_with=shared,
        version=version,
    )
