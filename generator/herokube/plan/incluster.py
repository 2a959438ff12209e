"""Values for the optional in-cluster targets and monitoring (``herokube new --postgres/--redis/--monitoring``).

Each feature is one top-level key of the chart's values, present only when asked for, so an
absent key means "off" (the chart templates read them with ``| default dict``). The variables an
in-cluster target serves leave the secret store: the chart points them at the operator's secret
(CloudNativePG) or the in-cluster Service (Redis) instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from herokube.errors import UserError
from herokube.model import Addon, App, Notice

__all__ = ["MONITORING_CHOICES", "POSTGRES_CHOICES", "REDIS_CHOICES", "in_cluster_values"]

POSTGRES_CHOICES = ("external", "cloudnative-pg")
REDIS_CHOICES = ("external", "in-cluster")
MONITORING_CHOICES = ("none", "prometheus")

DEFAULT_POSTGRES_MAJOR = "16"
CNPG_IMAGE = "ghcr.io/cloudnative-pg/postgresql"
REDIS_IMAGE = "valkey/valkey:8.1.4"
# Heroku Postgres plans by tier number: memory in GiB (standard-0 has 4 GB, standard-2 8 GB ...).
_PLAN_MEMORY_GIB = {0: 4, 2: 8, 3: 15, 4: 30, 5: 61, 6: 122, 7: 244, 8: 488, 9: 768}
_HA_PLANS = ("premium", "private", "shield")
_PLAN = re.compile(r"^(?:heroku-postgresql:)?(?P<tier>[a-z]+)-(?P<number>\d+)$")
# Heroku Key-Value Store (Redis) plans: maxmemory in MB by plan (premium, private and shield share
# the numbers). mini keeps no data across restarts; the others persist with AOF.
_REDIS_MEMORY_MB = {
    "mini": 25,
    "0": 50,
    "1": 100,
    "2": 250,
    "3": 500,
    "5": 1024,
    "7": 7 * 1024,
    "9": 10 * 1024,
    "10": 25 * 1024,
    "12": 50 * 1024,
    "14": 100 * 1024,
}
_REDIS_PLAN = re.compile(r"^(?:heroku-redis:)?(?P<tier>[a-z]+)(?:-(?P<number>\d+))?$")
# Job queues lose jobs when Redis evicts keys: their stores must refuse writes instead.
_QUEUE_COMMANDS = re.compile(r"\b(sidekiq|celery|rq|resque|bull|bullmq|good_job|huey|dramatiq)\b")


def _check(value: str, choices: Sequence[str], option: str) -> None:
    if value not in choices:
        raise UserError(f"must be one of {', '.join(choices)}", source=option, field=value)


def in_cluster_values(
    app: App, postgres: str, redis: str, monitoring: str, jvm: bool, notices: list[Notice]
) -> tuple[dict[str, Any], set[str]]:
    """The chart values of the features asked for, and the variables they take out of the secret store."""
    _check(postgres, POSTGRES_CHOICES, "--postgres")
    _check(redis, REDIS_CHOICES, "--redis")
    _check(monitoring, MONITORING_CHOICES, "--monitoring")
    values: dict[str, Any] = {}
    served: set[str] = set()
    if postgres == "cloudnative-pg":
        cluster = _postgres(app, jvm, notices)
        if cluster is not None:
            values["postgresCluster"] = cluster
            served |= set(cluster["variables"])
    if redis == "in-cluster":
        store = _redis(app, notices)
        if store is not None:
            values["redis"] = store
            served |= set(store["variables"])
    if monitoring == "prometheus":
        values["monitoring"] = {
            # Off until the app serves metrics at `path` on its web port.
            "serviceMonitor": {"enabled": False, "path": "/metrics", "interval": "30s"},
            "prometheusRules": {
                "enabled": True,
                "errorRatePercent": 5,
                "timeoutRatePercent": 1,
                "memoryPercent": 90,
                "restarts": 3,
            },
            "grafanaDashboard": {"enabled": True},
        }
    return values, served


def _postgres(app: App, jvm: bool, notices: list[Notice]) -> dict[str, Any] | None:
    databases = [a for a in app.addons if a.service == "heroku-postgresql"]
    if not databases:
        notices.append(
            Notice(
                "postgres-none",
                "--postgres",
                "the app has no Heroku Postgres: no CloudNativePG Cluster is rendered",
            )
        )
        return None
    primary = next((a for a in databases if "DATABASE_URL" in a.config_vars), databases[0])
    for other in databases:
        if other is not primary:
            notices.append(
                Notice(
                    "postgres-extra",
                    f"addons.{other.name}",
                    "only the primary database moves into the cluster; this one stays external",
                )
            )
    version = _postgres_major(primary, notices)
    plan = _PLAN.match((primary.plan or "").split(":")[-1] if primary.plan else "")
    tier, number = (plan.group("tier"), int(plan.group("number"))) if plan else ("essential", 0)
    memory_mb = _PLAN_MEMORY_GIB.get(number, 4) * 1024 if tier in ("standard", *_HA_PLANS) else 512
    cpu = max(250, (memory_mb // 4096) * 1000)
    data_bytes = primary.details.get("data_size_bytes")
    storage_gib = (
        max(10, math.ceil(2 * int(data_bytes) / 2**30))
        if isinstance(data_bytes, int) and data_bytes > 0
        else 10
    )
    return {
        "enabled": True,
        "addon": primary.name,
        "instances": 2 if tier in _HA_PLANS else 1,
        "imageName": f"{CNPG_IMAGE}:{version}",
        "storage": {"size": f"{storage_gib}Gi"},
        "resources": {
            "requests": {"cpu": f"{cpu}m", "memory": f"{memory_mb}Mi"},
            "limits": {"memory": f"{memory_mb}Mi"},
        },
        "variables": _postgres_variables(primary, jvm),
        "import": {
            # Off until host, user and dbname are filled (the values schema requires them when
            # on), from `heroku pg:credentials:url DATABASE --app <app>`; the password comes from
            # the secret store (property below), never from this file.
            "enabled": False,
            "host": "",
            "port": "5432",
            "user": "",
            "dbname": "",
            "sslmode": "require",
            "passwordProperty": "HEROKU_DATABASE_PASSWORD",
        },
        "backup": _postgres_backup(app),
    }


def _postgres_backup(app: App) -> dict[str, Any]:
    """Backups through the Barman Cloud plugin: WAL archiving and a daily base backup.

    Heroku kept continuous protection and daily backups for its paid plans; the bucket (one
    folder per namespace) and its credentials are the team's to create (the runbook says how).
    """
    return {
        "enabled": True,
        "destinationPath": f"s3://{app.name}-postgres-backups",
        "endpointURL": "",
        "retentionPolicy": "30d",
        # CloudNativePG's cron has six fields, seconds first: every day at 03:00 UTC.
        "schedule": "0 0 3 * * *",
        "accessKeyIdProperty": "POSTGRES_BACKUP_ACCESS_KEY_ID",
        "secretAccessKeyProperty": "POSTGRES_BACKUP_SECRET_ACCESS_KEY",
    }


def _postgres_major(primary: Addon, notices: list[Notice]) -> str:
    """The major version Heroku ran, which the cluster must match for the import."""
    version = str(primary.details.get("postgres_version") or "").split(".")[0]
    if version.isdigit():
        return version
    notices.append(
        Notice(
            "postgres-version-unknown",
            f"addons.{primary.name}",
            f"no postgres_version in the export: the cluster runs Postgres {DEFAULT_POSTGRES_MAJOR}; match Heroku's major version",
        )
    )
    return DEFAULT_POSTGRES_MAJOR


def _postgres_variables(primary: Addon, jvm: bool) -> dict[str, str]:
    """Variable the app reads → key of the operator's <cluster>-app secret."""
    variables = {
        name: "uri" for name in (primary.config_vars or ("DATABASE_URL",)) if name.endswith("_URL")
    }
    if jvm:
        variables.update(
            {
                "JDBC_DATABASE_URL": "jdbc-uri",
                "JDBC_DATABASE_USERNAME": "username",
                "JDBC_DATABASE_PASSWORD": "password",
            }
        )
    return dict(sorted(variables.items()))


