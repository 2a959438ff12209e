"""The ``herokube assess`` command."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["EPILOG", "assess"]

EPILOG = """Examples:

  herokube assess acme-shop.export.json --source ../acme-shop

  herokube assess exports/*.export.json --format markdown --out assessment.md

  herokube assess ../my-app --format json | jq '.apps[0].findings'
"""


def assess(
    sources: list[Path] = typer.Argument(
        ...,
        help="Export files (from `herokube export`) or app source directories; several give a fleet summary.",
    ),
    paired_source: Path = typer.Option(
        None, "--source", help="The app's source tree, paired with a single export file."
    ),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text (a terminal), markdown (a pull request or wiki) or json (scripts).",
    ),
    out: Path = typer.Option(
        None, "--out", help="Write the assessment to this file instead of standard output."
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        help="Environments to size (repeat). Default: each app's pipeline stages, else dev, staging, prod.",
    ),
    node_size: str = typer.Option(
        "4x16",
        "--node-size",
        help="The worker node the fleet summary assumes: vCPUs x GiB (80% allocatable).",
    ),
) -> int:
    """Report what migrating Heroku apps to Kubernetes would take. Writes nothing else.

    For each app: its processes and the workloads they become, sizes, add-ons and their
    targets, config var names by origin, domains, what blocks, and the decisions a person must
    make (with herokube's default). With several apps: capacity per environment, the add-on
    inventory, shared add-ons and suggested migration waves.
    """
    from herokube.assess import FORMATS, AssessOptions, NodeSize, render
    from herokube.assess import assess as run_assessment
    from herokube.errors import UserError

    if output_format not in FORMATS:
        raise UserError(
            f"must be one of {', '.join(FORMATS)}", source="--format", field=output_format
        )
    cpus, sep, memory = node_size.lower().partition("x")
    try:
        node = NodeSize(cpu_millicores=int(float(cpus) * 1000), memory_mb=int(float(memory) * 1024))
    except ValueError:
        node = None
    if not sep or node is None or node.cpu_millicores <= 0 or node.memory_mb <= 0:
        raise UserError("expected vCPUs x GiB, e.g. 4x16", source="--node-size", field=node_size)
    report = render(
        run_assessment(AssessOptions(tuple(sources), paired_source, tuple(env), node)),
        output_format,
    )
    if out is None:
        typer.echo(report, nl=False)
        return 0
    from herokube.assess.output import write_atomically

    write_atomically(out, report)
    typer.echo(f"Wrote {out}", err=True)
    return 0
