"""``herokube validate``: check a generated repository offline.

For every environment, render the chart with Helm's engine and that environment's values,
check the values against ``values.schema.json``, ``helm lint --strict``, check every
rendered object and every file under ``argocd/`` against the Kubernetes (or CRD) JSON
schema of the chosen version, run the Pod Security and best-practice rules, lint the
Dockerfile with hadolint and check the GitHub workflows. Everything becomes a
:class:`Finding`; :func:`validate_repository` returns them in a :class:`Report`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from herokube.chartrepo import (
    DEFAULT_ENVIRONMENT,
    chart_directory,
    environment_values,
    production_environments,
    values_file,
)
from herokube.errors import UserError
from herokube.validate.findings import Finding, Report, Resource, Severity, report_order
from herokube.validate.kube_schemas import DEFAULT_KUBERNETES_VERSION

__all__ = [
    "DEFAULT_KUBERNETES_VERSION",
    "Finding",
    "Report",
    "Resource",
    "Severity",
    "ValidateOptions",
    "validate_repository",
]


@dataclass(frozen=True)
class ValidateOptions:
    """Everything ``herokube validate`` takes on its command line."""

    directory: Path
    environments: tuple[str, ...] = ()
    kubernetes_version: str = DEFAULT_KUBERNETES_VERSION
    strict: bool = True
    skip: tuple[str, ...] = ()
    schema_locations: tuple[str, ...] = ()
    ignore_missing_schemas: bool = False
    fail_on: Severity = Severity.ERROR


def _environments(repository: Path, selected: tuple[str, ...]) -> list[tuple[str, Path | None]]:
    found = environment_values(repository)
    if not found and not selected:
        # Any Helm chart repository: no environments/ means the chart's own defaults.
        return [(DEFAULT_ENVIRONMENT, None)]
    if selected:
        unknown = [name for name in selected if name not in found]
        if unknown:
            known = ", ".join(sorted(found)) or "none"
            raise UserError(
                f"no {values_file(unknown[0])} (environments: {known})",
                source=str(repository),
                field="--env",
            )
        return [(name, found[name]) for name in dict.fromkeys(selected)]
    return sorted(found.items())


def _chart_directory(repository: Path) -> Path:
    found = chart_directory(repository)
    if found is None:
        raise UserError("no chart/Chart.yaml: not a herokube repository", source=str(repository))
    return found


def validate_repository(options: ValidateOptions) -> Report:
    """Check the repository at ``options.directory``; every finding lands in the report.

    Raises:
        UserError: the check cannot run (no such directory, no chart, an unreadable
            chart, an unknown Kubernetes version, a bad ``.herokube.yaml``).
    """
    # Imported here: the CLI imports this package for --help, these pull in Helm and schemas.
    from herokube.validate import helm, helm_limits, rules
    from herokube.validate.catalog import rule_finding
    from herokube.validate.config import load_config
    from herokube.validate.dockerfile import check_dockerfile
    from herokube.validate.documents import Manifest, check_manifest, is_skipped, parse_manifests
    from herokube.validate.kube_schemas import SchemaStore
    from herokube.validate.release_tag import production_image_tag
    from herokube.validate.workflow import check_workflow, workflow_files

    repository = options.directory
    if not repository.is_dir():
        raise UserError("no such directory", source=str(repository))
    config = load_config(repository)
    # hadolint (a subprocess) and Helm's lint of each environment (Go, without the GIL) run on
    # the other core while the charts render and their objects are checked.
    dockerfile = repository / "Dockerfile"
    background = ThreadPoolExecutor(max_workers=2)
    hadolint = (
        background.submit(check_dockerfile, repository, dockerfile)
        if dockerfile.is_file()
        else None
    )
    store = SchemaStore(
        options.kubernetes_version, strict=options.strict, locations=options.schema_locations
    )
    chart = _chart_directory(repository)
    loaded = helm.load_chart(chart, repository)
    report = Report()
    findings: list[Finding] = []

    def check(manifests: list[Manifest]) -> list[Manifest]:
        kept = [m for m in manifests if not is_skipped(m, options.skip)]
        for manifest in kept:
            report.resources.append(manifest.resource)
            findings.extend(
                check_manifest(
                    manifest, store, ignore_missing_schemas=options.ignore_missing_schemas
                )
            )
        return kept

    environments = _environments(repository, options.environments)
    findings.extend(
        helm_limits.chart_sizes(repository, chart, [p for _, p in environments if p is not None])
    )
    chart_files = helm_limits.chart_payload(chart)
    production = production_environments(repository)
    linted: list[helm.EnvironmentResult] = []
    for environment, values_path in environments:
        report.environments.append(environment)
        values_file = (
            values_path.relative_to(repository).as_posix()
            if values_path is not None
            else f"{loaded.relative}/values.yaml"
        )
        result = helm.check_environment(
            loaded,
            environment,
            values_path,
            values_file,
            kubernetes_version=store.kubernetes_version,
            strict=options.strict,
            lint_in=background,
        )
        linted.append(result)
        findings.extend(result.findings)
        kept = check(result.manifests)
        workspace = rules.Workspace(kept, result.namespace, store.kubernetes_version)
        findings.extend(rules.run_rules(workspace, config.disable))
        if environment in production:
            where = Resource(environment, values_file, "", "")
            findings.extend(production_image_tag(workspace, chart, values_path, where))
        findings.extend(
            helm_limits.release_size(chart_files, values_path, values_file, environment, kept)
        )

    argocd = repository / "argocd"
    if argocd.is_dir():
        for path in sorted(
            p for p in argocd.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
        ):
            file = path.relative_to(repository).as_posix()
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                where = Resource("", file, "", "")
                findings.append(rule_finding(where, "yaml-syntax", f"cannot read: {error}"))
                continue
            manifests, parse_findings = parse_manifests(text, environment="", file=file)
            findings.extend(parse_findings)
            check(manifests)

    for result in linted:
        findings.extend(result.lint_findings())
    if hadolint is not None:
        findings.extend(hadolint.result())
    background.shutdown(wait=False)
    for workflow in workflow_files(repository):
        findings.extend(check_workflow(repository, workflow))

    report.findings = report_order({finding for finding in findings if config.enabled(finding)})
    return report
