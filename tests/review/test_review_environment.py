"""The review environment as one pull request's Application renders it: postdeploy once, the
pr-predestroy hook at deletion, a database and a Redis of its own, a host of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from herokube.chartrepo import promotion_order
from herokube.plan import PlanOptions

from .conftest import (
    HEAD_SHA,
    RELEASE,
    find,
    render_environment,
    render_pull_request,
    review_app,
    write_repository,
)


def _jobs(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == "Job"}


def _command(job: dict[str, Any]) -> str:
    [container] = job["spec"]["template"]["spec"]["containers"]
    return str(container["args"][-1])


def test_postdeploy_is_a_plain_job_after_the_workloads(pull_request: list[dict[str, Any]]) -> None:
    job = find(pull_request, "Job", f"{RELEASE}-postdeploy")
    annotations = job["metadata"].get("annotations", {})
    # Not a hook: Argo CD runs hooks (PostSync, and Helm's post-install mapped to it) every sync.
    assert not {k for k in annotations if k.endswith("/hook")}
    # After the workloads (wave 0) are healthy, as Heroku runs it after the first deploy.
    assert int(annotations["argocd.argoproj.io/sync-wave"]) > 0
    assert _command(job) == "bin/rails db:seed"
    # No TTL: a deleted Job would be created, and run, again by the next sync.
    assert "ttlSecondsAfterFinished" not in job["spec"]
    assert job["spec"]["backoffLimit"] == 0
    [container] = job["spec"]["template"]["spec"]["containers"]
    assert container["image"].endswith(f":{HEAD_SHA}")


def test_postdeploy_runs_once_per_environment(repository: Path) -> None:
    """Later syncs (a new head commit) leave the Job alone: the Application ignores a Job's spec
    and respects that when it syncs; the postdeploy Job is the only Job that is not a hook."""
    [appset] = _appsets(repository)
    spec = appset["spec"]["template"]["spec"]
    assert {"group": "batch", "kind": "Job", "jsonPointers": ["/spec"]} in spec["ignoreDifferences"]
    assert "RespectIgnoreDifferences=true" in spec["syncPolicy"]["syncOptions"]


def test_the_postdeploy_job_is_the_only_job_the_ignore_rule_reaches(
    pull_request: list[dict[str, Any]],
) -> None:
    plain = [
        name
        for name, job in _jobs(pull_request).items()
        if "argocd.argoproj.io/hook" not in job["metadata"].get("annotations", {})
    ]
    assert plain == [f"{RELEASE}-postdeploy"]
    # The release command still runs on every sync (a Sync hook), before the workloads.
    release = find(pull_request, "Job", f"{RELEASE}-release")
    assert release["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "Sync"


def test_pr_predestroy_is_a_pre_delete_hook(pull_request: list[dict[str, Any]]) -> None:
    hook = find(pull_request, "Job", f"{RELEASE}-pr-predestroy")
    annotations = hook["metadata"]["annotations"]
    assert annotations["argocd.argoproj.io/hook"] == "PreDelete"
    assert annotations["helm.sh/hook"] == "pre-delete"  # the same for `helm uninstall`
    assert _command(hook) == "bin/rails review:teardown"
    # It reads the app's config and the pull request's database like the app does.
    [container] = hook["spec"]["template"]["spec"]["containers"]
    assert {"name": "DATABASE_URL", "valueFrom": _db_uri()} in container["env"]


def _db_uri() -> dict[str, Any]:
    return {"secretKeyRef": {"name": f"{RELEASE}-db-app", "key": "uri"}}


def test_each_pull_request_gets_its_own_database(pull_request: list[dict[str, Any]]) -> None:
    cluster = find(pull_request, "Cluster", f"{RELEASE}-db")
    assert cluster["spec"]["instances"] == 1
    assert "plugins" not in cluster["spec"]  # no backup of seed data
    assert "externalClusters" not in cluster["spec"]  # no import of production data
    # Deleted with the pull request's Application, unlike a long-lived environment's database.
    annotations = cluster["metadata"]["annotations"]
    assert "helm.sh/resource-policy" not in annotations
    assert "argocd.argoproj.io/sync-options" not in annotations
    web = find(pull_request, "Deployment", f"{RELEASE}-web")
    [container] = web["spec"]["template"]["spec"]["containers"]
    assert {"name": "DATABASE_URL", "valueFrom": _db_uri()} in container["env"]


def test_each_pull_request_gets_its_own_redis_without_a_volume(
    pull_request: list[dict[str, Any]],
) -> None:
    redis = find(pull_request, "StatefulSet", f"{RELEASE}-redis")
    assert "volumeClaimTemplates" not in redis["spec"]  # claims would outlive the namespace
    web = find(pull_request, "Deployment", f"{RELEASE}-web")
    [container] = web["spec"]["template"]["spec"]["containers"]
    assert {"name": "REDIS_URL", "value": f"redis://{RELEASE}-redis:6379"} in container["env"]


def test_the_secret_store_serves_only_what_no_review_add_on_serves(
    pull_request: list[dict[str, Any]],
) -> None:
    [external] = [d for d in pull_request if d["kind"] == "ExternalSecret"]
    keys = {entry["secretKey"] for entry in external["spec"]["data"]}
    assert keys == {"PAPERTRAIL_API_TOKEN", "SECRET_KEY_BASE"}
    assert {e["remoteRef"]["key"] for e in external["spec"]["data"]} == {"shop/review"}


def test_each_pull_request_gets_its_own_host(pull_request: list[dict[str, Any]]) -> None:
    [ingress] = [d for d in pull_request if d["kind"] == "Ingress"]
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == [f"{RELEASE}.review.example.com"]


def test_the_long_lived_environments_keep_their_database(tmp_path: Path) -> None:
    """With --postgres cloudnative-pg, production's Cluster outlives its release; review's not."""
    repository = write_repository(
        tmp_path / "shop", review_app(), PlanOptions(postgres="cloudnative-pg")
    )
    production = render_environment(repository, "production")
    annotations = find(production, "Cluster", "shop-db")["metadata"]["annotations"]
    assert annotations["helm.sh/resource-policy"] == "keep"
    assert annotations["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
    assert not [d for d in production if d["kind"] == "Job" and "postdeploy" in str(d)]
    review = render_pull_request(repository)
    cluster = find(review, "Cluster", f"{RELEASE}-db")
    assert "helm.sh/resource-policy" not in cluster["metadata"]["annotations"]


def test_review_is_not_in_the_promotion_order(repository: Path) -> None:
    assert promotion_order(repository) == ["staging", "production"]
    assert (repository / "environments" / "review" / "values.yaml").is_file()


def _appsets(repository: Path) -> list[dict[str, Any]]:
    from .conftest import load_documents

    return load_documents(repository / "argocd" / "review-apps.yaml")


def test_app_jsons_review_settings_reach_the_config(pull_request: list[dict[str, Any]]) -> None:
    config = find(pull_request, "ConfigMap", f"{RELEASE}-config")
    assert config["data"]["RAILS_LOG_LEVEL"] == "debug"
    assert config["data"]["RAILS_ENV"] == "production"  # the chart's own settings stay
    # A name the app keeps secret stays in the secret store, whatever app.json says.
    assert "SECRET_KEY_BASE" not in config["data"]
