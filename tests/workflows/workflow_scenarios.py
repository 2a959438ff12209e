"""The apps the workflow tests render, and the hostile text that must never reach a workflow."""

from __future__ import annotations

import json
from pathlib import Path

from herokube_testing import EXAMPLE_ARGS

# Text that must never reach a workflow: GitHub would evaluate it.
HOSTILE_SETUP = "bin/setup ${{ secrets.DEPLOY_KEY }} && echo '${{ github.token }}'"
HOSTILE_TEST = 'npm test -- --reporter "${{ toJSON(secrets) }}"'
SCENARIOS = (*EXAMPLE_ARGS, "heroku-ci", "heroku-ci-into")


def heroku_ci_app(root: Path) -> Path:
    """A Node app whose app.json has Heroku CI's test environment."""
    root.mkdir(parents=True)
    app_json = {
        "name": "shop",
        "repository": "https://github.com/acme/shop",
        "scripts": {"test": "echo the base script is replaced"},
        "addons": ["heroku-postgresql:essential-0"],
        "environments": {
            "test": {
                "scripts": {"test-setup": HOSTILE_SETUP, "test": HOSTILE_TEST},
                "addons": [
                    "heroku-postgresql:in-dyno",
                    {"plan": "heroku-redis:in-dyno", "as": "CACHE"},
                    "papertrail:choklad",
                ],
                "formation": {"test": {"quantity": 3}},
            }
        },
    }
    (root / "app.json").write_text(json.dumps(app_json), encoding="utf-8")
    (root / "Procfile").write_text("web: node server.js\n", encoding="utf-8")
    (root / "package.json").write_text(
        json.dumps({"name": "shop", "engines": {"node": "20.x"}}), encoding="utf-8"
    )
    (root / "package-lock.json").write_text(
        json.dumps({"name": "shop", "lockfileVersion": 3, "packages": {}}), encoding="utf-8"
    )
    return root
