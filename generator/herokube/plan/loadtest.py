"""``herokube new --load-test k6``: what the k6 script requests, how hard, and its pass marks.

The script itself (``chart/files/loadtest/script.js``) holds no app data: it reads
``routes.json`` beside it, which herokube writes from this module and the team edits (the routes
worth timing, the rate, the thresholds). The same two files run against the ``herokuapp.com``
host and the new cluster, so the two summaries compare (``docs/load-testing.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from herokube.errors import UserError
from herokube.model import App, Notice
from herokube.plan.model import LoadTestChoice, Workload, web_workload

__all__ = [
    "HEALTH_PATH",
    "LOAD_TEST_CHOICES",
    "ROUTER_TIMEOUT_SECONDS",
    "heroku_url",
    "load_test_answers",
    "load_test_values",
    "smoke_test_values",
]

LOAD_TEST_CHOICES: tuple[str, ...] = get_args(LoadTestChoice)
HEALTH_PATH = "/"
"""Heroku never asked an app for a health path; ``/`` is the one path every web app answers."""
ROUTER_TIMEOUT_SECONDS = 30
"""Heroku's router gave up on a request after 30 s (H12): the hard ceiling of every request."""

# A first load that any app Heroku ran on one dyno takes; the team raises it in routes.json.
_LOAD = {"rate": 5, "duration": "2m", "preAllocatedVUs": 10, "maxVUs": 50}
_THRESHOLDS = {"p95Milliseconds": 1000, "errorRatePercent": 1}
_SMOKE_IMAGE = "busybox:1.36.1"
"""Listed in /work/shared/image-tags/busybox.txt; its wget speaks HTTP and exits 1 on 4xx/5xx."""


def heroku_url(app: App) -> str:
    """The app's ``herokuapp.com`` address: the export's Heroku domain, else the classic name.

    Apps created since 2023 carry a random suffix (``name-1a2b3c4d5e6f.herokuapp.com``); only
    the export's domains know it, so without them the runbook asks the team to check.
    """
    heroku = sorted(d.hostname for d in app.domains if d.kind == "heroku")
    return f"https://{heroku[0] if heroku else f'{app.name}.herokuapp.com'}"


def load_test_answers(
    app: App,
    choice: str,
    workloads: Sequence[Workload],
    hosts: Sequence[str],
    notices: list[Notice],
) -> dict[str, Any]:
    """The Copier answer ``load_test``: empty (no files) or ``{web, routes}`` for routes.json."""
    if choice not in LOAD_TEST_CHOICES:
        raise UserError(
            f"must be one of {', '.join(LOAD_TEST_CHOICES)}", source="--load-test", field=choice
        )
    if choice == "none":
        return {}
    web = web_workload(workloads)
    if web is None:
        notices.append(
            Notice(
                "load-test-no-web",
                "--load-test",
                "the app has no web process: there is nothing to load-test, no k6 script is written",
            )
        )
        return {}
    routes = {
        "heroku": heroku_url(app),
        "hosts": [f"https://{host}" for host in hosts],
        "routes": [
            {"name": "health", "method": "GET", "path": HEALTH_PATH, "weight": 1, "expect": [200]}
        ],
        "load": dict(_LOAD),
        "thresholds": dict(_THRESHOLDS),
    }
    return {"web": web.label, "routes": routes}


def load_test_values(answers: dict[str, Any]) -> dict[str, Any]:
    """Chart values ``loadTest``: off in every environment until the team turns it on."""
    if not answers:
        return {}
    return {
        "loadTest": {
            "enabled": False,
            # Empty: the web Service inside the cluster (http://<fullname>-<web>).
            "targetUrl": "",
            "parallelism": 1,
            # Empty: the k6-operator's default runner image (grafana/k6).
            "image": "",
            "resources": {
                "requests": {"cpu": "500m", "memory": "256Mi"},
                "limits": {"memory": "512Mi"},
            },
        }
    }


def smoke_test_values() -> dict[str, Any]:
    """Chart values ``tests``: ``helm test`` requests ``path`` on the web Service."""
    return {"enabled": True, "image": _SMOKE_IMAGE, "path": HEALTH_PATH}
