"""Read everything the export needs about one app from the Platform API, concurrently.

Three rounds: the app itself (so a bad token or an unknown app fails fast with one request),
then everything that only needs the app's name, then what depends on those answers (the dyno
sizes the formation uses, the current release's slug, the pipeline, Scheduler jobs).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from herokube.errors import UserError
from herokube.heroku_api import shapes
from herokube.heroku_api.client import ApiClient, ApiError, NotFoundError
from herokube.heroku_api.scheduler import SchedulerResult, read_jobs

__all__ = ["RawApp", "fetch_app"]

T = TypeVar("T")

# Newest first; the current release is nearly always the first, a failed deploy may come before it.
_RELEASES_RANGE = "version ..; max=10, order=desc"
_WORKERS = 8


@dataclass
class RawApp:
    """The API's answers, shape-checked, before they become the export document."""

    app: dict[str, Any]
    formation: list[dict[str, Any]] = field(default_factory=list)
    dyno_sizes: dict[str, dict[str, Any]] = field(default_factory=dict)
    addons: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    config_vars: dict[str, str | None] = field(default_factory=dict)
    domains: list[dict[str, Any]] = field(default_factory=list)
    buildpacks: list[dict[str, Any]] = field(default_factory=list)
    features: list[dict[str, Any]] = field(default_factory=list)
    log_drains: list[dict[str, Any]] = field(default_factory=list)
    coupling: dict[str, Any] | None = None
    pipeline: dict[str, Any] | None = None
    pipeline_apps: list[dict[str, str]] = field(default_factory=list)
    review_apps: bool = False
    release: dict[str, Any] | None = None
    process_types: dict[str, str] | None = None
    commit: str | None = None
    scheduler: SchedulerResult | None = None
    warnings: list[dict[str, str]] = field(default_factory=list)


def _q(part: str) -> str:
    return quote(part, safe="")


class _Reader:
    """Shape-checked GETs against one client; ``what`` names the request in errors."""

    def __init__(self, client: ApiClient):
        self.client = client

    def one(self, path: str, shape: dict[str, Any]) -> Any:
        return shapes.check(self.client.get_json(path), shape, self._what(path))

    def many(self, path: str, shape: dict[str, Any]) -> Any:
        return shapes.check(self.client.get_list(path), shape, self._what(path))

    def optional(self, path: str, shape: dict[str, Any]) -> Any:
        """``None`` on 404: an uncoupled app has no pipeline coupling, and that is fine."""
        try:
            return self.one(path, shape)
        except NotFoundError:
            return None

    def releases(self, path: str) -> Any:
        # One page only: the newest releases are enough to find the current one.
        answer = self.client.get_json(path, headers={"Range": _RELEASES_RANGE})
        return shapes.check(answer, shapes.RELEASES, self._what(path))

    def _what(self, path: str) -> str:
        return f"{self.client.describe}'s answer to GET {path}"


