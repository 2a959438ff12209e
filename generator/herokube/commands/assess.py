"""The ``herokube assess`` command."""

from __future__ import annotations

from pathlib import Path

import typer

from herokube.console import AssessFormat

__all__ = ["EPILOG", "assess"]

EPILOG = """Examples:

  herokube assess acme-shop.export.json --source ../acme-shop

  herokube assess exports/*.export.json --format markdown --out assessment.md

  herokube assess ../my-app --format json | jq '.apps[0].findings'

  herokube assess exports/*.export.json --format html --out report.html --node-price 140.16
"""


def assess(
    sources: list[Path] = typer.Argument(
        ...,
        help="Export files (from `herokube export`) or app source directories; several give a fleet summary.",
    ),
    paired_source: Path = typer.Option(
        None, "--source", help="The app's source tree, paired with a single export file."
    ),
    output_format: AssessFormat = typer.Option(
        AssessFormat.text,
        "--format",
        "-f",
        help="text (a terminal), markdown (a pull request or wiki), json (scripts) or html (one self-contained page; use --out).",
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
        None,
        "--node-size",
        help="The worker node capacity and cost assume: vCPUs and GiB, 4cpu-16gi or 4x16 (80% allocatable). Default: the price file's.",
    ),
    node_price: str = typer.Option(
        None, "--node-price", help="What one node costs a month, in dollars (default 140.16)."
    ),
    postgres_price: str = typer.Option(
        None,
        "--postgres-price",
        help="A managed Postgres a month per database, in dollars, or in-cluster.",
    ),
    redis_price: str = typer.Option(
        None, "--redis-price", help="A managed Redis a month, in dollars, or in-cluster."
    ),
    price_file: Path = typer.Option(
        None,
        "--prices",
        help="A YAML file over blueprints/prices.yaml (dynos, kubernetes.node, postgres, redis).",
    ),
) -> int:
    """Report what migrating Heroku apps to Kubernetes would take. Writes nothing else.

    For each app: its processes and the workloads they become, sizes, add-ons and their
    targets, config var names by origin, domains, what blocks, and the decisions a person must
    make (with herokube's default). With several apps: capacity per environment, the add-on
    inventory, shared add-ons and suggested migration waves. For all: what it costs a month on
    Heroku beside a Kubernetes estimate, with every assumption printed under the figures.
    """
    from herokube.assess import AssessOptions, render
    from herokube.assess import assess as run_assessment
    from herokube.assess.prices import load_prices

    prices = load_prices(
        price_file,
        node_size=node_size,
        node_price=node_price,
        postgres=postgres_price,
        redis=redis_price,
    )
    report = render(
        run_assessment(AssessOptions(tuple(sources), paired_source, tuple(env), prices=prices)),
        output_format.value,
    )
    if out is None:
        typer.echo(report, nl=False)
        return 0
    from herokube.assess.output import write_atomically

    write_atomically(out, report)
    typer.echo(f"Wrote {out}", err=True)
    return 0
