"""Geometry for the page's pictures: numbers only, drawn as SVG by ``templates/report.html.j2``.

Keeping the layout here (plain dataclasses) and the markup in the template means every name a
user controls reaches the page through Jinja's autoescape, never through string building.
"""

from __future__ import annotations

from dataclasses import dataclass

from herokube.assess.cost import CostReport
from herokube.assess.fleet import Fleet

__all__ = [
    "Bar",
    "Box",
    "Chart",
    "Link",
    "Picture",
    "capacity_chart",
    "shared_graph",
    "waves_lanes",
]

_ROW = 34
_WIDTH = 960


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    label: str
    kind: str
    """A CSS class: ``wave``, ``group``, ``addon``, ``app``, ``outside``."""
    anchor: str = ""
    """The page fragment the box links to (``#app-name``), or none."""


@dataclass(frozen=True)
class Link:
    x1: int
    y1: int
    x2: int
    y2: int
    dashed: bool = False


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    boxes: tuple[Box, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    cpu_width: int
    memory_width: int
    cpu_text: str
    memory_text: str
    nodes: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    scale_x: int
    """Where the bars start."""
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[int, str], ...]
    """Node boundaries: x and label."""


def anchor(app: str) -> str:
    """The fragment id of an app's section (a name is ``[a-z0-9-]`` on Heroku, but be safe)."""
    return "app-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in app)


def waves_lanes(fleet: Fleet) -> Picture:
    """One lane per wave, left to right in order; inside, a box per group that moves together."""
    boxes: list[Box] = []
    links: list[Link] = []
    lanes = max(1, len(fleet.waves))
    lane_width = (_WIDTH - 20) // lanes
    tallest = 0
    for index, wave in enumerate(fleet.waves):
        x = 10 + index * lane_width
        y = 44
        for group in wave.groups:
            height = 12 + len(group) * 24
            boxes.append(Box(x + 8, y, lane_width - 16, height, "", "group"))
            for row, name in enumerate(group):
                boxes.append(
                    Box(x + 14, y + 6 + row * 24, lane_width - 28, 20, name, "app", anchor(name))
                )
            y += height + 10
        tallest = max(tallest, y)
        boxes.insert(0, Box(x, 8, lane_width - 4, 0, f"Wave {wave.number}", "wave"))
        if index:
            links.append(Link(x - 10, 24, x + 2, 24))
    height = max(tallest, 80) + 6
    boxes = [
        Box(b.x, b.y, b.width, height - 12, b.label, b.kind) if b.kind == "wave" else b
        for b in boxes
    ]
    return Picture(_WIDTH, height, tuple(boxes), tuple(links))


def shared_graph(fleet: Fleet) -> Picture:
    """Shared add-ons on the left, apps on the right, a line for each use (dashed: not assessed)."""
    addons = fleet.shared
    apps = sorted({name for s in addons for name in (*s.apps, *s.outside)})
    outside = {name for s in addons for name in s.outside}
    rows = max(len(addons), len(apps), 1)
    height = 20 + rows * _ROW
    left, right, box = 20, _WIDTH - 340, 320
    app_y = {name: 14 + i * _ROW for i, name in enumerate(apps)}
    boxes = [
        Box(
            right,
            y,
            box,
            24,
            name,
            "outside" if name in outside else "app",
            "" if name in outside else anchor(name),
        )
        for name, y in app_y.items()
    ]
    links = []
    for i, shared in enumerate(addons):
        y = 14 + i * _ROW
        boxes.append(Box(left, y, box, 24, f"{shared.name} · {shared.service}", "addon"))
        for name in shared.apps:
            links.append(Link(left + box, y + 12, right, app_y[name] + 12))
        for name in shared.outside:
            links.append(Link(left + box, y + 12, right, app_y[name] + 12, dashed=True))
    return Picture(_WIDTH, height, tuple(boxes), tuple(links))


def capacity_chart(cost: CostReport, node_cpu: int, node_memory: int) -> Chart:
    """Per environment, CPU and memory requested as bars on one scale: whole nodes' allocatable."""
    start, usable = 150, _WIDTH - 150 - 180
    most = max([1, *(e.nodes for e in cost.environments)])
    per_node = usable / most
    bars = []
    for index, env in enumerate(cost.environments):
        bars.append(
            Bar(
                env.environment,
                10 + index * 56,
                round(per_node * env.cpu_millicores / node_cpu) if node_cpu else 0,
                round(per_node * env.memory_mb / node_memory) if node_memory else 0,
                f"{env.cpu_millicores / 1000:.2f} vCPU",
                f"{env.memory_mb / 1024:.1f} GiB",
                env.nodes,
            )
        )
    ticks = tuple((start + round(per_node * n), str(n)) for n in range(most + 1))
    return Chart(_WIDTH, 30 + len(bars) * 56, start, tuple(bars), ticks)
