"""Property: for any export the v1 schema allows and any app.json, ``new`` exits 0 and
``validate`` accepts what it wrote, or ``new`` exits 2 with one line and writes nothing.

Exports come from the export schema itself (hypothesis-jsonschema); app.json files from a
strategy of the shapes real files use (corpus), with hostile names and values mixed in. The
budgets are fixed and the runs derandomized, so CI sees the same inputs every time and the
whole file stays under a minute: many inputs through load and plan (cheap: most refusals
happen there), fewer through the full ``new`` + ``validate`` (about two seconds each).
Run with ``--hypothesis-show-statistics`` to see how many were carried and refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, event, given, settings
from hypothesis_jsonschema import from_schema

from herokube.errors import UserError
from herokube_testing import REPO_ROOT, run_herokube

SCHEMA = json.loads(
    (REPO_ROOT / "generator/herokube/schemas/heroku-app-export.v1.schema.json").read_text("utf-8")
)


def _runnable(export: dict[str, Any]) -> dict[str, Any]:
    """The export with a web process Heroku could have run, so it goes past the first check."""
    formation = [e for e in export.get("formation") or [] if e.get("command")]
    formation.append({"type": "web", "command": "node server.js", "quantity": 1})
    return {**export, "formation": formation}


# Cheap tier: half as generated (mostly refused early: no command), half made runnable.
EXPORTS = st.one_of(from_schema(SCHEMA), from_schema(SCHEMA).map(_runnable))
RUNNABLE_EXPORTS = from_schema(SCHEMA).map(_runnable)

_PROFILE = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
# HEROKUBE_PROPERTY_SCALE=10 multiplies the budgets for a longer hunt on a developer machine.
_SCALE = int(os.environ.get("HEROKUBE_PROPERTY_SCALE", "1"))
CHEAP = settings(max_examples=50 * _SCALE, **_PROFILE)  # type: ignore[arg-type]
FULL = settings(max_examples=6 * _SCALE, **_PROFILE)  # type: ignore[arg-type]

_CONFIG_NAMES = st.one_of(
    st.from_regex(r"\A[A-Z][A-Z0-9_]{0,15}\Z"),
    st.sampled_from(["DATABASE_URL", "PORT", "HEROKU_APP_NAME", "1BAD", "__X", "A: b"]),
    st.text(min_size=1, max_size=12),
)
_ENV_VALUES = st.one_of(
    st.text(max_size=30),
    st.fixed_dictionaries(
        {},
        optional={
            "value": st.one_of(st.text(max_size=30), st.integers(), st.booleans()),
            "required": st.booleans(),
            "generator": st.just("secret"),
            "description": st.text(max_size=20),
        },
    ),
)
_PROCESS_TYPES = st.one_of(
    st.sampled_from(["web", "worker", "release", "clock"]), st.from_regex(r"\A[a-z_-]{1,8}\Z")
)
APP_JSONS = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=30),
        "env": st.dictionaries(_CONFIG_NAMES, _ENV_VALUES, max_size=5),
        "formation": st.dictionaries(
            _PROCESS_TYPES,
            st.fixed_dictionaries(
                {},
                optional={
                    "quantity": st.integers(min_value=-2, max_value=5),
                    "size": st.sampled_from(["basic", "standard-1x", "Performance-L", "huge"]),
                },
            ),
            max_size=3,
        ),
        "addons": st.lists(
            st.one_of(
                st.sampled_from(["heroku-postgresql", "heroku-redis:mini", "papertrail"]),
                st.fixed_dictionaries({"plan": st.text(max_size=20)}),
            ),
            max_size=3,
        ),
        "scripts": st.dictionaries(
            st.sampled_from(["postdeploy", "test", "pr-predestroy"]), st.text(max_size=30)
        ),
        "stack": st.sampled_from(["heroku-22", "heroku-24", "container"]),
        "repository": st.text(max_size=40),
    },
)
PROCFILES = st.lists(
    st.tuples(_PROCESS_TYPES, st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1)),
    max_size=3,
)


def _write_tree(root: Path, app_json: dict[str, Any], procfile: list[tuple[str, str]]) -> Path:
    root.mkdir()
    (root / "app.json").write_text(json.dumps(app_json), encoding="utf-8")
    lines = "".join(f"{name}: {command}\n" for name, command in procfile)
    (root / "Procfile").write_text(lines, encoding="utf-8")
    # A start script: with an empty Procfile the buildpack's default web process applies.
    package = {"name": "generated", "scripts": {"start": "node server.js"}}
    (root / "package.json").write_text(json.dumps(package), encoding="utf-8")
    return root


def _load_and_plan(export: Path | None, tree: Path | None) -> None:
    """Load and plan; a refusal must be a one-line UserError (anything else fails the test)."""
    from herokube.load import Inputs, load_app
    from herokube.plan import PlanOptions, make_plan

    try:
        make_plan(load_app(Inputs(export, tree)), PlanOptions())
    except UserError as error:
        assert "\n" not in error.line()
        event(f"refused: {error.message[:50]}")
        return
    event("carried")


def _new_then_validate(args: list[str], workdir: Path) -> None:
    """``new`` 0 and ``validate`` 0, or ``new`` 2 with one line and nothing written."""
    out = workdir / "out" / "repo"
    done = run_herokube("new", *args, "--out", out)
    if done.code == 0:
        checked = run_herokube("validate", out)
        assert checked.code == 0, f"new exited 0 but validate failed:\n{checked.out}"
        event("new 0, validate 0")
        return
    assert done.code == 2, done.err
    lines = done.err.strip().splitlines()
    assert lines and lines[-1].startswith("herokube: ") and "Traceback" not in done.err
    assert not (workdir / "out").exists() or not any((workdir / "out").iterdir())
    event(f"new 2: {lines[-1].split(': ')[-1][:50]}")


@CHEAP
@given(EXPORTS)
def test_generated_exports_load_or_refuse_in_one_line(export: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(json.dumps(export), encoding="utf-8")
        _load_and_plan(path, None)


@CHEAP
@given(APP_JSONS, PROCFILES)
def test_generated_app_json_load_or_refuse_in_one_line(
    app_json: dict[str, Any], procfile: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _load_and_plan(None, _write_tree(Path(folder) / "app", app_json, procfile))


@FULL
@given(RUNNABLE_EXPORTS)
def test_generated_exports_new_validates_or_refuses(export: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(json.dumps(export), encoding="utf-8")
        _new_then_validate([str(path)], Path(folder))


@FULL
@given(APP_JSONS, PROCFILES)
def test_generated_app_json_new_validates_or_refuses(
    app_json: dict[str, Any], procfile: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tree = _write_tree(Path(folder) / "app", app_json, procfile)
        _new_then_validate([str(tree)], Path(folder))
