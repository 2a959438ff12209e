"""Where ``--monitoring prometheus`` reads HTTP numbers: the metrics of what the chart routes through.

Heroku's router measured every request; on Kubernetes the Ingress controller or the Gateway does,
and each names its metrics its own way. ingress-nginx, whose names the chart used to read, was
retired in 2026, so the chart reads one current implementation per ``--ingress`` choice and a
platform with another sets ``monitoring.http`` (``docs/load-testing.md``, Grafana):

- ``ingress``: Traefik (it serves plain Ingresses; ``<namespace>-<service>-<port>@kubernetes``);
- ``gateway-api``: Envoy Gateway (one Envoy cluster per HTTPRoute rule,
  ``httproute/<namespace>/<route>/rule/<n>``; durations in milliseconds);
- ``none``: no route, so no request metrics: the dashboard and alerts keep memory and restarts.

``selector`` holds ``{namespace}`` and ``{fullname}``, which the chart fills in per release.
"""

from __future__ import annotations

from typing import Any

from herokube.plan.model import IngressChoice

__all__ = ["request_metrics"]

_TRAEFIK = {
    "source": "traefik",
    "requests": "traefik_service_requests_total",
    "durationBuckets": "traefik_service_request_duration_seconds_bucket",
    "durationSecondsPerUnit": 1,
    "statusLabel": "code",
    "selector": 'service=~"{namespace}-{fullname}-.*@kubernetes"',
}
_ENVOY_GATEWAY = {
    "source": "envoy-gateway",
    "requests": "envoy_cluster_upstream_rq",
    "durationBuckets": "envoy_cluster_upstream_rq_time_bucket",
    "durationSecondsPerUnit": 0.001,
    "statusLabel": "envoy_response_code",
    "selector": 'envoy_cluster_name=~"httproute/{namespace}/{fullname}-.*"',
}
_NONE = {
    "source": "none",
    "requests": "",
    "durationBuckets": "",
    "durationSecondsPerUnit": 1,
    "statusLabel": "",
    "selector": "",
}


def request_metrics(ingress: IngressChoice) -> dict[str, Any]:
    """``monitoring.http``: the request counter and duration histogram the chart's route feeds."""
    preset = {"ingress": _TRAEFIK, "gateway-api": _ENVOY_GATEWAY}.get(ingress, _NONE)
    return dict(preset)
