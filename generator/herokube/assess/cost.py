"""What the apps cost a month: Heroku today beside a Kubernetes estimate, assumptions attached.

Heroku: each process's dynos at the list price (``blueprints/prices.yaml``) plus each add-on's
billed price as the export recorded it. Kubernetes: the production environment's requested
resources on nodes of ``--node-size`` at ``--node-price``, plus a managed Postgres or Redis per
data add-on (or in the cluster). A size or an add-on without a price is left unpriced and
counted, never guessed: totals say how many items they leave out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from herokube.assess.facts import AppAssessment
from herokube.assess.fleet import NodeSize, environment_totals
from herokube.assess.prices import ManagedPrice, Prices
from herokube.model import Addon, App
from herokube.plan import AddonPlan, Plan

__all__ = [
    "AppCost",
    "CostLine",
    "CostReport",
    "EnvironmentCost",
    "Total",
    "app_cost",
    "cost_report",
    "dollars",
    "pack",
]


@dataclass(frozen=True)
class CostLine:
    item: str
    detail: str
    cents: int | None
    """``None``: no price is known, and none is guessed."""


@dataclass(frozen=True)
class Total:
    cents: int
    """The sum of the priced lines."""
    unpriced: int
    """Lines left out of ``cents`` because they have no price."""
    priced: int = 0
    """Lines in ``cents``."""

    @staticmethod
    def of(lines: Sequence[CostLine]) -> Total:
        unpriced = sum(1 for line in lines if line.cents is None)
        return Total(sum(line.cents or 0 for line in lines), unpriced, len(lines) - unpriced)

    @staticmethod
    def sum(totals: Iterable[Total]) -> Total:
        cents = unpriced = priced = 0
        for total in totals:
            cents += total.cents
            unpriced += total.unpriced
            priced += total.priced
        return Total(cents, unpriced, priced)


@dataclass(frozen=True)
class AppCost:
    app: str
    production: str
    """The environment the Kubernetes side sizes (the one the Heroku formation describes)."""
    heroku: tuple[CostLine, ...]
    kubernetes: tuple[CostLine, ...]
    heroku_dynos: Total
    heroku_addons: Total
    heroku_total: Total
    kubernetes_total: Total
    cpu_millicores: int
    memory_mb: int
    pods: tuple[tuple[str, int, int], ...]
    """Each production pod: its process, millicores and MiB requested (what the nodes must hold)."""


@dataclass(frozen=True)
class EnvironmentCost:
    environment: str
    cpu_millicores: int
    memory_mb: int
    nodes: int
    cents: int


@dataclass(frozen=True)
class CostReport:
    apps: tuple[AppCost, ...]
    heroku_dynos: Total
    heroku_addons: Total
    heroku_total: Total
    kubernetes: tuple[CostLine, ...]
    """The fleet's Kubernetes lines: whole production nodes, then the services outside them."""
    kubernetes_total: Total
    environments: tuple[EnvironmentCost, ...]
    """Nodes per environment (every environment, not only production) and what they cost."""
    assumptions: tuple[str, ...]


def dollars(cents: int | None) -> str:
    """``$1,125`` or ``$47.45``; ``no price`` for ``None``."""
    if cents is None:
        return "no price"
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}${whole:,}" + (f".{rest:02d}" if rest else "")


def _size_price(app: App, size: str | None, prices: Prices) -> tuple[str, int | None]:
    if size is None:
        return "size not recorded", None
    key = size.lower()
    # Shield spaces bill Private sizes at Shield prices.
    if app.shield and key.startswith("private-"):
        key = "shield-" + key.removeprefix("private-")
    cents = prices.dynos.get(key)
    if cents is None:
        return f"no list price for {size}", None
    return f"{dollars(cents)} a dyno", cents


def _heroku_lines(app: App, prices: Prices) -> list[CostLine]:
    lines = []
    for process in app.processes:
        item = f"{process.name}: {process.quantity} × {process.size or '?'}"
        if not app.from_export:
            lines.append(CostLine(item, "no export: what Heroku runs is unknown", None))
            continue
        if process.quantity == 0:
            lines.append(CostLine(item, "scaled to zero", 0))
            continue
        detail, each = _size_price(app, process.size, prices)
        lines.append(CostLine(item, detail, None if each is None else each * process.quantity))
    for addon in app.addons:
        lines.append(_heroku_addon(app, addon))
    return lines


