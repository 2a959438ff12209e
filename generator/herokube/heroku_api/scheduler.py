"""Heroku Scheduler jobs, read from the undocumented API the Heroku Dashboard uses.

There is no Platform API for them. Anything that goes wrong here becomes a warning, never a
failed export: the jobs can be copied by hand, the rest of the export is still good.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from herokube.heroku_api import shapes
from herokube.heroku_api.client import ApiClient, ApiError

__all__ = ["DEFAULT_SCHEDULER_URL", "JSON_API", "SchedulerResult", "read_jobs"]

DEFAULT_SCHEDULER_URL = "https://particleboard.heroku.com"
JSON_API = "application/vnd.api+json"
_EVERY = {10: 10, 60: 60, 1440: 1440}
# The Dashboard has also been seen to send frequencies as words.
_EVERY_WORDS = {"every_ten_minutes": 10, "every_hour": 60, "every_day": 1440}


@dataclass(frozen=True)
class SchedulerResult:
    """The jobs read (``None`` when they could not be read) and warnings to put in the export."""

    jobs: list[dict[str, Any]] | None
    warnings: list[dict[str, str]] = field(default_factory=list)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _job(attributes: dict[str, Any]) -> dict[str, Any] | None:
    every_raw = attributes.get("every")
    every = _EVERY_WORDS.get(every_raw) if isinstance(every_raw, str) else None
    every = every or _EVERY.get(_int(every_raw) or -1)
    if every is None:
        return None
    job: dict[str, Any] = {"command": attributes["command"], "every_minutes": every}
    at = _int(attributes.get("at"))
    if at is not None and 0 <= at <= 1439:
        job["at"] = at
    size = attributes.get("dyno-size")
    if size:
        job["dyno_size"] = size
    return job


def read_jobs(client: ApiClient, app_id: str) -> SchedulerResult:
    """Jobs sorted by (every, at, command), or ``jobs=None`` and a warning saying why not."""
    path = f"/apps/{quote(app_id, safe='')}/jobs"
    try:
        answer = shapes.check(client.get_json(path), shapes.SCHEDULER_JOBS, f"GET {path}")
    except ApiError as error:
        return SchedulerResult(
            None,
            [
                {
                    "code": "scheduler-unreadable",
                    "message": f"Heroku Scheduler jobs could not be read ({error.line()}); "
                    "copy them from the Heroku Dashboard by hand",
                }
            ],
        )
    jobs: list[dict[str, Any]] = []
    warnings: list[dict[str, str]] = []
    for entry in answer["data"]:
        job = _job(entry["attributes"])
        if job is None:
            warnings.append(
                {
                    "code": "scheduler-job-skipped",
                    "message": "a Heroku Scheduler job with an unknown frequency was left "
                    f"out: {entry['attributes']['command']}",
                }
            )
            continue
        jobs.append(job)
    jobs.sort(key=lambda j: (j["every_minutes"], j.get("at", 0), j["command"]))
    return SchedulerResult(jobs, warnings)
