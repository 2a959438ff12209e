"""A pin is read when a workflow is rendered, never baked into a compiled template."""

from __future__ import annotations

from jinja2 import Environment

from herokube.render.jinja_ext import HerokubeFilters


def test_the_pin_table_is_read_at_render_time_not_compile_time(monkeypatch) -> None:
    environment = Environment(extensions=[HerokubeFilters])
    template = environment.from_string('{{ "actions/checkout" | pinned_action }}')
    before = template.render()
    # Jinja folds filters over constants while compiling; compiled templates are cached on
    # disk and in memory, so a folded pin would outlive an edit of blueprints/github-actions.yaml.
    monkeypatch.setattr("herokube.render.jinja_ext.pinned_action", lambda name: f"{name}@new # v9")
    assert template.render() == "actions/checkout@new # v9" != before
