"""The fleet's platform repository, ``DIR/platform``.

A small Helm chart (Argo CD's own app-of-apps pattern) whose values list every app repository,
the cluster operators the apps need and each app environment's namespace and budget, plus
``argocd/root.yaml``, the one Application a person applies by hand. The chart's templates are
fixed files shipped with herokube; everything that comes from the apps is in ``values.yaml``,
written by ruamel.yaml, so no app name or URL can change a document's structure.
"""

from __future__ import annotations

import filecmp
import shutil
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herokube.assess.fleet import Fleet
from herokube.blueprints import OperatorBlueprint
from herokube.fleet.apps import AppOutcome, GatewayUse
from herokube.yamlio import dump_yaml

__all__ = [
    "PLATFORM_DIR",
    "PlatformOptions",
    "PlatformResult",
    "chosen_operators",
    "gateway_values",
    "platform_files",
    "write_platform",
]

PLATFORM_DIR = "platform"
UPDATE_BRANCH = "herokube/platform-update"
_CHART = Path(__file__).resolve().parent / "platform_chart"


@dataclass(frozen=True)
class PlatformOptions:
    repo_url: str = "https://github.com/your-org/platform.git"
    """Where Argo CD reads the platform repository (the root Application's source)."""
    argocd_namespace: str = "argocd"
    argocd_project: str = "default"
    argocd_server: str = "https://kubernetes.default.svc"


@dataclass(frozen=True)
class PlatformResult:
    path: Path
    commit: str | None
    """None when a re-run found nothing to change."""
    branch: str
    operators: tuple[str, ...]


def platform_files(
    apps: Sequence[AppOutcome],
    fleet: Fleet,
    chosen: Mapping[str, OperatorBlueprint],
    readme: str,
    options: PlatformOptions,
) -> dict[str, str]:
    """Every file of the platform repository but the fixed chart templates, by relative path.

    ``chosen``: the operators the apps need (``chosen_operators``).
    """
    wave_of = {name: wave.number for wave in fleet.waves for group in wave.groups for name in group}
    needs = {need for app in apps for need in app.needs}
    values = {
        "argocd": {
            "namespace": options.argocd_namespace,
            "project": options.argocd_project,
            "server": options.argocd_server,
        },
        "containerDefaults": {"cpu": "50m", "memory": "128Mi"},
        "operators": {name: _operator_values(op, needs) for name, op in chosen.items()},
        "gateways": gateway_values(apps),
        "apps": [
            {"name": app.name, "repoURL": app.repo_url, "wave": wave_of.get(str(app.name), 1)}
            for app in sorted(apps, key=lambda a: str(a.name))
        ],
        "namespaces": [
            {
                "name": budget.namespace,
                "app": app.name,
                "environment": budget.environment,
                "quota": {
                    "requests.cpu": f"{budget.cpu_millicores}m",
                    "requests.memory": f"{budget.memory_mb}Mi",
                    "limits.memory": f"{budget.memory_mb}Mi",
                    "pods": str(budget.pods),
                },
            }
            for app in sorted(apps, key=lambda a: str(a.name))
            for budget in app.budgets
        ],
    }
    return {
        "README.md": readme,
        "chart/values.yaml": dump_yaml(values),
        "argocd/root.yaml": dump_yaml(_root_application(options)),
    }


def chosen_operators(
    apps: Sequence[AppOutcome], operators: Mapping[str, OperatorBlueprint]
) -> dict[str, OperatorBlueprint]:
    """The operators some app needs, by name (only those: a fleet without Postgres gets no CNPG)."""
    needed = {need for app in apps for need in app.needs}
    return {name: op for name, op in sorted(operators.items()) if op.wanted(needed)}


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's values merge: mappings key by key, anything else replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        both = isinstance(old, Mapping) and isinstance(value, Mapping)
        merged[key] = _merged(old, value) if both else value  # type: ignore[arg-type]
    return merged


def _operator_values(operator: OperatorBlueprint, needs: AbstractSet[str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "repo": operator.repo,
        "chart": operator.chart,
        "version": operator.version,
        "namespace": operator.namespace,
        "wave": operator.wave,
    }
    chart_values: dict[str, Any] = dict(operator.values)
    for need, extra in sorted(operator.values_when.items()):
        if need in needs:
            chart_values = _merged(chart_values, extra)
    if chart_values:
        values["values"] = chart_values
    if operator.oci:
        values["oci"] = True
    return values


def _root_application(options: PlatformOptions) -> dict[str, Any]:
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {
            "name": "platform",
            "namespace": options.argocd_namespace,
            "labels": {"herokube.io/part-of": "platform"},
        },
        "spec": {
            "project": options.argocd_project,
            "source": {"repoURL": options.repo_url, "targetRevision": "main", "path": "chart"},
            "destination": {
                "server": options.argocd_server,
                "namespace": options.argocd_namespace,
            },
            "syncPolicy": {"automated": {"prune": False, "selfHeal": True}},
        },
    }


