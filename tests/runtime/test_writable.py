"""A process that writes to its working directory gets a writable mount of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
NOTES_API = ROOT / "examples" / "notes-api" / "repository"


def _deployments(repository: Path, environment: str) -> dict[str, dict[str, Any]]:
    chart = helm_python.Chart.load(repository / "chart")
    values = YAML(typ="safe").load(
        (repository / "environments" / environment / "values.yaml").read_text()
    )
    rendered = chart.render(values, name=chart.name, namespace="test", is_install=True)
    found: dict[str, dict[str, Any]] = {}
    for template, text in rendered.items():
        if template.endswith(".txt"):
            continue
        for document in YAML(typ="safe").load_all(text):
            if isinstance(document, dict) and document.get("kind") == "Deployment":
                component = document["metadata"]["labels"]["app.kubernetes.io/component"]
                found[component] = document
    return found


def _mounts(deployment: dict[str, Any]) -> dict[str, str]:
    """mountPath → the volume's source kind, for the app container."""
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: next(k for k in v if k != "name") for v in pod["volumes"]}
    container = pod["containers"][0]
    return {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"]}


def test_celery_beat_schedule_lives_on_an_empty_dir_of_its_own() -> None:
    deployments = _deployments(NOTES_API, "prod")
    beat = deployments["beat"]
    command = " ".join(beat["spec"]["template"]["spec"]["containers"][0]["args"])
    assert "--schedule /var/lib/celery/celerybeat-schedule" in command
    assert _mounts(beat)["/var/lib/celery"] == "emptyDir"
    assert beat["spec"]["template"]["spec"]["containers"][0]["securityContext"][
        "readOnlyRootFilesystem"
    ]
    # Other processes do not get beat's mount.
    assert "/var/lib/celery" not in _mounts(deployments["worker"])
    assert "/var/lib/celery" not in _mounts(deployments["web"])
