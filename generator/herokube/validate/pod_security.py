"""The Pod Security Standards "restricted" profile: one rule function per check.

Mirrors the checks of ``k8s.io/pod-security-admission/policy`` (``check_*.go``) for the
restricted level. Each function takes one environment's :class:`Workspace` and returns its
findings; severities come from :mod:`herokube.validate.catalog`.
"""

from __future__ import annotations

from herokube.validate.findings import Finding
from herokube.validate.workspace import Workspace, as_dict, as_list

__all__ = [
    "POD_SECURITY_RULES",
    "psa_capabilities",
    "psa_host_namespaces",
    "psa_host_path",
    "psa_host_ports",
    "psa_privilege_escalation",
    "psa_privileged",
    "psa_run_as_non_root",
    "psa_seccomp",
    "psa_volume_types",
]

# Pod Security Standards, "restricted": the only volume types allowed.
_ALLOWED_VOLUMES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)
_SECCOMP_OK = ("RuntimeDefault", "Localhost")


def psa_privileged(workspace: Workspace) -> list[Finding]:
    """No container runs privileged (``check_privileged.go``)."""
    return [
        w.finding(
            "psa-privileged",
            f"container {c.name!r} runs privileged",
            f"{c.security_path}.privileged",
        )
        for w in workspace.admitted_pods
        for c in w.containers()
        if c.security.get("privileged") is True
    ]


def psa_host_namespaces(workspace: Workspace) -> list[Finding]:
    """``hostNetwork``, ``hostPID`` and ``hostIPC`` stay false (``check_hostNamespaces.go``)."""
    return [
        w.finding("psa-host-namespaces", f"{flag} must not be true", f"{w.pod_path}.{flag}")
        for w in workspace.admitted_pods
        for flag in ("hostNetwork", "hostPID", "hostIPC")
        if w.pod_spec.get(flag) is True
    ]


def psa_host_path(workspace: Workspace) -> list[Finding]:
    """No ``hostPath`` volume (``check_hostPathVolumes.go``)."""
    return [
        w.finding(
            "psa-host-path",
            f"volume {as_dict(volume).get('name')!r} is a hostPath",
            f"{w.pod_path}.volumes[{index}]",
        )
        for w in workspace.admitted_pods
        for index, volume in enumerate(as_list(w.pod_spec.get("volumes")))
        if "hostPath" in as_dict(volume)
    ]


def psa_volume_types(workspace: Workspace) -> list[Finding]:
    """Only the volume types restricted allows (``check_restrictedVolumes.go``)."""
    findings = []
    for w in workspace.admitted_pods:
        for index, raw in enumerate(as_list(w.pod_spec.get("volumes"))):
            volume = as_dict(raw)
            kinds = [key for key in volume if key != "name"]
            bad = sorted(kind for kind in kinds if kind not in _ALLOWED_VOLUMES)
            if "hostPath" in kinds or not bad:
                continue  # hostPath is psa-host-path's finding
            findings.append(
                w.finding(
                    "psa-volume-types",
                    f"volume {volume.get('name')!r} is of type {', '.join(bad)}; restricted allows "
                    + ", ".join(sorted(_ALLOWED_VOLUMES)),
                    f"{w.pod_path}.volumes[{index}]",
                )
            )
    return findings


def psa_host_ports(workspace: Workspace) -> list[Finding]:
    """No container port sets ``hostPort`` (``check_hostPorts.go``)."""
    return [
        w.finding(
            "psa-host-ports",
            f"container {c.name!r} sets hostPort",
            f"{c.path}.ports[{index}].hostPort",
        )
        for w in workspace.admitted_pods
        for c in w.containers()
        for index, port in enumerate(as_list(c.data.get("ports")))
        if as_dict(port).get("hostPort")
    ]


def psa_privilege_escalation(workspace: Workspace) -> list[Finding]:
    """Every container sets ``allowPrivilegeEscalation: false`` (``check_allowPrivilegeEscalation.go``)."""
    return [
        w.finding(
            "psa-privilege-escalation",
            f"container {c.name!r}: securityContext.allowPrivilegeEscalation must be false",
            f"{c.security_path}.allowPrivilegeEscalation",
        )
        for w in workspace.admitted_pods
        for c in w.containers()
        if c.security.get("allowPrivilegeEscalation") is not False
    ]


