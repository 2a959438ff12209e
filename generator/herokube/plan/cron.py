"""Heroku Scheduler jobs as CronJobs."""

from __future__ import annotations

import re
from collections.abc import Mapping

from herokube.model import App, DynoSize, Notice, SchedulerJob
from herokube.names import unique_labels
from herokube.plan.model import CronJob, Resources
from herokube.plan.workloads import buildpack_env, shell_command

__all__ = ["cron_jobs"]

# Words that name the tool, not the job: `bundle exec rake reports:daily` is "rake-reports-daily".
_TOOL_WORDS = frozenset(
    {
        "bundle",
        "exec",
        "python",
        "manage.py",
        "npm",
        "run",
        "yarn",
        "node",
        "bin",
        "rails",
        "php",
        "artisan",
    }
)
# What a Scheduler job without a known dyno size ran on.
_DEFAULT_SIZE = DynoSize("standard-1x", 512, 250)


def cron_jobs(
    app: App, config: Mapping[str, str], jvm: bool, notices: list[Notice]
) -> tuple[CronJob, ...]:
    """One CronJob per Scheduler job; none (and a notice) when the export could not list them."""
    if app.scheduler_jobs is None:
        if any(a.service == "scheduler" for a in app.addons):
            notices.append(
                Notice(
                    "scheduler-jobs-unknown",
                    "addons.scheduler",
                    "the export has no Scheduler jobs: copy them from the dashboard by hand",
                )
            )
        return ()
    labels = unique_labels(
        [_job_name(job) for job in app.scheduler_jobs], max_length=30, fallback="job"
    )
    return tuple(
        _cron_job(app, label, job, config, jvm)
        for label, job in zip(labels, app.scheduler_jobs, strict=True)
    )


def _cron_job(
    app: App, label: str, job: SchedulerJob, config: Mapping[str, str], jvm: bool
) -> CronJob:
    size = app.dyno_sizes.get((job.dyno_size or "").lower()) or _DEFAULT_SIZE
    return CronJob(
        name=label,
        schedule=_schedule(job),
        command=shell_command(job.command),
        # Heroku Scheduler stops a job after about one interval.
        deadline_seconds=job.every_minutes * 60,
        resources=Resources.of(size),
        env=buildpack_env(app, size, False, jvm, config),
    )


def _job_name(job: SchedulerJob) -> str:
    words = [w for w in re.split(r"[\s:/._]+", job.command) if w and w not in _TOOL_WORDS]
    return "-".join(words[:4]) or "job"


def _schedule(job: SchedulerJob) -> str:
    if job.every_minutes == 10:
        return "*/10 * * * *"
    if job.every_minutes == 60:
        return f"{job.at % 60} * * * *"
    return f"{job.at % 60} {job.at // 60} * * *"
