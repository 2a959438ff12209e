"""app.json, read as leniently as Heroku reads it.

Real files use plain strings for env values, capitalised sizes, formation as an array,
unknown script keys and more (see the corpus). Everything that cannot be used becomes a
Notice; nothing here raises for a quirk Heroku itself accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from herokube.load.config_rules import check_config_size, check_config_var_name
from herokube.model import Notice, ReviewEnvironment
from herokube.secrets import is_secret
from herokube.secrets.urls import REDACTED

__all__ = [
    "AppJson",
    "AppJsonEnv",
    "HerokuCiEnvironment",
    "read_app_json",
    "read_test_environment",
    "review_environment",
]

_KNOWN_KEYS = {
    "name",
    "description",
    "keywords",
    "website",
    "repository",
    "logo",
    "success_url",
    "env",
    "formation",
    "addons",
    "buildpacks",
    "scripts",
    "environments",
    "stack",
    "image",
}
_KNOWN_SCRIPTS = {"postdeploy", "pr-predestroy", "test", "test-setup"}


@dataclass(frozen=True)
class AppJsonEnv:
    name: str
    value: str | None
    required: bool
    generator: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class AppJson:
    env: tuple[AppJsonEnv, ...] = ()
    formation: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    addons: tuple[tuple[str, str | None, str | None], ...] = ()
    """(service, plan, attachment alias) per add-on."""
    buildpacks: tuple[str, ...] = ()
    scripts: Mapping[str, str] = field(default_factory=dict)
    stack: str | None = None
    repository: str | None = None


def _env(raw: Any, source: str, notices: list[Notice]) -> tuple[AppJsonEnv, ...]:
    if not isinstance(raw, Mapping):
        if raw is not None:
            notices.append(Notice("app-json-ignored", f"{source}: env", "env is not an object"))
        return ()
    result = []
    for name, spec in raw.items():
        # Heroku refuses the app at setup for such a name; a chart must not carry it either.
        check_config_var_name(str(name), source=source, field=f"env.{str(name)[:40]!r}")
        if isinstance(spec, str):
            result.append(AppJsonEnv(name, spec, required=True))
        elif isinstance(spec, Mapping):
            value = spec.get("value")
            result.append(
                AppJsonEnv(
                    name,
                    None if value is None else str(value),
                    # Heroku made `required` default to true in 2014 (changelog 513).
                    required=bool(spec.get("required", True)),
                    generator=spec.get("generator"),
                    description=spec.get("description"),
                )
            )
        else:
            notices.append(
                Notice("app-json-ignored", f"{source}: env.{name}", "not a string or an object")
            )
    check_config_size(((e.name, e.value) for e in result), source=source, field="env")
    return tuple(result)


def _formation(raw: Any, source: str, notices: list[Notice]) -> dict[str, Mapping[str, Any]]:
    if isinstance(raw, Mapping):
        return {str(k): v for k, v in raw.items() if isinstance(v, Mapping)}
    if isinstance(raw, list):  # [{"process": "web", "quantity": 1}] is seen in real files
        return {str(e["process"]): e for e in raw if isinstance(e, Mapping) and "process" in e}
    if raw is not None:
        notices.append(Notice("app-json-ignored", f"{source}: formation", "not an object"))
    return {}


def _addons(
    raw: Any, source: str, notices: list[Notice]
) -> tuple[tuple[str, str | None, str | None], ...]:
    result = []
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        plan = (
            entry
            if isinstance(entry, str)
            else entry.get("plan")
            if isinstance(entry, Mapping)
            else None
        )
        if not isinstance(plan, str):
            notices.append(Notice("app-json-ignored", f"{source}: addons[{index}]", "no plan"))
            continue
        service, _, plan_name = plan.partition(":")
        alias = entry.get("as") if isinstance(entry, Mapping) else None
        if alias is not None:  # the attachment's variable is ALIAS_URL
            check_config_var_name(f"{alias}_URL", source=source, field=f"addons[{index}].as")
        result.append((service, plan if plan_name else None, alias))
    return tuple(result)


def read_app_json(data: Any, *, source: str) -> tuple[AppJson, tuple[Notice, ...]]:
    notices: list[Notice] = []
    if not isinstance(data, Mapping):
        return AppJson(), (Notice("app-json-ignored", source, "app.json is not an object"),)
    for key in sorted(set(data) - _KNOWN_KEYS):
        notices.append(Notice("app-json-unknown-key", f"{source}: {key}", "unknown key, ignored"))
    raw_scripts = data.get("scripts")
    scripts: Mapping[str, Any] = raw_scripts if isinstance(raw_scripts, Mapping) else {}
    for key in sorted(set(scripts) - _KNOWN_SCRIPTS):
        notices.append(
            Notice(
                "app-json-unknown-key",
                f"{source}: scripts.{key}",
                "Heroku does not run this script",
            )
        )
    buildpacks = tuple(
        str(b["url"])
        for b in data.get("buildpacks") or []
        if isinstance(b, Mapping) and b.get("url")
    )
    stack = data.get("stack")
    repository = data.get("repository")
    return (
        AppJson(
            env=_env(data.get("env"), source, notices),
            formation=_formation(data.get("formation"), source, notices),
            addons=_addons(data.get("addons"), source, notices),
            buildpacks=buildpacks,
            scripts={k: str(v) for k, v in scripts.items() if isinstance(v, str)},
            stack=stack if isinstance(stack, str) else None,
            repository=repository if isinstance(repository, str) else None,
        ),
        tuple(notices),
    )


def review_environment(
    data: Mapping[str, Any] | None, *, source: str
) -> tuple[ReviewEnvironment | None, tuple[Notice, ...]]:
    """What Heroku gives a review app: ``environments.review`` overriding app.json's top level.

    ``addons`` replaces the top-level list when given; each script of ``environments.review``
    replaces the top-level one of the same name; ``env`` values that are plain settings are
    kept. ``formation`` and ``buildpacks`` there are not carried (one image; the review values
    file holds the rest): a notice each. ``data`` is the app.json after the credential pass: a
    script or value that held a credential (now ``REDACTED``) is not carried either.
    """
    if data is None:
        return None, ()
    notices: list[Notice] = []
    environments = data.get("environments")
    review = environments.get("review") if isinstance(environments, Mapping) else None
    review = review if isinstance(review, Mapping) else {}
    for key in sorted(set(review) & {"formation", "buildpacks"}):
        notices.append(
            Notice(
                "review-setting-ignored",
                f"{source}: environments.review.{key}",
                "not carried to review apps: set it in environments/review/values.yaml",
            )
        )
    if isinstance(review.get("addons"), list):
        addons = _addons(review["addons"], f"{source}: environments.review", notices)
    else:  # the top-level list, whose problems read_app_json reported already
        addons = _addons(data.get("addons"), source, [])
    scripts: dict[str, str] = {}
    for layer in (data.get("scripts"), review.get("scripts")):
        if isinstance(layer, Mapping):
            scripts.update(
                {str(k): v for k, v in layer.items() if isinstance(v, str) and v.strip()}
            )
    where = f"{source}: environments.review"
    for name in [n for n, command in scripts.items() if REDACTED in command]:
        notices.append(_not_carried(f"{where}.scripts.{name}", "the script holds a credential"))
        del scripts[name]
    env: dict[str, str] = {}
    for entry in _env(review.get("env"), where, notices):
        if entry.value is None:
            continue
        if REDACTED in entry.value or is_secret(entry.name, entry.value):
            notices.append(_not_carried(f"{where}.env.{entry.name}", "a credential"))
        else:
            env[entry.name] = entry.value
    return (
        ReviewEnvironment(
            addons=tuple(dict.fromkeys(service for service, _, _ in addons)),
            postdeploy=scripts.get("postdeploy"),
            pr_predestroy=scripts.get("pr-predestroy"),
            env=env,
        ),
        tuple(notices),
    )


@dataclass(frozen=True)
class HerokuCiEnvironment:
    """app.json's Heroku CI environment: ``environments.test`` over the base keys."""

    scripts: Mapping[str, str] = field(default_factory=dict)
    """``test-setup`` and ``test`` (and any other script key), as written."""
    addons: tuple[tuple[str, str | None, str | None], ...] = ()
    """(service, plan, attachment alias) per add-on, as in ``AppJson.addons``."""
    quantity: int = 1
    """``formation.test.quantity``: how many test runs in parallel (Heroku allows 1 to 32)."""