def psa_run_as_non_root(workspace: Workspace) -> list[Finding]:
    """``runAsNonRoot`` true and ``runAsUser`` not 0 (``check_runAsNonRoot.go``, ``check_runAsUser.go``)."""
    findings = []
    for w in workspace.admitted_pods:
        pod_security = as_dict(w.pod_spec.get("securityContext"))
        if pod_security.get("runAsUser") == 0:
            findings.append(
                w.finding(
                    "psa-run-as-non-root",
                    "runAsUser must not be 0",
                    f"{w.pod_path}.securityContext.runAsUser",
                )
            )
        pod_non_root = pod_security.get("runAsNonRoot") is True
        for c in w.containers():
            non_root = c.security.get("runAsNonRoot")
            if non_root is False or (non_root is not True and not pod_non_root):
                findings.append(
                    w.finding(
                        "psa-run-as-non-root",
                        f"container {c.name!r}: runAsNonRoot must be true (pod or container "
                        "securityContext)",
                        f"{c.security_path}.runAsNonRoot",
                    )
                )
            if c.security.get("runAsUser") == 0:
                findings.append(
                    w.finding(
                        "psa-run-as-non-root",
                        f"container {c.name!r}: runAsUser must not be 0",
                        f"{c.security_path}.runAsUser",
                    )
                )
    return findings


def psa_capabilities(workspace: Workspace) -> list[Finding]:
    """Capabilities drop ``ALL`` and add at most ``NET_BIND_SERVICE`` (``check_capabilities_restricted.go``)."""
    findings = []
    for w in workspace.admitted_pods:
        for c in w.containers():
            capabilities = as_dict(c.security.get("capabilities"))
            field = f"{c.security_path}.capabilities"
            if "ALL" not in [str(x) for x in as_list(capabilities.get("drop"))]:
                findings.append(
                    w.finding(
                        "psa-capabilities",
                        f"container {c.name!r}: securityContext.capabilities.drop must include ALL",
                        f"{field}.drop",
                    )
                )
            added = [
                str(x) for x in as_list(capabilities.get("add")) if str(x) != "NET_BIND_SERVICE"
            ]
            if added:
                findings.append(
                    w.finding(
                        "psa-capabilities",
                        f"container {c.name!r} adds {', '.join(added)}; only NET_BIND_SERVICE "
                        "may be added",
                        f"{field}.add",
                    )
                )
    return findings


def psa_seccomp(workspace: Workspace) -> list[Finding]:
    """A RuntimeDefault or Localhost seccomp profile, pod or container (``check_seccompProfile_restricted.go``)."""
    findings = []
    for w in workspace.admitted_pods:
        pod_seccomp = as_dict(as_dict(w.pod_spec.get("securityContext")).get("seccompProfile")).get(
            "type"
        )
        if pod_seccomp is not None and pod_seccomp not in _SECCOMP_OK:
            findings.append(
                w.finding(
                    "psa-seccomp",
                    f"seccompProfile.type {pod_seccomp!r} is not RuntimeDefault or Localhost",
                    f"{w.pod_path}.securityContext.seccompProfile.type",
                )
            )
        for c in w.containers():
            seccomp = as_dict(c.security.get("seccompProfile")).get("type")
            field = f"{c.security_path}.seccompProfile"
            if seccomp is not None and seccomp not in _SECCOMP_OK:
                message = f"seccompProfile.type {seccomp!r} is not RuntimeDefault or Localhost"
                findings.append(
                    w.finding("psa-seccomp", f"container {c.name!r}: {message}", f"{field}.type")
                )
            elif seccomp is None and pod_seccomp is None:
                findings.append(
                    w.finding(
                        "psa-seccomp",
                        f"container {c.name!r}: set seccompProfile.type RuntimeDefault (pod or "
                        "container securityContext)",
                        field,
                    )
                )
    return findings


POD_SECURITY_RULES = {
    "psa-privileged": psa_privileged,
    "psa-host-namespaces": psa_host_namespaces,
    "psa-host-path": psa_host_path,
    "psa-host-ports": psa_host_ports,
    "psa-volume-types": psa_volume_types,
    "psa-privilege-escalation": psa_privilege_escalation,
    "psa-run-as-non-root": psa_run_as_non_root,
    "psa-capabilities": psa_capabilities,
    "psa-seccomp": psa_seccomp,
}
