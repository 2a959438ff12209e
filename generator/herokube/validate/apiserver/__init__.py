"""What a real API server would refuse, checked offline: one module per kind family.

The JSON schemas say which fields exist and their types; the API server's own validation
(``pkg/apis/*/validation`` and ``k8s.io/apimachinery/pkg/util/validation``) says much more:
name formats per kind, label values, quantities, probe handlers, port names, cron
schedules, hostnames, payload sizes. Each rule mirrors one Kubernetes function, named in
its docstring and in :mod:`herokube.validate.catalog`. ``references`` adds the cross-object
checks a failed sync would reveal.
"""

from __future__ import annotations

from herokube.validate.apiserver.config import CONFIG_RULES
from herokube.validate.apiserver.meta import META_RULES
from herokube.validate.apiserver.pods import POD_RULES
from herokube.validate.apiserver.policy import POLICY_RULES
from herokube.validate.apiserver.references import REFERENCE_RULES
from herokube.validate.apiserver.services import SERVICE_RULES
from herokube.validate.apiserver.workloads import WORKLOAD_RULES
from herokube.validate.workspace import Rule

__all__ = ["APISERVER_RULES"]

APISERVER_RULES: dict[str, Rule] = {
    **META_RULES,
    **POD_RULES,
    **WORKLOAD_RULES,
    **SERVICE_RULES,
    **CONFIG_RULES,
    **POLICY_RULES,
    **REFERENCE_RULES,
}
