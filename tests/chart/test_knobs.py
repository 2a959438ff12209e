"""The platform knobs (DESIGN.md "Chart knobs"): set every one, and find it on every pod kind the
chart makes; per-workload values override; the web pod's probes, grace and spread."""

from __future__ import annotations

from typing import Any

import pytest
from helm_python.errors import HelmValuesError

from .conftest import Render, pod_specs

PULL = [{"name": "ghcr-pull"}]
TOLERATION = {"key": "dedicated", "operator": "Equal", "value": "apps", "effect": "NoSchedule"}
AFFINITY = {
    "nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [
                {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["apps"]}]}
            ]
        }
    }
}
SPREAD = [
    {
        "maxSkew": 2,
        "topologyKey": "kubernetes.io/hostname",
        "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchLabels": {"team": "billing"}},
    }
]
KNOBS: dict[str, Any] = {
    "imagePullSecrets": PULL,
    "podAnnotations": {"example.com/owner": "billing"},
    "podLabels": {"team": "billing"},
    "nodeSelector": {"pool": "apps"},
    "tolerations": [TOLERATION],
    "affinity": AFFINITY,
    "topologySpreadConstraints": SPREAD,
    "priorityClassName": "apps-high",
    "extraEnv": [{"name": "OTEL_SERVICE_NAME", "value": "billing"}],
    "extraVolumes": [{"name": "ca", "configMap": {"name": "corporate-ca"}}],
    "extraVolumeMounts": [{"name": "ca", "mountPath": "/etc/ssl/corporate", "readOnly": True}],
    "serviceAccount": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x"}},
}


def _container(pod: dict[str, Any]) -> dict[str, Any]:
    [container] = pod["spec"]["containers"]
    return container


def test_every_knob_reaches_every_pod_kind(render: Render) -> None:
    documents = render(**KNOBS)
    pods = pod_specs(documents)
    assert {key.split("/")[0] for key in pods} == {"Deployment", "Job", "CronJob"}
    for key, pod in pods.items():
        spec = pod["spec"]
        assert spec["imagePullSecrets"] == PULL, key
        assert pod["metadata"]["annotations"]["example.com/owner"] == "billing", key
        assert pod["metadata"]["labels"]["team"] == "billing", key
        assert spec["nodeSelector"] == {"pool": "apps"}, key
        assert spec["tolerations"] == [TOLERATION], key
        assert spec["affinity"] == AFFINITY, key
        assert spec["topologySpreadConstraints"] == SPREAD, key
        assert spec["priorityClassName"] == "apps-high", key
        container = _container(pod)
        assert {"name": "OTEL_SERVICE_NAME", "value": "billing"} in container["env"], key
        assert {"name": "ca", "configMap": {"name": "corporate-ca"}} in spec["volumes"], key
        assert {
            "name": "ca",
            "mountPath": "/etc/ssl/corporate",
            "readOnly": True,
        } in container["volumeMounts"], key
    [account] = [d for d in documents if d["kind"] == "ServiceAccount"]
    assert account["metadata"]["annotations"] == KNOBS["serviceAccount"]["annotations"]
    [test_pod] = [d for d in documents if d["kind"] == "Pod"]
    assert test_pod["spec"]["tolerations"] == [TOLERATION]
    assert test_pod["spec"]["imagePullSecrets"] == PULL


def test_a_workload_overrides_the_chart_wide_knobs(render: Render) -> None:
    override = {
        "nodeSelector": {"zone": "a"},
        "tolerations": [],
        "priorityClassName": "batch-low",
        "podAnnotations": {"example.com/owner": "batch"},
        "extraEnv": [{"name": "ONLY_HERE", "value": "1"}],
    }
    documents = render(
        nodeSelector={"pool": "apps"},
        tolerations=[TOLERATION],
        priorityClassName="apps-high",
        podAnnotations={"example.com/owner": "billing"},
        extraEnv=[{"name": "EVERYWHERE", "value": "1"}],
        release=override,
    )
    pods = pod_specs(documents)
    [release] = [pod for key, pod in pods.items() if key.startswith("Job/")]
    spec = release["spec"]
    assert spec["nodeSelector"] == {"pool": "apps", "zone": "a"}
    assert spec["priorityClassName"] == "batch-low"
    # An empty list at the workload keeps the chart-wide value (Helm cannot tell unset from empty).
    assert spec["tolerations"] == [TOLERATION]
    assert release["metadata"]["annotations"]["example.com/owner"] == "batch"
    names = [e["name"] for e in _container(release)["env"]]
    assert "EVERYWHERE" in names and "ONLY_HERE" in names
    web = pods["Deployment/acme-customer-billing-platform-web"]
    assert web["spec"]["priorityClassName"] == "apps-high"
    assert "ONLY_HERE" not in [e["name"] for e in _container(web)["env"]]