def _heroku_addon(app: App, addon: Addon) -> CostLine:
    item = f"{addon.name} ({addon.plan or addon.service})"
    if addon.billing_app and addon.billing_app != app.name:
        return CostLine(item, f"billed to {addon.billing_app}", 0)
    price = addon.billed_price
    if price is None:
        return CostLine(item, "no billed price in the export", None)
    if price.contract:
        return CostLine(item, "priced by a contract", None)
    if price.unit != "month":
        return CostLine(item, f"billed per {price.unit}", None)
    return CostLine(item, "billed price", price.cents)


def _kubernetes_addon(addon: AddonPlan, model: Addon | None, app: str, prices: Prices) -> CostLine:
    item = f"{addon.name} ({addon.service})"
    if model is not None and model.billing_app and model.billing_app != app:
        return CostLine(item, f"counted with {model.billing_app}", 0)
    managed: dict[str, ManagedPrice] = {"postgres": prices.postgres, "redis": prices.redis}
    billed = None if model is None or model.billed_price is None else model.billed_price
    if addon.data in managed:
        price = managed[addon.data]
        if price is None:
            return CostLine(item, f"{addon.data} in the cluster (not in the requests)", 0)
        return CostLine(item, f"managed {addon.data}", price)
    if addon.target in ("saas", "log-shipping", "blocked"):
        known = billed is not None and billed.unit == "month" and not billed.contract
        detail = "stays on Heroku" if addon.target == "blocked" else "kept with its provider"
        return CostLine(
            item, f"{detail}, at its Heroku price", billed.cents if known and billed else None
        )
    if addon.target == "cronjob":
        return CostLine(item, "CronJobs on the nodes", 0)
    if addon.target == "in-cluster":
        return CostLine(item, "in the cluster (not in the requests)", 0)
    return CostLine(item, f"no price for a managed {addon.data or addon.service}", None)


def app_cost(plan: Plan, assessed: AppAssessment, prices: Prices) -> AppCost:
    """One app's monthly cost on Heroku and its Kubernetes estimate."""
    app = plan.app
    totals = next(t for t in assessed.environments if t.environment == plan.production)
    share = prices.node.share(totals.cpu_millicores, totals.memory_mb)
    compute = CostLine(
        f"{plan.production}: {totals.cpu_millicores / 1000:g} vCPU, {totals.memory_mb / 1024:.1f} GiB",
        f"{share:.2f} of a node at {dollars(prices.node_cents)}",
        round(share * prices.node_cents),
    )
    models = {a.name: a for a in app.addons}
    kubernetes = [compute] + [
        _kubernetes_addon(addon, models.get(addon.name), app.name, prices) for addon in plan.addons
    ]
    heroku = _heroku_lines(app, prices)
    dynos = len(app.processes)
    return AppCost(
        app=app.name,
        production=plan.production,
        heroku=tuple(heroku),
        kubernetes=tuple(kubernetes),
        heroku_dynos=Total.of(heroku[:dynos]),
        heroku_addons=Total.of(heroku[dynos:]),
        heroku_total=Total.of(heroku),
        kubernetes_total=Total.of(kubernetes),
        cpu_millicores=totals.cpu_millicores,
        memory_mb=totals.memory_mb,
        pods=_pods(assessed),
    )


def _pods(assessed: AppAssessment) -> tuple[tuple[str, int, int], ...]:
    pods = []
    for process in assessed.processes:
        if process.workload == "release":
            continue  # a Job before each rollout: it comes and goes
        count = process.replicas
        if process.autoscaling:  # "min-max": the steady state is the minimum
            count = int(process.autoscaling.split("-")[0])
        size = (process.name, process.cpu_millicores, process.memory_mib)
        pods += [size] * count
    return tuple(pods)