def _run(pool: ThreadPoolExecutor, jobs: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run ``jobs`` concurrently; the first error (in submission order) is raised."""
    futures: dict[str, Future[Any]] = {name: pool.submit(job) for name, job in jobs.items()}
    results: dict[str, Any] = {}
    try:
        for name, future in futures.items():
            results[name] = future.result()
    except BaseException:
        for future in futures.values():
            future.cancel()
        raise
    return results


def _current_release(releases: list[dict[str, Any]]) -> dict[str, Any] | None:
    for release in releases:
        if release.get("current"):
            return release
    succeeded = [r for r in releases if r.get("status") in (None, "succeeded")]
    return max(succeeded, key=lambda r: r["version"]) if succeeded else None


def _app_not_found(app: str, client: ApiClient) -> UserError:
    return UserError(
        f"app '{app}' not found at {client.base_url} (404): check the name with `heroku apps` "
        "and that the token's account can see it"
    )


def fetch_app(
    client: ApiClient, app: str, *, scheduler: ApiClient | None = None, workers: int = _WORKERS
) -> RawApp:
    """Everything about ``app`` (a name or id); ``scheduler`` set means read Scheduler jobs too."""
    read = _Reader(client)
    try:
        app_answer = read.one(f"/apps/{_q(app)}", shapes.APP)
    except NotFoundError:
        raise _app_not_found(app, client) from None
    raw = RawApp(app=app_answer)
    base = f"/apps/{_q(app_answer['name'])}"
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="herokube-export")
    try:
        first = _run(
            pool,
            {
                "formation": lambda: read.many(f"{base}/formation", shapes.FORMATION),
                "addons": lambda: read.many(f"{base}/addons", shapes.ADDONS),
                "attachments": lambda: read.many(f"{base}/addon-attachments", shapes.ATTACHMENTS),
                "config_vars": lambda: read.one(f"{base}/config-vars", shapes.CONFIG_VARS),
                "domains": lambda: read.many(f"{base}/domains", shapes.DOMAINS),
                "buildpacks": lambda: read.many(
                    f"{base}/buildpack-installations", shapes.BUILDPACKS
                ),
                "features": lambda: read.many(f"{base}/features", shapes.FEATURES),
                "log_drains": lambda: read.many(f"{base}/log-drains", shapes.LOG_DRAINS),
                "coupling": lambda: read.optional(f"{base}/pipeline-couplings", shapes.COUPLING),
                "releases": lambda: read.releases(f"{base}/releases"),
            },
        )
        for name in ("formation", "addons", "attachments", "config_vars", "domains"):
            setattr(raw, name, first[name])
        raw.buildpacks, raw.features = first["buildpacks"], first["features"]
        raw.log_drains, raw.coupling = first["log_drains"], first["coupling"]
        raw.release = _current_release(first["releases"])
        _second_round(pool, read, raw, base, scheduler)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return raw


def _size_name(entry: dict[str, Any]) -> str | None:
    size = entry.get("dyno_size") or {}
    name = size.get("name") or entry.get("size")
    return name if isinstance(name, str) and name else None


def _second_round(
    pool: ThreadPoolExecutor,
    read: _Reader,
    raw: RawApp,
    base: str,
    scheduler: ApiClient | None,
) -> None:
    jobs: dict[str, Callable[[], Any]] = {}
    sizes = sorted({name for entry in raw.formation if (name := _size_name(entry))})
    for size in sizes:
        jobs[f"size:{size}"] = _optional_job(read, f"/dyno-sizes/{_q(size)}", shapes.DYNO_SIZE)
    artifact = _artifact(raw.release)
    if artifact is not None:
        kind, ident = artifact
        path = f"{base}/slugs/{_q(ident)}" if kind == "slug" else f"{base}/oci-images/{_q(ident)}"
        shape = shapes.SLUG if kind == "slug" else shapes.OCI_IMAGE
        jobs["artifact"] = lambda: (kind, read.one(path, shape))
    if raw.coupling is not None:
        pipeline_id = _q(raw.coupling["pipeline"]["id"])
        jobs["pipeline"] = lambda: read.one(f"/pipelines/{pipeline_id}", shapes.PIPELINE)
        jobs["couplings"] = lambda: read.many(
            f"/pipelines/{pipeline_id}/pipeline-couplings", shapes.COUPLINGS
        )
        jobs["review"] = _optional_job(
            read, f"/pipelines/{pipeline_id}/review-app-config", {"type": "object"}
        )
    if scheduler is not None and _has_scheduler(raw):
        app_id = raw.app["id"]
        jobs["scheduler"] = lambda: read_jobs(scheduler, app_id)
    results = _run(pool, jobs)

    for size in sizes:
        answer = results[f"size:{size}"]
        if answer is None:
            raw.warnings.append(
                {"code": "dyno-size-unknown", "message": f"dyno size {size} is not in /dyno-sizes"}
            )
        else:
            raw.dyno_sizes[size] = answer
    if "artifact" in results:
        kind, answer = results["artifact"]
        raw.commit = answer.get("commit")
        raw.process_types = _process_types(kind, answer.get("process_types"))
    if raw.coupling is not None:
        raw.pipeline = results["pipeline"]
        raw.review_apps = results["review"] is not None
        raw.pipeline_apps = _pipeline_apps(pool, read, raw, results["couplings"])
    if scheduler is not None:
        raw.scheduler = results.get("scheduler") or SchedulerResult([])


def _optional_job(read: _Reader, path: str, shape: dict[str, Any]) -> Callable[[], Any]:
    return lambda: read.optional(path, shape)


def _readable_app(read: _Reader, ident: str) -> Callable[[], Any]:
    def job() -> Any:
        try:
            return read.one(f"/apps/{_q(ident)}", shapes.APP)
        except ApiError as error:
            # Another team's app in the same pipeline: not seeing it is normal, not a failure.
            if error.status in (403, 404):
                return None
            raise

    return job


def _artifact(release: dict[str, Any] | None) -> tuple[str, str] | None:
    if release is None:
        return None
    if release.get("slug"):
        return "slug", release["slug"]["id"]
    for artifact in release.get("artifacts") or []:
        if artifact["type"] in ("slug", "oci-image"):
            return artifact["type"], artifact["id"]
    return None


def _process_types(kind: str, answer: Any) -> dict[str, str] | None:
    if not answer:
        return None
    if kind == "slug":
        return dict(answer)
    # Fir (OCI images): the command a human wrote is display_cmd; command is the CNB launcher.
    return {
        name: entry.get("display_cmd") or entry.get("command") or ""
        for name, entry in answer.items()
    }


def _has_scheduler(raw: RawApp) -> bool:
    return any(addon["addon_service"]["name"] == "scheduler" for addon in raw.addons)


def _pipeline_apps(
    pool: ThreadPoolExecutor, read: _Reader, raw: RawApp, couplings: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Name and stage of every app in the pipeline (this one included).

    The coupling names only the app's id; apps the token cannot read are left out with a warning.
    """
    own_id, own_name = raw.app["id"], raw.app["name"]
    names: dict[str, str] = {own_id: own_name}
    for coupling in couplings:
        name = coupling["app"].get("name")
        if isinstance(name, str):
            names[coupling["app"]["id"]] = name
    missing = sorted({c["app"]["id"] for c in couplings} - set(names))
    looked_up = _run(pool, {ident: _readable_app(read, ident) for ident in missing})
    apps = []
    for coupling in couplings:
        ident = coupling["app"]["id"]
        name = names.get(ident) or (looked_up.get(ident) or {}).get("name")
        if name is None:
            raw.warnings.append(
                {
                    "code": "pipeline-app-unreadable",
                    "message": f"pipeline app {ident} ({coupling['stage']}) could not be read",
                }
            )
            continue
        apps.append({"name": name, "stage": coupling["stage"]})
    return apps
