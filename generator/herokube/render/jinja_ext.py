"""Jinja filters for the Copier template: data goes through a YAML or JSON library, never text.

``{{ chart_values | to_yaml }}`` writes a whole document with ruamel.yaml;
``{{ value | tojson }}`` (Jinja's own) writes one scalar that YAML reads back unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment
from jinja2.ext import Extension

from herokube.yamlio import dump_yaml

__all__ = ["HerokubeFilters"]


def _plain(data: Any) -> Any:
    # Copier hands answers over as its own types; a JSON round trip makes them plain.
    return json.loads(json.dumps(data))


class HerokubeFilters(Extension):
    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.filters["to_yaml"] = lambda data: dump_yaml(_plain(data))
        environment.filters["to_json"] = lambda data: json.dumps(
            _plain(data), indent=2, sort_keys=False
        )
