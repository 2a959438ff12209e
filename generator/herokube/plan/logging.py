"""``--logging logging-operator``: the app's Heroku log drains as the kube-logging operator's Outputs.

A namespaced ``Flow`` selects the app's pods; each Heroku log drain becomes one ``Output``:

- ``syslog://`` and ``syslog+tls://`` drains a syslog Output (TCP, or TLS checked against the
  system's CA store), host and port as the drain named them;
- ``https://`` drains an HTTP Output whose endpoint is the drain URL without its user info; the
  user and password (Heroku's "secure drain" form) come from the secret store through
  ``auth.username`` / ``auth.password`` ``valueFrom.secretKeyRef``;
- a Datadog intake URL (``?dd-api-key=``) a Datadog Output whose ``api_key`` comes from the store.

The operator's HTTP and syslog outputs take the endpoint, host and port as plain text, so a drain
whose credential sits in its URL's path or query (a Logtail source token, an ingest key) cannot be
carried without writing the credential: it gets no Output and a warning instead (docs/logging.md).

The loader has marked each credential ``REDACTED`` in place (``herokube.secrets.drains``); the
values name, per drain, the secret store keys that must hold them (``HEROKUBE_LOG_DRAIN_<n>_*``,
under the environment's remote key), never a value. Without drains the Flow sends to the cluster
outputs named in ``logging.globalOutputRefs``.
"""

from __future__ import annotations

from typing import Any, get_args
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from herokube.errors import UserError
from herokube.model import App, Notice
from herokube.plan.model import LoggingChoice
from herokube.secrets.urls import REDACTED

__all__ = [
    "DEFAULT_CLUSTER_OUTPUT",
    "LOGGING_CHOICES",
    "drain_key",
    "drain_outputs",
    "logging_values",
]

LOGGING_CHOICES: tuple[str, ...] = get_args(LoggingChoice)
DEFAULT_CLUSTER_OUTPUT = "cluster-logs"
"""The ClusterOutput an app without drains sends to, until values name the platform's own."""

_SYSLOG_PORTS = {"syslog": 514, "syslog+tls": 6514}
_DATADOG_DOMAINS = ("datadoghq.com", "datadoghq.eu", "ddog-gov.com")
_DATADOG_KEY = "dd-api-key"


def drain_key(number: int, part: str) -> str:
    """The secret store key (and Secret key) of one drain's credential: ``HEROKUBE_LOG_DRAIN_1_PASSWORD``."""
    return f"HEROKUBE_LOG_DRAIN_{number}_{part}"


def logging_values(app: App, choice: str, notices: list[Notice]) -> dict[str, Any]:
    """The chart's ``logging`` values for ``--logging``; empty for ``none``."""
    if choice not in LOGGING_CHOICES:
        raise UserError(
            f"must be one of {', '.join(LOGGING_CHOICES)}", source="--logging", field=choice
        )
    if choice == "none":
        return {}
    drains = []
    for number, url in enumerate(app.log_drains, start=1):
        drain = _drain(number, url, notices)
        if drain is not None:
            drains.append(drain)
    if not app.log_drains:
        notices.append(
            Notice(
                "logging-no-drains",
                "--logging",
                "the app has no log drain: its Flow sends to the cluster outputs in "
                f"logging.globalOutputRefs ({DEFAULT_CLUSTER_OUTPUT!r} until you name yours)",
            )
        )
    return {
        "enabled": True,
        "globalOutputRefs": [] if app.log_drains else [DEFAULT_CLUSTER_OUTPUT],
        "drains": drains,
    }


def _not_carried(number: int, url: str, why: str, notices: list[Notice]) -> None:
    notices.append(Notice("log-drain-not-carried", f"log_drains[{number - 1}]", f"{url}: {why}"))


def _drain(number: int, url: str, notices: list[Notice]) -> dict[str, Any] | None:
    """One drain's Output values, or None (with a warning) when no Output can carry it."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port, parts = None, None, urlsplit("")
    if not host:
        _not_carried(number, url, "not a URL herokube can read; add its Output by hand", notices)
        return None
    name = f"drain-{number}"
    if parts.scheme in _SYSLOG_PORTS:
        if "@" in parts.netloc:
            _not_carried(
                number, url, "syslog carries no user info; the Output sends without it", notices
            )
        return {
            "name": name,
            "syslog": {
                "host": host,
                "port": port or _SYSLOG_PORTS[parts.scheme],
                "transport": "tls" if parts.scheme == "syslog+tls" else "tcp",
            },
        }
    if parts.scheme not in ("https", "http"):
        _not_carried(
            number, url, f"the operator has no output for {parts.scheme}:// drains", notices
        )
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if host.endswith(_DATADOG_DOMAINS) and (_DATADOG_KEY, REDACTED) in query:
        return _datadog(number, name, host, dict(query))
    if REDACTED in parts.path.split("/") or any(value == REDACTED for _, value in query):
        _not_carried(
            number,
            url,
            "its credential is part of the URL, which the operator's HTTP output takes as plain "
            "text: configure the provider's Output by hand from the secret store",
            notices,
        )
        return None
    endpoint = urlunsplit(
        (parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, "")
    )
    drain: dict[str, Any] = {"name": name, "http": {"endpoint": endpoint}}
    if "@" in parts.netloc:
        drain["basicAuth"] = {
            "username": drain_key(number, "USERNAME"),
            "password": drain_key(number, "PASSWORD"),
        }
    notices.append(
        Notice(
            "log-drain-json",
            f"log_drains[{number - 1}]",
            f"{endpoint} receives JSON records from the operator, not Heroku's logplex frames: "
            "check that the provider reads them (a provider's generic HTTP endpoint does)",
        )
    )
    return drain


def _datadog(number: int, name: str, host: str, query: dict[str, str]) -> dict[str, Any]:
    """Datadog's HTTP intake: the API key from the store, source, service and tags as given."""
    values: dict[str, Any] = {"host": host, "apiKey": drain_key(number, "API_KEY")}
    for parameter, field in (
        ("ddsource", "ddSource"),
        ("service", "service"),
        ("ddtags", "ddTags"),
    ):
        if query.get(parameter) and query[parameter] != REDACTED:
            values[field] = query[parameter]
    return {"name": name, "datadog": values}


def drain_outputs(values: dict[str, Any] | Any) -> list[dict[str, Any]]:
    """Per drain Output: its name, kind, where it sends and the store keys it reads (the runbook)."""
    listed = []
    for drain in (values or {}).get("drains", []):
        if "syslog" in drain:
            kind, syslog = "syslog", drain["syslog"]
            target, keys = f"{syslog['host']}:{syslog['port']} ({syslog['transport']})", []
        elif "datadog" in drain:
            kind, target, keys = "datadog", drain["datadog"]["host"], [drain["datadog"]["apiKey"]]
        else:
            kind, target = "http", drain["http"]["endpoint"]
            auth = drain.get("basicAuth") or {}
            keys = [auth[k] for k in ("username", "password") if k in auth]
        listed.append({"name": drain["name"], "kind": kind, "target": target, "store_keys": keys})
    return listed
