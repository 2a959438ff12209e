"""``--format html``: the assessment as one self-contained page a platform lead reads.

Styles and pictures are inline (hand-written SVG from ``templates/report.html.j2``), there is no
script and nothing is fetched: the page opens offline, from a mail attachment, and prints. Every
name comes from user data, so the template runs with autoescape on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from herokube.assess import cost_formats, svg
from herokube.assess.fleet import summarise

if TYPE_CHECKING:
    from herokube.assess import Assessment

__all__ = ["to_html"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("report.html.j2")


def _app_text(assessment: Assessment) -> dict[str, str]:
    """Each app's facts exactly as ``--format text`` prints them (less its title line)."""
    from herokube.assess import Assessment
    from herokube.assess.formats import to_text

    texts = {}
    for app in assessment.apps:
        text = to_text(Assessment((app,), None))
        texts[app.name] = text.split("\n", 1)[1].strip("\n")
    return texts


def _overview(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "name": app.name,
            "anchor": svg.anchor(app.name),
            "language": app.language,
            "processes": len(app.processes),
            "addons": len(app.addons),
            "blockers": len(app.blockers),
            "decisions": len(app.decisions),
        }
        for app in assessment.apps
    ]


def to_html(assessment: Assessment) -> str:
    """The page, deterministic: the same assessment gives the same bytes."""
    # One app has no fleet summary in the other formats; the page still draws its wave and capacity.
    fleet = assessment.fleet or summarise(assessment.apps, assessment.node_size)
    cost = assessment.cost
    node = fleet.node_size
    context = {
        "title": (
            f"Heroku migration assessment: {assessment.apps[0].name}"
            if len(assessment.apps) == 1
            else f"Heroku migration assessment: {len(assessment.apps)} apps"
        ),
        "overview": _overview(assessment),
        "fleet": fleet,
        "waves": svg.waves_lanes(fleet),
        "shared": svg.shared_graph(fleet) if fleet.shared else None,
        "capacity": svg.capacity_chart(cost, node.cpu_millicores, node.memory_mb) if cost else None,
        "node_label": node.label,
        "cost": cost,
        "summary_rows": cost_formats.summary_rows(cost) if cost else [],
        "summary_headers": cost_formats.SUMMARY_HEADERS,
        "line_rows": cost_formats.line_rows,
        "environment_rows": cost_formats.environment_rows(cost) if cost else [],
        "total_text": cost_formats.total_text,
        "apps": assessment.apps,
        "app_text": _app_text(assessment),
        "anchor": svg.anchor,
    }
    return _template().render(context)
