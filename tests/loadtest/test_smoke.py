"""`helm test` speaks HTTP: it requests the web process's health path and checks the status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart.conftest import LONG_APP, render_repository, write_repository

from herokube.plan import PlanOptions
from herokube.plan.loadtest import HEALTH_PATH

IMAGE_TAGS = Path("/work/shared/image-tags")


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(tmp_path_factory.mktemp("smoke") / "repo", PlanOptions())


def _test_pod(documents: list[dict[str, Any]]) -> dict[str, Any]:
    [pod] = [d for d in documents if d["kind"] == "Pod"]
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    return pod


def test_helm_test_requests_the_health_path_over_http(repository: Path) -> None:
    [container] = _test_pod(render_repository(repository, "prod"))["spec"]["containers"]
    # busybox wget: exits 1 on a status from 400 up, a refused connection or 10 s of silence.
    assert container["args"] == [
        "wget", "-q", "-S", "-O", "/dev/null", "-T", "10", f"http://{LONG_APP}-web:80{HEALTH_PATH}",
    ]  # fmt: skip


def test_the_path_is_a_knob(repository: Path) -> None:
    documents = render_repository(repository, "prod", {"tests": {"path": "/up?probe=helm"}})
    [container] = _test_pod(documents)["spec"]["containers"]
    assert container["args"][-1] == f"http://{LONG_APP}-web:80/up?probe=helm"


def test_a_path_that_is_not_one_is_refused(repository: Path) -> None:
    with pytest.raises(Exception, match="tests"):
        render_repository(repository, "prod", {"tests": {"path": "up; rm -rf /"}})


@pytest.mark.skipif(not IMAGE_TAGS.is_dir(), reason=f"{IMAGE_TAGS} is absent")
def test_the_test_image_is_a_published_tag(repository: Path) -> None:
    [container] = _test_pod(render_repository(repository, "prod"))["spec"]["containers"]
    image, tag = container["image"].split(":")
    published = (IMAGE_TAGS / f"{image}.txt").read_text(encoding="utf-8").split()
    assert tag in published