def pack(pods: Sequence[tuple[str, int, int]], node: NodeSize) -> tuple[int, tuple[str, ...]]:
    """Nodes that hold ``pods`` (first fit, largest first), and the pods too big for any node."""
    cpu_room, memory_room = node.room
    free: list[list[float]] = []
    too_big: list[str] = []
    for name, cpu, memory in sorted(pods, key=lambda p: (-node.share(p[1], p[2]), p[0])):
        if cpu > cpu_room or memory > memory_room:
            too_big.append(name)
            continue
        for room in free:
            if room[0] >= cpu and room[1] >= memory:
                room[0] -= cpu
                room[1] -= memory
                break
        else:
            free.append([cpu_room - cpu, memory_room - memory])
    return len(free) + len(too_big), tuple(sorted(set(too_big)))


def _environments(assessed: Sequence[AppAssessment], prices: Prices) -> tuple[EnvironmentCost, ...]:
    result = []
    for environment, _totals, cpu, memory in environment_totals(assessed):
        nodes = prices.node.nodes_for(cpu, memory)
        result.append(EnvironmentCost(environment, cpu, memory, nodes, nodes * prices.node_cents))
    return tuple(result)


def _assumptions(
    prices: Prices, apps: Sequence[AppCost], too_big: Sequence[str]
) -> tuple[str, ...]:
    node = prices.node
    managed = [
        f"{name} {dollars(price)} a month per database"
        if price is not None
        else f"{name} in the cluster"
        for name, price in (("Postgres", prices.postgres), ("Redis", prices.redis))
    ]
    unpriced = sum(a.heroku_total.unpriced + a.kubernetes_total.unpriced for a in apps)
    lines = [
        "Heroku dynos at list price, a month per dyno (the maximum: dynos bill by the second); "
        "Eco's account-wide $5 is not counted.",
        "Heroku add-ons at the billed price the export recorded; a shared add-on counts once, "
        "in the app that is billed for it.",
        f"Kubernetes: production pods (their requests) packed first-fit, largest first, onto "
        f"{node.label} nodes at {dollars(prices.node_cents)} a node-month; an app's own line is "
        "its share (its requests over a node's allocatable), the fleet pays for whole nodes. "
        "The capacity table counts nodes from the totals alone (a lower bound).",
        f"Managed data services: {'; '.join(managed)}. SaaS add-ons keep their Heroku price.",
        "Not counted: the control plane, load balancers, storage, egress, backups, CI and the "
        "image registry; other environments' nodes are listed separately.",
        f"Prices from {prices.source}.",
    ]
    if too_big:
        lines.append(
            f"Pods of {', '.join(too_big)} do not fit on one node: each is counted as a node of "
            "its own; choose a larger --node-size."
        )
    if unpriced:
        lines.append(
            f"{unpriced} item(s) have no price and are left out of the totals (marked 'no price')."
        )
    return tuple(lines)


def cost_report(
    plans: Sequence[Plan], assessed: Sequence[AppAssessment], prices: Prices
) -> CostReport:
    """The cost of every app and of them all, with the assumptions to print under it."""
    apps = tuple(app_cost(plan, app, prices) for plan, app in zip(plans, assessed, strict=True))
    cpu = sum(a.cpu_millicores for a in apps)
    memory = sum(a.memory_mb for a in apps)
    nodes, too_big = pack([pod for a in apps for pod in a.pods], prices.node)
    fleet = [
        CostLine(
            f"production nodes: {nodes}",
            f"{cpu / 1000:g} vCPU, {memory / 1024:.1f} GiB requested, pods packed onto "
            f"{nodes} × {dollars(prices.node_cents)}",
            nodes * prices.node_cents,
        )
    ]
    fleet += [line for a in apps for line in a.kubernetes[1:]]
    heroku = [line for a in apps for line in a.heroku]
    return CostReport(
        apps=apps,
        heroku_dynos=Total.sum(a.heroku_dynos for a in apps),
        heroku_addons=Total.sum(a.heroku_addons for a in apps),
        heroku_total=Total.of(heroku),
        kubernetes=tuple(fleet),
        kubernetes_total=Total.of(fleet),
        environments=_environments(assessed, prices),
        assumptions=_assumptions(prices, apps, too_big),
    )
