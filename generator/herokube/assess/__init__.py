"""``herokube assess``: what migrating one app, or a fleet of them, would take.

Each SOURCE goes through the same ``load`` and ``plan`` stages as ``herokube new`` (nothing is
written); ``facts`` restates each plan for people, ``fleet`` sums several apps up, and
``formats`` writes text, markdown or JSON; ``cost`` prices Heroku today beside a Kubernetes
estimate, and ``html`` draws it all as one self-contained page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from herokube.assess.cost import CostReport, cost_report
from herokube.assess.facts import AppAssessment, assess_plan
from herokube.assess.fleet import Fleet, NodeSize, summarise
from herokube.assess.prices import Prices, load_prices
from herokube.console import AssessFormat
from herokube.errors import UserError

__all__ = [
    "FORMATS",
    "AppAssessment",
    "AssessOptions",
    "Assessment",
    "CostReport",
    "Fleet",
    "NodeSize",
    "Prices",
    "assess",
    "render",
]

FORMATS = tuple(choice.value for choice in AssessFormat)


@dataclass(frozen=True)
class AssessOptions:
    sources: tuple[Path, ...]
    paired_source: Path | None = None
    environments: tuple[str, ...] = ()
    node_size: NodeSize | None = None
    """Default: the prices' node. One node size serves capacity and cost alike."""
    prices: Prices | None = None
    """Default: ``blueprints/prices.yaml``."""


@dataclass(frozen=True)
class Assessment:
    apps: tuple[AppAssessment, ...]
    fleet: Fleet | None
    """Only with several apps."""
    cost: CostReport | None = None
    node_size: NodeSize = field(default_factory=NodeSize)
    """The node capacity and cost assume (the page draws one app's capacity on it too)."""


def assess(options: AssessOptions) -> Assessment:
    """Load and plan every source, then assess each app and, with several, the fleet."""
    from herokube.load import load_app, resolve_inputs
    from herokube.plan import PlanOptions, make_plan

    if not options.sources:
        raise UserError("give at least one export file or source directory", source="SOURCE")
    if options.paired_source is not None and len(options.sources) > 1:
        raise UserError(
            "--source pairs a tree with one export file: give one SOURCE with it", source="--source"
        )
    apps: list[AppAssessment] = []
    plans = []
    seen: dict[str, str] = {}
    for path in options.sources:
        inputs = resolve_inputs(path, options.paired_source)
        plan = make_plan(load_app(inputs), PlanOptions(environments=options.environments))
        label = str(path) if options.paired_source is None else f"{path} + {options.paired_source}"
        if plan.app.name in seen:
            raise UserError(
                f"the app {plan.app.name!r} is already given as {seen[plan.app.name]}",
                source=str(path),
            )
        seen[plan.app.name] = str(path)
        apps.append(assess_plan(plan, label))
        plans.append(plan)
    ordered = tuple(apps)
    prices = options.prices or load_prices()
    if options.node_size is not None:
        prices = replace(prices, node=options.node_size)
    fleet = summarise(ordered, prices.node) if len(ordered) > 1 else None
    return Assessment(ordered, fleet, cost_report(plans, ordered, prices), prices.node)


def render(assessment: Assessment, output_format: str) -> str:
    """The assessment as ``text`` (a terminal), ``markdown`` (a pull request), ``json`` or ``html``."""
    from herokube.assess import formats

    if output_format == "text":
        return formats.to_text(assessment)
    if output_format == "markdown":
        return formats.to_markdown(assessment)
    if output_format == "json":
        return formats.to_json(assessment)
    if output_format == "html":
        from herokube.assess.html import to_html

        return to_html(assessment)
    raise UserError(f"must be one of {', '.join(FORMATS)}", source="--format", field=output_format)
