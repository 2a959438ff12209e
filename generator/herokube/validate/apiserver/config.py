"""ConfigMaps and Secrets: keys, payload size, base64 data and the fields each Secret type needs.

Mirrors ``ValidateConfigMap`` and ``ValidateSecret`` in ``pkg/apis/core/validation/validation.go``
(``IsConfigMapKey``, ``corev1.MaxSecretSize`` = 1 MiB) and the JSON decoding of ``[]byte``
fields (standard base64).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from herokube.validate.apiserver.base import report
from herokube.validate.apiserver.checks import MAX_OBJECT_BYTES, is_config_map_key
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import Rule, Workspace, as_dict

__all__ = ["CONFIG_RULES", "config_data", "config_keys", "object_size", "secret_type"]

# ValidateSecret: the keys a typed Secret must carry.
_REQUIRED_KEYS = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}


def _decoded(value: Any) -> bytes | None:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return None


def _payloads(manifest: Manifest) -> list[tuple[str, dict[str, Any]]]:
    data = manifest.data
    if manifest.resource.kind == "ConfigMap":
        return [
            ("data", as_dict(data.get("data"))),
            ("binaryData", as_dict(data.get("binaryData"))),
        ]
    return [("data", as_dict(data.get("data"))), ("stringData", as_dict(data.get("stringData")))]


def _config_objects(workspace: Workspace) -> list[Manifest]:
    return [*workspace.of_kind("ConfigMap"), *workspace.of_kind("Secret")]


def config_keys(workspace: Workspace) -> list[Finding]:
    """Keys are valid config keys; a ConfigMap key is not in both ``data`` and ``binaryData``.

    Mirrors ``ValidateConfigMap`` / ``ValidateSecret`` (``IsConfigMapKey``, "duplicate of key
    present in binaryData").
    """
    findings: list[Finding] = []
    for manifest in _config_objects(workspace):
        places = _payloads(manifest)
        for part, entries in places:
            for key in entries:
                findings += report(
                    manifest, "api-config-keys", f"{part}[{key}]", key, is_config_map_key(str(key))
                )
        if manifest.resource.kind == "ConfigMap":
            for key in set(places[0][1]) & set(places[1][1]):
                findings += report(
                    manifest,
                    "api-config-keys",
                    f"data[{key}]",
                    key,
                    ["duplicate of key present in binaryData"],
                )
    return findings


def config_data(workspace: Workspace) -> list[Finding]:
    """Secret ``data`` and ConfigMap ``binaryData`` values are standard base64."""
    findings: list[Finding] = []
    for manifest in _config_objects(workspace):
        part = "binaryData" if manifest.resource.kind == "ConfigMap" else "data"
        for key, value in as_dict(manifest.data.get(part)).items():
            if value is not None and _decoded(value) is None:
                findings += report(
                    manifest,
                    "api-config-data",
                    f"{part}[{key}]",
                    None,
                    ["illegal base64 data: the API server cannot decode it"],
                )
    return findings


def _size(manifest: Manifest) -> int:
    total = 0
    for part, entries in _payloads(manifest):
        for value in entries.values():
            if part in ("binaryData", "data") and (
                manifest.resource.kind == "Secret" or part == "binaryData"
            ):
                decoded = _decoded(value)
                total += len(decoded) if decoded is not None else len(str(value))
            else:
                total += len(str(value if value is not None else "").encode())
    return total


def object_size(workspace: Workspace) -> list[Finding]:
    """A ConfigMap's or Secret's payload is at most 1 MiB (``corev1.MaxSecretSize``)."""
    findings: list[Finding] = []
    for manifest in _config_objects(workspace):
        size = _size(manifest)
        if size > MAX_OBJECT_BYTES:
            findings += report(
                manifest,
                "api-object-size",
                "data",
                None,
                [f"Too long: must have at most {MAX_OBJECT_BYTES} bytes (has {size})"],
            )
    return findings


def secret_type(workspace: Workspace) -> list[Finding]:
    """A typed Secret carries the keys its type needs (``ValidateSecret``)."""
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Secret"):
        kind = manifest.data.get("type")
        present = {key for _, entries in _payloads(manifest) for key in entries}
        for key in _REQUIRED_KEYS.get(str(kind), ()):
            if key not in present:
                findings += report(
                    manifest, "api-secret-type", f"data[{key}]", None, ["Required value"]
                )
        if kind == "kubernetes.io/basic-auth" and not present & {"username", "password"}:
            findings += report(
                manifest, "api-secret-type", "data[username]", None, ["Required value"]
            )
        if kind == "kubernetes.io/service-account-token":
            annotations = as_dict(as_dict(manifest.data.get("metadata")).get("annotations"))
            if not annotations.get("kubernetes.io/service-account.name"):
                findings += report(
                    manifest,
                    "api-secret-type",
                    "metadata.annotations[kubernetes.io/service-account.name]",
                    None,
                    ["Required value"],
                )
    return findings


CONFIG_RULES: dict[str, Rule] = {
    "api-config-keys": config_keys,
    "api-config-data": config_data,
    "api-object-size": object_size,
    "api-secret-type": secret_type,
}