def read_test_environment(
    data: Any, *, source: str
) -> tuple[HerokuCiEnvironment, tuple[Notice, ...]]:
    """app.json as Heroku CI reads it: a key under ``environments.test`` replaces the base one."""
    notices: list[Notice] = []
    if not isinstance(data, Mapping):
        return HerokuCiEnvironment(), ()
    environments = data.get("environments")
    test = environments.get("test") if isinstance(environments, Mapping) else None
    test = test if isinstance(test, Mapping) else {}
    where = "environments.test"

    def key(name: str) -> tuple[Any, str]:
        return (test[name], f"{where}.{name}") if name in test else (data.get(name), name)

    raw_scripts, _ = key("scripts")
    scripts = raw_scripts if isinstance(raw_scripts, Mapping) else {}
    raw_addons, _ = key("addons")
    raw_formation, formation_field = key("formation")
    formation = _formation(raw_formation, source, notices)
    return (
        HerokuCiEnvironment(
            scripts={str(k): v for k, v in scripts.items() if isinstance(v, str)},
            addons=_addons(raw_addons, source, notices),
            quantity=_test_quantity(formation.get("test"), f"{source}: {formation_field}", notices),
        ),
        tuple(notices),
    )


def _not_carried(source: str, what: str) -> Notice:
    return Notice(
        "review-setting-ignored",
        source,
        f"{what}: not carried; store it in the secret store's <app>/review and read it from there",
    )


def _test_quantity(entry: Mapping[str, Any] | None, source: str, notices: list[Notice]) -> int:
    raw = (entry or {}).get("quantity", 1)
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 32:
        return raw
    notices.append(
        Notice("app-json-ignored", f"{source}.test.quantity", "not a number from 1 to 32; 1 used")
    )
    return 1
