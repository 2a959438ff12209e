"""Several apps at once: capacity per environment, the add-on inventory, shared add-ons, waves."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from herokube.assess.facts import AppAssessment, EnvironmentTotals

__all__ = [
    "AddonInventoryEntry",
    "Fleet",
    "FleetEnvironment",
    "NodeSize",
    "SharedAddon",
    "Wave",
    "environment_totals",
    "summarise",
]


@dataclass(frozen=True)
class NodeSize:
    """The worker node the capacity estimate assumes."""

    cpu_millicores: int = 4000
    memory_mb: int = 16384
    allocatable: float = 0.8
    """What is left for pods after the kubelet, the OS and system DaemonSets."""

    @property
    def label(self) -> str:
        return f"{self.cpu_millicores / 1000:g} vCPU / {self.memory_mb / 1024:g} GiB, {round(self.allocatable * 100)}% allocatable"

    @property
    def room(self) -> tuple[float, float]:
        """Millicores and MiB one node has for pods."""
        return self.cpu_millicores * self.allocatable, self.memory_mb * self.allocatable

    def share(self, cpu_millicores: float, memory_mb: float) -> float:
        """The fraction of one node's room these requests take (the larger of CPU and memory)."""
        cpu_room, memory_room = self.room
        return max(cpu_millicores / cpu_room, memory_mb / memory_room)

    def nodes_for(self, cpu_millicores: int, memory_mb: int) -> int:
        if cpu_millicores <= 0 and memory_mb <= 0:
            return 0
        return max(1, math.ceil(round(self.share(cpu_millicores, memory_mb), 6)))


@dataclass(frozen=True)
class FleetEnvironment:
    environment: str
    apps: int
    pods: int
    cpu_millicores: int
    memory_mb: int
    nodes: int


@dataclass(frozen=True)
class AddonInventoryEntry:
    service: str
    title: str
    target: str
    count: int
    """Distinct add-ons (an add-on shared by several apps counts once)."""
    plans: tuple[str, ...]
    apps: tuple[str, ...]


@dataclass(frozen=True)
class SharedAddon:
    name: str
    service: str
    apps: tuple[str, ...]
    """Assessed apps that use it."""
    outside: tuple[str, ...]
    """Apps it is attached to that were not assessed."""


@dataclass(frozen=True)
class Wave:
    number: int
    reason: str
    groups: tuple[tuple[str, ...], ...]
    """Apps that must move together (they share an add-on); a single app is a group of one."""


@dataclass(frozen=True)
class Fleet:
    node_size: NodeSize
    environments: tuple[FleetEnvironment, ...]
    addons: tuple[AddonInventoryEntry, ...]
    shared: tuple[SharedAddon, ...]
    waves: tuple[Wave, ...]


_TIERS = (
    "stateless and blocker-free: no data to move",
    "blocker-free, with their own data to move",
    "share an add-on: each group moves together, in one maintenance window",
    "blocked: decide the blockers first",
)


def summarise(apps: tuple[AppAssessment, ...], node_size: NodeSize | None = None) -> Fleet:
    """The fleet view of several assessed apps (deterministic: everything sorted)."""
    node_size = node_size or NodeSize()
    return Fleet(
        node_size=node_size,
        environments=_environments(apps, node_size),
        addons=_inventory(apps),
        shared=_shared(apps),
        waves=_waves(apps),
    )


def environment_totals(
    apps: Sequence[AppAssessment],
) -> list[tuple[str, list[EnvironmentTotals], int, int]]:
    """Per environment, in first-seen order: its apps' totals, and their millicores and MiB."""
    order: list[str] = []
    for app in apps:
        order += [t.environment for t in app.environments if t.environment not in order]
    result = []
    for environment in order:
        totals = [t for app in apps for t in app.environments if t.environment == environment]
        cpu = sum(t.cpu_millicores for t in totals)
        memory = sum(t.memory_mb for t in totals)
        result.append((environment, totals, cpu, memory))
    return result


def _environments(
    apps: tuple[AppAssessment, ...], node_size: NodeSize
) -> tuple[FleetEnvironment, ...]:
    result = []
    for environment, totals, cpu, memory in environment_totals(apps):
        result.append(
            FleetEnvironment(
                environment,
                len(totals),
                sum(t.pods for t in totals),
                cpu,
                memory,
                node_size.nodes_for(cpu, memory),
            )
        )
    return tuple(result)


def _inventory(apps: tuple[AppAssessment, ...]) -> tuple[AddonInventoryEntry, ...]:
    names: dict[str, set[str]] = defaultdict(set)
    plans: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[str]] = defaultdict(set)
    first: dict[str, tuple[str, str]] = {}
    for app in apps:
        for addon in app.addons:
            names[addon.service].add(addon.name)
            if addon.plan:
                plans[addon.service].add(addon.plan)
            users[addon.service].add(app.name)
            first.setdefault(addon.service, (addon.title, addon.target))
    return tuple(
        AddonInventoryEntry(
            service,
            first[service][0],
            first[service][1],
            len(names[service]),
            tuple(sorted(plans[service])),
            tuple(sorted(users[service])),
        )
        for service in sorted(names)
    )


def _shared(apps: tuple[AppAssessment, ...]) -> tuple[SharedAddon, ...]:
    assessed = {app.name for app in apps}
    users: dict[str, set[str]] = defaultdict(set)
    attached: dict[str, set[str]] = defaultdict(set)
    service: dict[str, str] = {}
    for app in apps:
        for addon in app.addons:
            users[addon.name].add(app.name)
            attached[addon.name].update(addon.shared_with)
            service.setdefault(addon.name, addon.service)
    shared = []
    for name in sorted(users):
        outside = attached[name] - assessed
        if len(users[name]) > 1 or attached[name]:
            shared.append(
                SharedAddon(
                    name,
                    service[name],
                    tuple(sorted(users[name] | (attached[name] & assessed))),
                    tuple(sorted(outside)),
                )
            )
    return tuple(shared)


def _groups(apps: tuple[AppAssessment, ...]) -> list[tuple[str, ...]]:
    """Apps connected by a shared add-on (same add-on name, or attached to each other)."""
    parent = {app.name: app.name for app in apps}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    holders: dict[str, list[str]] = defaultdict(list)
    for app in apps:
        for addon in app.addons:
            holders[addon.name].append(app.name)
            for other in addon.shared_with:
                if other in parent:
                    union(app.name, other)
    for names in holders.values():
        for other in names[1:]:
            union(names[0], other)
    groups: dict[str, list[str]] = defaultdict(list)
    for app in apps:
        groups[find(app.name)].append(app.name)
    return [tuple(sorted(set(members))) for members in groups.values()]


def _waves(apps: tuple[AppAssessment, ...]) -> tuple[Wave, ...]:
    by_name = {app.name: app for app in apps}
    tiers: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for group in _groups(apps):
        members = [by_name[name] for name in group]
        blockers = {f.code for app in members for f in app.blockers}
        if blockers - {"addon-shared"}:
            tier = 3
        elif blockers or len(group) > 1:
            tier = 2
        elif any(app.moves_data for app in members):
            tier = 1
        else:
            tier = 0
        # Simplest first inside a tier: fewer workloads and add-ons, then by name.
        weight = sum(len(app.processes) + len(app.addons) + len(app.cron_jobs) for app in members)
        tiers[tier].append((weight, group))
    waves: list[Wave] = []
    for tier in sorted(tiers):
        groups = tuple(group for _, group in sorted(tiers[tier]))
        waves.append(Wave(len(waves) + 1, _TIERS[tier], groups))
    return tuple(waves)
