"""The `herokube validate` command."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from herokube.console import ValidateOutput

__all__ = ["EPILOG", "validate"]


class _FailOn(str, Enum):
    error = "error"
    warning = "warning"


EPILOG = """\
Examples:

  herokube validate ./acme-web

  herokube validate ./acme-web --env prod --kubernetes-version 1.30

  herokube validate . --output junit > validate.xml

  herokube validate . --schema-location ./schemas --ignore-missing-schemas

Exit codes: 0 no errors (warnings are printed), 1 errors (or warnings with --fail-on
warning), 2 the check could not run (no such directory, unreadable chart, unknown
Kubernetes version, bad .herokube.yaml). Switch rules off in .herokube.yaml
(validate: {disable: [rule-id]}); every rule id is listed in docs/validate.md.
"""


def validate(
    directory: Path = typer.Argument(
        ...,
        metavar="DIR",
        help="The repository to check: chart/, environments/<env>/values.yaml, argocd/, "
        "Dockerfile, .github/workflows/.",
        show_default=False,
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        metavar="NAME",
        help="Check only this environment (repeatable). Default: every folder under "
        "environments/ that holds a values.yaml.",
        show_default=False,
    ),
    kubernetes_version: str = typer.Option(
        "1.31",
        "--kubernetes-version",
        metavar="X.Y",
        help="Kubernetes minor version (X.Y) whose schemas and removed APIs apply; "
        "1.25 to 1.37 are known.",
    ),
    output: ValidateOutput = typer.Option(
        ValidateOutput.text,
        "--output",
        "-o",
        help="text for people, json for scripts, junit for CI.",
    ),
    strict: bool = typer.Option(
        True,
        "--strict/--no-strict",
        help="Strict schemas: unknown fields are errors. --no-strict lets unknown fields pass.",
    ),
    skip: list[str] = typer.Option(
        [],
        "--skip",
        metavar="KIND",
        help="Do not check objects of this kind (Kind or apiVersion/Kind; repeatable).",
        show_default=False,
    ),
    schema_location: list[str] = typer.Option(
        [],
        "--schema-location",
        metavar="PATH-OR-TEMPLATE",
        help="More JSON schemas, searched first: a directory holding {group}/{kind}_{version}.json, "
        "or a kubeconform template like 'schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' "
        "(also {{.NormalizedKubernetesVersion}}, {{.StrictSuffix}}, {{.KindSuffix}}). Repeatable.",
        show_default=False,
    ),
    ignore_missing_schemas: bool = typer.Option(
        False,
        "--ignore-missing-schemas",
        help="Pass objects whose kind has no schema instead of reporting schema-missing.",
    ),
    fail_on: _FailOn = typer.Option(
        _FailOn.error,
        "--fail-on",
        help="Exit 1 on errors only (error), or on warnings too (warning).",
    ),
) -> int:
    """Check a generated repository offline: chart, values, manifests, Argo CD, Dockerfile, CI.

    For every environment the chart is rendered with Helm's own engine (release name = chart
    name, namespace = <chart>-<env>), the merged values are checked against
    values.schema.json and the chart is linted with helm lint --strict. Every rendered object
    and every file under argocd/ is checked against the Kubernetes JSON schema of
    --kubernetes-version (default 1.31) or the CRD schemas herokube ships (Argo CD, External
    Secrets, cert-manager, CloudNativePG, Prometheus operator, Gateway API), then against the
    Pod Security "restricted" and best-practice rules. The Dockerfile is linted with hadolint
    and the workflows against the GitHub workflow schema. Nothing touches a network or a
    cluster; nothing is written.
    """
    from herokube.validate import Severity, ValidateOptions, validate_repository
    from herokube.validate.report import render

    options = ValidateOptions(
        directory=directory,
        environments=tuple(env),
        kubernetes_version=kubernetes_version,
        strict=strict,
        skip=tuple(skip),
        schema_locations=tuple(schema_location),
        ignore_missing_schemas=ignore_missing_schemas,
        fail_on=Severity(fail_on.value),
    )
    report = validate_repository(options)
    typer.echo(render(report, output.value), nl=False)
    return report.exit_code(options.fail_on)
