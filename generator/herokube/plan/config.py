"""Which config vars the chart keeps as settings, which become secrets, and which are dropped."""

from __future__ import annotations

from herokube.blueprints import Blueprints
from herokube.model import App, ConfigVar, Notice

__all__ = ["is_jvm", "jdbc_secrets", "split_config"]

_JDBC_SOURCES = ("DATABASE_URL", "JAWSDB_URL", "JAWSDB_MARIA_URL", "CLEARDB_DATABASE_URL")


def split_config(
    app: App, blueprints: Blueprints, notices: list[Notice]
) -> tuple[dict[str, str], list[str]]:
    """Plain settings (kept byte for byte) and the names of secrets (values never kept)."""
    config: dict[str, str] = {}
    secrets: list[str] = []
    for var in sorted(app.config_vars, key=lambda v: v.name):
        if var.name == "HEROKU_APP_NAME":
            # Apps read it (runtime-dyno-metadata, app.json); the app keeps its name.
            config[var.name] = app.name
            continue
        if _dropped(var, blueprints, notices):
            continue
        if var.secret or var.origin == "addon":
            secrets.append(var.name)
        else:
            config[var.name] = var.value if var.value is not None else ""
    return config, secrets


def _dropped(var: ConfigVar, blueprints: Blueprints, notices: list[Notice]) -> bool:
    where = f"config_vars.{var.name}"
    if var.origin == "heroku":
        notices.append(Notice("config-var-platform", where, "set by Heroku; not carried over"))
        return True
    if var.name in blueprints.platform_vars:
        notices.append(
            Notice(
                "config-var-platform", where, "set by the chart or the platform; not carried over"
            )
        )
        return True
    if var.name in blueprints.build_time_vars or var.name.startswith(
        blueprints.build_time_prefixes
    ):
        notices.append(
            Notice(
                "config-var-build-time",
                where,
                "a buildpack control; belongs in the Dockerfile, not the runtime config",
            )
        )
        return True
    return False


def is_jvm(app: App) -> bool:
    """Java or Scala (or a runtime detected as JVM): 90 s to boot and JDBC_* variables."""
    runtime = app.runtime
    return bool(runtime and (runtime.language in ("java", "scala") or runtime.facts.get("jvm")))


def jdbc_secrets(secrets: list[str], notices: list[Notice]) -> list[str]:
    """The JVM buildpack derived JDBC_DATABASE_* from DATABASE_URL at boot; JVM apps read them."""
    if not any(name in secrets for name in _JDBC_SOURCES):
        return secrets
    added = [
        n
        for n in ("JDBC_DATABASE_URL", "JDBC_DATABASE_USERNAME", "JDBC_DATABASE_PASSWORD")
        if n not in secrets
    ]
    if added:
        notices.append(
            Notice(
                "jdbc-derived",
                "config_vars.DATABASE_URL",
                "the JVM buildpack derived JDBC_DATABASE_URL/USERNAME/PASSWORD; store them beside DATABASE_URL",
            )
        )
    return sorted([*secrets, *added])