def write_platform(
    out: Path, files: Mapping[str, str], operators: tuple[str, ...]
) -> PlatformResult:
    """Commit the platform repository at ``out/platform``; a re-run never touches ``main``.

    A first run commits on ``main``. A re-run whose files are unchanged commits nothing; one whose
    files changed commits them on branch ``herokube/platform-update`` for review.
    """
    from herokube.gitrepo import commit_all, init_repository
    from herokube.render.repository import move_into_place, staging_dir

    target = out / PLATFORM_DIR
    with staging_dir(target) as staging:
        _lay_out(staging, files)
        if not target.exists():
            repo = init_repository(staging)
            commit = commit_all(repo, "Platform for the fleet: operators, namespaces, app of apps")
            move_into_place(staging, target)
            return PlatformResult(target, commit, "main", operators)
        if _same_tree(staging, target):
            return PlatformResult(target, None, "main", operators)
        commit = _commit_on_update_branch(target, staging)
        return PlatformResult(target, commit, UPDATE_BRANCH, operators)


def _lay_out(folder: Path, files: Mapping[str, str]) -> None:
    shutil.copytree(_CHART, folder / "chart", dirs_exist_ok=True)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _same_tree(new: Path, existing: Path) -> bool:
    """The rendered files against the platform repository's ``main`` as checked out."""
    for path in new.rglob("*"):
        if path.is_file():
            other = existing / path.relative_to(new)
            if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
                return False
    return True


def _commit_on_update_branch(repository: Path, rendered: Path) -> str:
    """Commit ``rendered`` on the update branch in a temporary worktree: ``main`` is untouched."""
    from herokube.errors import UserError
    from herokube.gitrepo import branch_names, branch_worktree, commit_all, open_app_repository

    repo = open_app_repository(repository, flag="--out")
    if repo.is_dirty(untracked_files=True):
        raise UserError(
            "has uncommitted changes; commit or stash them, then run herokube fleet again",
            source=str(repository),
        )
    if UPDATE_BRANCH in branch_names(repo):
        raise UserError(
            f"branch {UPDATE_BRANCH} is waiting for review; merge or delete it, then run "
            "herokube fleet again",
            source=str(repository),
        )
    with branch_worktree(repo, UPDATE_BRANCH) as (worktree, tree_repo):
        shutil.copytree(rendered, worktree, dirs_exist_ok=True)
        return commit_all(tree_repo, "Platform for the fleet: the apps' changes")


def gateway_values(apps: Sequence[AppOutcome]) -> list[dict[str, Any]]:
    """The Gateways the apps' HTTPRoutes attach to: one per name and namespace.

    Each has an HTTP listener and, per production host of its apps, an HTTPS listener whose
    certificate cert-manager issues (the ``cert-manager.io/cluster-issuer`` annotation; its
    Gateway API support is switched on with the ``gateway-api`` need, blueprints/platform.yaml).
    """
    by_ref: dict[tuple[str, str], list[GatewayUse]] = {}
    for app in apps:
        if app.gateway is not None:
            by_ref.setdefault((app.gateway.name, app.gateway.namespace), []).append(app.gateway)
    gateways = []
    for (name, namespace), uses in sorted(by_ref.items()):
        hosts = sorted({host for use in uses for host in use.hosts})
        issuers = sorted({use.cluster_issuer for use in uses if use.cluster_issuer})
        gateways.append(
            {
                "name": name,
                "namespace": namespace,
                "clusterIssuer": issuers[0] if hosts and issuers else "",
                "tls": [
                    {"listener": f"https-{index}", "hostname": host, "secret": _tls_secret(host)}
                    for index, host in enumerate(hosts, 1)
                ],
            }
        )
    return gateways


def _tls_secret(host: str) -> str:
    """``www.example.com`` → ``www-example-com-tls``; a wildcard's ``*`` becomes ``wildcard``."""
    label = host.replace("*", "wildcard").replace(".", "-")
    return f"{label[:59].rstrip('-')}-tls"
