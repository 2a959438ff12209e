"""The ApplicationSet: valid against Argo CD's own CRD, names within Kubernetes' limits, and
`herokube validate` accepting the whole repository with the review environment in it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from herokube.plan import PlanOptions, make_plan
from herokube.validate import ValidateOptions, validate_repository

from .conftest import (
    APP,
    HEAD_SHA,
    PR_NUMBER,
    application_for_pull_request,
    load_documents,
    review_app,
)

ARGOCD_CRDS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "argocd"
_yaml = YAML(typ="safe", pure=True)
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _validator(crd_file: str) -> jsonschema.protocols.Validator:
    from herokube.validate.crds import crd_to_schemas

    crd = _yaml.load((ARGOCD_CRDS / crd_file).read_text(encoding="utf-8"))
    [schema] = crd_to_schemas(crd, strict=True).values()
    return jsonschema.Draft7Validator(schema)


@pytest.mark.skipif(not ARGOCD_CRDS.is_dir(), reason=f"{ARGOCD_CRDS} is absent")
def test_the_applicationset_is_valid_against_argo_cds_crd(repository: Path) -> None:
    [appset] = load_documents(repository / "argocd" / "review-apps.yaml")
    assert [e.message for e in _validator("applicationset-crd.yaml").iter_errors(appset)] == []
    # What it makes for one pull request is a valid Application too.
    application = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        **application_for_pull_request(repository),
    }
    assert [e.message for e in _validator("application-crd.yaml").iter_errors(application)] == []


def test_the_pull_request_generator_reads_the_apps_github_repository(repository: Path) -> None:
    [appset] = load_documents(repository / "argocd" / "review-apps.yaml")
    spec = appset["spec"]
    assert spec["goTemplate"] is True
    assert spec["goTemplateOptions"] == ["missingkey=error"]
    [generator] = spec["generators"]
    assert generator["pullRequest"]["github"]["owner"] == "acme"
    assert generator["pullRequest"]["github"]["repo"] == "shop"
    template = spec["template"]
    assert template["metadata"]["name"] == f"{APP}-pr-{{{{.number}}}}"
    assert template["spec"]["destination"]["namespace"] == f"{APP}-pr-{{{{.number}}}}"
    helm = template["spec"]["source"]["helm"]
    assert helm["releaseName"] == f"{APP}-pr-{{{{.number}}}}"
    assert helm["valueFiles"] == ["../environments/review/values.yaml"]
    assert {"name": "image.tag", "value": "{{.head_sha}}", "forceString": True} in helm[
        "parameters"
    ]
    # Closing the pull request deletes the Application and, through the finalizer, its resources.
    assert template["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"]


def test_the_project_lets_review_apps_into_their_namespaces(repository: Path) -> None:
    [project] = load_documents(repository / "argocd" / "project.yaml")
    namespaces = [d["namespace"] for d in project["spec"]["destinations"]]
    assert f"{APP}-pr-*" in namespaces
    allowed = {(r["group"], r["kind"]) for r in project["spec"]["namespaceResourceWhitelist"]}
    assert {("batch", "Job"), ("postgresql.cnpg.io", "Cluster"), ("apps", "StatefulSet")} <= allowed


def test_names_fit_for_the_longest_app_and_pull_request_number() -> None:
    app = review_app(name="a" * 28 + "-b" * 20)  # a source tree's name may pass Heroku's 30
    review = make_plan(app, PlanOptions()).review
    assert review is not None
    release = f"{review.prefix}-pr-{'9' * 10}"
    assert len(release) <= 53 and _DNS_LABEL.match(release)


def test_validate_accepts_the_repository_with_the_review_environment(repository: Path) -> None:
    report = validate_repository(ValidateOptions(repository))
    assert "review" in report.environments
    kinds = {(r.kind, r.file) for r in report.resources}
    assert ("ApplicationSet", "argocd/review-apps.yaml") in kinds
    assert [f for f in report.findings if f.severity.value == "error"] == []


def test_validate_refuses_an_applicationset_that_breaks_the_crd(
    repository: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(repository, copy)
    path = copy / "argocd" / "review-apps.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("owner:", "organisation:"), encoding="utf-8"
    )
    report = validate_repository(ValidateOptions(copy, environments=("review",)))
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert errors and {(f.file, f.kind) for f in errors} == {
        ("argocd/review-apps.yaml", "ApplicationSet")
    }


def test_the_pull_requests_namespace_is_a_dns_label(repository: Path) -> None:
    application: dict[str, Any] = application_for_pull_request(repository)
    namespace = application["spec"]["destination"]["namespace"]
    assert namespace == f"{APP}-pr-{PR_NUMBER}" and _DNS_LABEL.match(namespace)
    assert application["spec"]["source"]["helm"]["parameters"][0]["value"] == HEAD_SHA
