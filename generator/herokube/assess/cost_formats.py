"""The cost table as text, markdown and JSON, and the waves and shared add-ons as Mermaid.

Every format builds its rows from the same functions (``summary_rows``, ``line_rows``), so
a figure reads the same in a terminal, a pull request, a script and the HTML page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from herokube.assess.cost import AppCost, CostLine, CostReport, Total, dollars
from herokube.assess.fleet import Fleet

__all__ = [
    "cost_json",
    "cost_markdown",
    "cost_text",
    "line_rows",
    "SUMMARY_HEADERS",
    "mermaid_shared",
    "mermaid_waves",
    "summary_rows",
    "total_text",
]

_WIDTH = 100
_INDENT = "  "


def total_text(total: Total) -> str:
    """``$1,125``, ``$1,125 + 2 unpriced`` when some lines have no price, ``no price`` for none."""
    if total.unpriced and not total.priced:
        return "no price"
    text = dollars(total.cents)
    return f"{text} + {total.unpriced} unpriced" if total.unpriced else text


SUMMARY_HEADERS = ("app", "Heroku dynos", "Heroku add-ons", "Heroku", "Kubernetes")


def _named_costs(report: CostReport) -> list[tuple[str, AppCost | CostReport]]:
    return [*((a.app, a) for a in report.apps), ("all apps", report)]


def summary_rows(report: CostReport) -> list[tuple[str, ...]]:
    """App, Heroku (dynos, add-ons, all) and Kubernetes a month; all apps last (whole nodes)."""
    return [
        (
            name,
            total_text(cost.heroku_dynos),
            total_text(cost.heroku_addons),
            total_text(cost.heroku_total),
            total_text(cost.kubernetes_total),
        )
        for name, cost in _named_costs(report)
    ]


def line_rows(lines: Sequence[CostLine]) -> list[tuple[str, str, str]]:
    return [(line.item, line.detail, dollars(line.cents)) for line in lines]


def environment_rows(report: CostReport) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            e.environment,
            f"{e.cpu_millicores / 1000:.2f}",
            f"{e.memory_mb / 1024:.1f} GiB",
            str(e.nodes),
            dollars(e.cents),
        )
        for e in report.environments
    ]


# ---------------------------------------------------------------------------------------- text


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str) -> list[str]:
    """Aligned columns; the second column wraps so that a line stays within 100 columns."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    if len(widths) > 2:
        rest = sum(w for i, w in enumerate(widths) if i != 1) + 2 * (len(widths) - 1)
        widths[1] = min(widths[1], max(16, _WIDTH - len(indent) - rest))
    lines = []
    for row in [headers, *rows]:
        pieces = textwrap.wrap(row[1], widths[1], break_on_hyphens=False) or [""]
        for number, piece in enumerate(pieces):
            cells = [piece if i == 1 else (row[i] if number == 0 else "") for i in range(len(row))]
            # Money aligns right.
            padded = [
                c.rjust(widths[i]) if i == len(row) - 1 and len(row) > 2 else c.ljust(widths[i])
                for i, c in enumerate(cells)
            ]
            lines.append((indent + "  ".join(padded)).rstrip())
    return lines


def _app_text(cost: AppCost) -> list[str]:
    lines = [f"{_INDENT}{cost.app}: Heroku today"]
    lines += _table(("ITEM", "PRICE", "A MONTH"), line_rows(cost.heroku), _INDENT * 2)
    lines += [f"{_INDENT}{cost.app}: on Kubernetes ({cost.production})"]
    lines += _table(("ITEM", "PRICE", "A MONTH"), line_rows(cost.kubernetes), _INDENT * 2)
    return lines


def cost_text(report: CostReport) -> list[str]:
    """The cost section of ``--format text``."""
    lines = ["== Cost a month: Heroku today and a Kubernetes estimate (USD) ==", ""]
    lines += _table([h.upper() for h in SUMMARY_HEADERS], summary_rows(report), _INDENT)
    for cost in report.apps:
        lines += ["", *_app_text(cost)]
    lines += ["", "Nodes per environment"]
    lines += _table(
        ("ENVIRONMENT", "CPU (vCPU)", "MEMORY", "NODES", "A MONTH"),
        environment_rows(report),
        _INDENT,
    )
    lines += ["", "Assumptions"]
    for assumption in report.assumptions:
        lines += textwrap.wrap(
            assumption,
            _WIDTH,
            initial_indent=_INDENT + "- ",
            subsequent_indent=_INDENT * 2,
            break_on_hyphens=False,
        )
    return lines


# ------------------------------------------------------------------------------------ markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def cost_markdown(report: CostReport, level: str = "##") -> list[str]:
    """The cost section of ``--format markdown``."""
    lines = [f"{level} Cost a month (USD)", ""]
    lines += _md_table(SUMMARY_HEADERS, summary_rows(report))
    for cost in report.apps:
        lines += ["", f"{level}# {cost.app}", ""]
        lines += _md_table(("Heroku", "price", "a month"), line_rows(cost.heroku))
        lines += [""]
        lines += _md_table(
            (f"Kubernetes ({cost.production})", "price", "a month"), line_rows(cost.kubernetes)
        )
    lines += ["", f"{level}# Nodes per environment", ""]
    lines += _md_table(
        ("environment", "CPU (vCPU)", "memory", "nodes", "a month"), environment_rows(report)
    )
    lines += ["", f"{level}# Assumptions", ""]
    lines += [f"- {_cell(a)}" for a in report.assumptions]
    return lines


def _node_id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _label(text: str) -> str:
    # Mermaid labels go in double quotes; a quote or markup inside becomes its entity code.
    return '"' + text.replace("&", "#38;").replace('"', "#34;").replace("<", "#60;") + '"'


def mermaid_waves(fleet: Fleet) -> list[str]:
    """The migration waves as a left-to-right Mermaid flowchart: one box per wave, in order."""
    lines = ["```mermaid", "flowchart LR"]
    for wave in fleet.waves:
        wave_id = f"wave{wave.number}"
        lines.append(f"  subgraph {wave_id}[{_label(f'Wave {wave.number}')}]")
        for index, group in enumerate(wave.groups):
            lines.append(f"    {wave_id}_{index}[{_label(' + '.join(group))}]")
        lines.append("  end")
    lines += [
        f"  wave{a.number} --> wave{b.number}"
        for a, b in zip(fleet.waves, fleet.waves[1:], strict=False)
    ]
    return [*lines, "```"]


def mermaid_shared(fleet: Fleet) -> list[str]:
    """Shared add-ons as a Mermaid graph: each add-on linked to the apps that use it."""
    lines = ["```mermaid", "flowchart LR"]
    apps = sorted({name for s in fleet.shared for name in (*s.apps, *s.outside)})
    lines += [f"  {_node_id('app_', name)}([{_label(name)}])" for name in apps]
    for shared in fleet.shared:
        addon = _node_id("addon_", shared.name)
        lines.append(f"  {addon}[({_label(f'{shared.name} · {shared.service}')})]")
        lines += [f"  {addon} --- {_node_id('app_', name)}" for name in shared.apps]
        lines += [f"  {addon} -.- {_node_id('app_', name)}" for name in shared.outside]
    return [*lines, "```"]


# ---------------------------------------------------------------------------------------- json


def cost_json(report: CostReport) -> dict[str, Any]:
    """The cost report as plain data (cents; ``null`` where no price is known)."""
    return asdict(report)