def test_web_spreads_over_zones_and_nodes_when_it_runs_several_pods(render: Render) -> None:
    production = pod_specs(render("prod"))
    web = production["Deployment/acme-customer-billing-platform-web"]["spec"]
    keys = [c["topologyKey"] for c in web["topologySpreadConstraints"]]
    assert keys == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
    for constraint in web["topologySpreadConstraints"]:
        selector = constraint["labelSelector"]["matchLabels"]
        assert selector["app.kubernetes.io/component"] == "web"
        assert constraint["whenUnsatisfiable"] == "ScheduleAnyway"
    for key, pod in production.items():
        if "-web" not in key:
            assert "topologySpreadConstraints" not in pod["spec"], key
    staging = pod_specs(render("staging"))  # one replica: nothing to spread
    assert (
        "topologySpreadConstraints"
        not in (staging["Deployment/acme-customer-billing-platform-web"]["spec"])
    )


def test_web_probes_and_grace(render: Render) -> None:
    pods = pod_specs(render())
    web = pods["Deployment/acme-customer-billing-platform-web"]
    container = _container(web)
    startup = container["startupProbe"]
    # A JVM app: Heroku's 90 s boot timeout.
    assert startup["periodSeconds"] * startup["failureThreshold"] == 90
    liveness = container["livenessProbe"]
    assert "tcpSocket" in liveness
    assert liveness["periodSeconds"] * liveness["failureThreshold"] >= 120
    sleep = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    # The app still gets Heroku's full 30 s after SIGTERM, after the preStop drain.
    assert web["spec"]["terminationGracePeriodSeconds"] - sleep == 30
    for key, pod in pods.items():
        assert pod["spec"]["enableServiceLinks"] is False, key
        if "-web" not in key:
            assert pod["spec"]["terminationGracePeriodSeconds"] == 30, key
            assert "livenessProbe" not in _container(pod), key


def test_every_pod_has_a_network_policy(render: Render) -> None:
    documents = render()
    policies = [d["spec"] for d in documents if d["kind"] == "NetworkPolicy"]
    pods = {**pod_specs(documents)}
    pods.update({f"Pod/{d['metadata']['name']}": d for d in documents if d["kind"] == "Pod"})
    for key, pod in pods.items():
        labels = pod["metadata"]["labels"]
        selecting = [
            p
            for p in policies
            if p["podSelector"]["matchLabels"].items() <= labels.items()
            and "Ingress" in p["policyTypes"]
        ]
        assert selecting, f"no NetworkPolicy selects {key}"
        allowed = [rule for p in selecting for rule in p.get("ingress", [])]
        if key.endswith("-web"):
            assert allowed == [{"ports": [{"port": "http", "protocol": "TCP"}]}]
        else:
            assert allowed == [], key


def test_dyno_metadata(render: Render) -> None:
    pods = pod_specs(
        render(dynoMetadata={"enabled": True, "appName": "acme-customer-billing-platform"})
    )
    for key, pod in pods.items():
        env = {e["name"]: e.get("value") for e in _container(pod)["env"]}
        assert env["DYNO"].endswith(".$(HEROKUBE_POD_NAME)"), key
        assert env["HEROKU_APP_NAME"] == "acme-customer-billing-platform", key
        assert env["HEROKU_SLUG_COMMIT"] == env["SOURCE_VERSION"] == "0123456789abcdef0123", key
    dynos = {key.split("/")[0]: _container(pod)["env"] for key, pod in pods.items()}
    types = {k: next(e["value"] for e in env if e["name"] == "DYNO") for k, env in dynos.items()}
    assert types["Job"].startswith("release.") and types["CronJob"].startswith("scheduler.")
    plain = pod_specs(render())
    for key, pod in plain.items():
        names = {e["name"] for e in _container(pod)["env"]}
        assert "DYNO" in names and "HEROKU_SLUG_COMMIT" not in names, key


def test_pod_labels_cannot_take_over_the_selector_labels(render: Render) -> None:
    with pytest.raises(HelmValuesError, match="invalid propertyName 'app.kubernetes.io/component'"):
        render(podLabels={"app.kubernetes.io/component": "web"})
    with pytest.raises(HelmValuesError, match="invalid propertyName 'app.kubernetes.io/name'"):
        render(processes={"web": {"podLabels": {"app.kubernetes.io/name": "x"}}})