def _redis(app: App, notices: list[Notice]) -> dict[str, Any] | None:
    stores = [a for a in app.addons if a.service == "heroku-redis"]
    if not stores:
        notices.append(
            Notice(
                "redis-none",
                "--redis",
                "the app has no Heroku Redis: no in-cluster Redis is rendered",
            )
        )
        return None
    for other in stores[1:]:
        notices.append(
            Notice(
                "redis-extra",
                f"addons.{other.name}",
                "only the first Heroku Redis moves into the cluster; this one stays external",
            )
        )
    store = stores[0]
    return {
        "enabled": True,
        "addon": store.name,
        "image": REDIS_IMAGE,
        "port": 6379,
        **_redis_sizes(app, store, notices),
        "variables": sorted(store.config_vars or ("REDIS_URL",)),
    }


def _redis_sizes(app: App, store: Addon, notices: list[Notice]) -> dict[str, Any]:
    """maxmemory and its policy from the plan, a memory limit above it, AOF where Heroku persisted."""
    match = _REDIS_PLAN.match((store.plan or "").split(":")[-1])
    tier = match.group("tier") if match else ""
    key = "mini" if tier == "mini" else (match.group("number") or "") if match else ""
    maxmemory_mb = _REDIS_MEMORY_MB.get(key)
    if maxmemory_mb is None:
        notices.append(
            Notice(
                "redis-plan-unknown",
                f"addons.{store.name}",
                f"plan {store.plan or 'unknown'}: sized as premium-0 (50 MB); match `heroku redis:info`",
            )
        )
        maxmemory_mb = 50
    persisted = tier != "mini"
    policy = str(store.details.get("maxmemory_policy") or "noeviction")
    queues = sorted(
        {m.group(1) for p in app.processes for m in _QUEUE_COMMANDS.finditer(p.command)}
    )
    if queues and policy != "noeviction":
        notices.append(
            Notice(
                "redis-queue-eviction",
                f"addons.{store.name}",
                f"{', '.join(queues)} keeps jobs in Redis: maxmemory-policy {policy} became noeviction",
            )
        )
        policy = "noeviction"
    # Room above maxmemory for the server itself, client buffers and the AOF rewrite's fork.
    limit_mb = math.ceil(maxmemory_mb * 1.5) + 64
    return {
        "maxmemory": f"{maxmemory_mb}mb",
        "maxmemoryPolicy": policy,
        "persistence": {
            "enabled": persisted,
            # The AOF grows to about twice the data before a rewrite.
            "size": f"{max(1, math.ceil(3 * maxmemory_mb / 1024))}Gi",
        },
        "resources": {
            "requests": {
                "cpu": "100m" if maxmemory_mb <= 1024 else "500m",
                "memory": f"{limit_mb}Mi",
            },
            "limits": {"memory": f"{limit_mb}Mi"},
        },
    }
