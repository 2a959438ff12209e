"""One pod spec for every workload: Deployments, the release Job and CronJobs get the same env,
identity and security, and every name fits the API server's limits for the longest app name."""

from __future__ import annotations

from .conftest import Render, pod_specs

KINDS = {"Deployment", "Job", "CronJob"}


def _env(pod: dict[str, object]) -> dict[str, object]:
    container = pod["spec"]["containers"][0]  # type: ignore[index]
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def test_every_pod_kind_is_rendered(render: Render) -> None:
    kinds = {key.split("/")[0] for key in pod_specs(render())}
    assert kinds == KINDS


def test_every_pod_gets_port_and_the_buildpack_env(render: Render) -> None:
    pods = pod_specs(render())
    for key, pod in pods.items():
        env = _env(pod)
        assert env["PORT"] == "8080", key
        # The JVM buildpack's heap settings: before, only Deployments got them.
        assert str(env["JAVA_TOOL_OPTIONS"]).startswith("-X"), key


def test_every_pod_has_the_same_identity_and_security(render: Render) -> None:
    for key, pod in pod_specs(render()).items():
        spec = pod["spec"]
        assert spec["automountServiceAccountToken"] is False, key
        assert spec["securityContext"]["runAsNonRoot"] is True, key
        container = spec["containers"][0]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True, key
        assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], key


def test_names_fit_the_api_server_limits_for_a_30_character_app(render: Render) -> None:
    documents = render()
    limits = {"CronJob": 52}
    names: dict[str, set[str]] = {}
    for doc in documents:
        kind, name = doc["kind"], doc["metadata"]["name"]
        assert len(name) <= limits.get(kind, 63), f"{kind}/{name}"
        assert name not in names.setdefault(kind, set()), f"two {kind}s named {name}"
        names[kind].add(name)
        for value in doc["metadata"].get("labels", {}).values():
            assert len(str(value)) <= 63, f"{kind}/{name}: label {value}"
    cron_names = names["CronJob"]
    assert len(cron_names) == 2
    # Cut names keep a readable prefix and end in a stable hash of the whole name.
    assert all(n.startswith("acme-customer-billing-platform-") for n in cron_names)
    assert render()[0]["metadata"]["name"] == documents[0]["metadata"]["name"]


def test_services_select_and_name_their_deployment(render: Render) -> None:
    documents = render()
    services = [d for d in documents if d["kind"] == "Service"]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    assert services
    for service in services:
        assert service["metadata"]["name"] in deployments
