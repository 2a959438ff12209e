"""Jinja filters for the Copier template: data goes through a YAML or JSON library, never text.

``{{ chart_values | to_yaml }}`` writes a whole document with ruamel.yaml;
``{{ value | tojson }}`` (Jinja's own) writes one scalar that YAML reads back unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context

from herokube.blueprints import load_pinned_actions
from herokube.yamlio import dump_yaml

__all__ = ["HerokubeFilters", "pinned_action"]


def _plain(data: Any) -> Any:
    # Copier hands answers over as its own types; a JSON round trip makes them plain.
    return json.loads(json.dumps(data))


class HerokubeFilters(Extension):
    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.filters["to_yaml"] = _to_yaml
        environment.filters["to_json"] = lambda data: json.dumps(
            _plain(data), indent=2, sort_keys=False
        )
        environment.filters["pick"] = _pick
        environment.filters["omit"] = _omit
        environment.filters["pinned_action"] = _pinned_action_at_render


def _to_yaml(data: Any) -> str:
    plain = _plain(data)
    # An empty block (a key the plan did not produce) writes nothing, not a stray "{}".
    return dump_yaml(plain) if plain != {} else ""


def _pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The entries of ``data`` named by ``keys`` (absent ones skipped), in ``keys`` order."""
    return {key: data[key] for key in keys if key in data}


def _omit(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """``data`` without ``keys``: what a template did not place by name still gets written."""
    return {key: value for key, value in data.items() if key not in keys}


@pass_context
def _pinned_action_at_render(context: Context, name: str) -> str:
    # pass_context keeps Jinja's optimizer from folding the filter into the compiled template
    # (it folds filters over constants), where the compile caches would keep an old pin.
    return pinned_action(name)


def pinned_action(name: str) -> str:
    """``uses:`` text for ``name``: ``owner/repo@<sha> # <version>``, from the pinned table.

    An action not in ``blueprints/github-actions.yaml`` raises, so no workflow is written with a
    tag a publisher could move.
    """
    action = load_pinned_actions().get(name)
    if action is None:
        raise KeyError(f"{name} is not pinned in blueprints/github-actions.yaml")
    return f"{name}@{action.sha} # {action.version}"
