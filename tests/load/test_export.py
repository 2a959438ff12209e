import json
from pathlib import Path

import pytest

from herokube.errors import UserError
from herokube.load import Inputs, load_app
from herokube.load.export import read_export
from herokube.model import ConfigVar
from herokube_testing import EXAMPLES, shared_dir


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "app.export.json"
    path.write_text(json.dumps(document))
    return path


MINIMAL = {
    "schema_version": "heroku-app-export/v1",
    "app": {"name": "tiny-app"},
    "formation": [{"type": "web", "command": "node s.js", "quantity": 1}],
}


def test_the_shared_full_example_loads() -> None:
    app = load_app(Inputs(shared_dir("export-format", "example-acme-shop.json"), None))
    assert [p.name for p in app.processes] == ["web", "worker", "clock", "release"]
    assert app.dyno_sizes["standard-2x"].memory_mb == 1024
    assert {v.name for v in app.config_vars if v.secret} >= {"DATABASE_URL", "SECRET_KEY_BASE"}
    assert app.scheduler_jobs is not None and len(app.scheduler_jobs) == 3


def test_unknown_keys_are_kept_as_notices(tmp_path: Path) -> None:
    document = {
        **MINIMAL,
        "future_section": {"x": 1},
        "app": {"name": "tiny-app", "new_flag": True},
    }
    _, notices = read_export(_write(tmp_path, document))
    assert sorted(
        n.source.split(": ", 1)[1] for n in notices if n.code == "export-unknown-key"
    ) == ["app.new_flag", "future_section"]


@pytest.mark.parametrize(
    "size",
    ["Standard-1X", "standard-1x", "Hobby", "1X", "2X", "PX", "dyno-2c-4gb", "Performance-M"],
)
def test_dyno_size_names_compare_case_insensitively(tmp_path: Path, size: str) -> None:
    document = {
        **MINIMAL,
        "formation": [{"type": "web", "command": "x", "quantity": 1, "size": size}],
    }
    app = load_app(Inputs(_write(tmp_path, document), None))
    assert size.lower() in app.dyno_sizes


def test_fir_sizes_state_their_resources() -> None:
    from herokube.blueprints import load_blueprints
    from herokube.load.sizes import resolve_size

    size = resolve_size("dyno-2c-4gb", {}, load_blueprints())
    assert size is not None and (size.cpu_millicores, size.memory_mb) == (2000, 4096)


def test_export_dyno_sizes_win_over_the_blueprints(tmp_path: Path) -> None:
    document = {
        **MINIMAL,
        "formation": [{"type": "web", "command": "x", "quantity": 1, "size": "Custom-Big"}],
        "dyno_sizes": {"Custom-Big": {"memory_gb": 3, "compute": 4, "dedicated": False}},
    }
    app = load_app(Inputs(_write(tmp_path, document), None))
    assert app.dyno_sizes["custom-big"].memory_mb == 3072


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"app": {}}, "app.name"),
        ({"app": {"name": "../etc"}}, "app.name"),
        ({"app": {"name": "Bad_Name"}}, "app.name"),
        ({"formation": [{"type": "web", "command": "x", "quantity": -1}]}, "formation[0].quantity"),
        (
            {"formation": [{"type": "web", "command": "x", "quantity": "2"}]},
            "formation[0].quantity",
        ),
        ({"formation": [{"type": "web.1", "command": "x", "quantity": 1}]}, "formation[0].type"),
        (
            {"formation": [{"type": "web", "command": "x", "quantity": 1, "size": "Gigantic-9X"}]},
            "formation[0].size",
        ),
        ({"schema_version": "heroku-app-export/v9"}, "schema_version"),
        (
            {"scheduler_jobs": [{"command": "x", "every_minutes": 5}]},
            "scheduler_jobs[0].every_minutes",
        ),
        ({"config_vars": [{"name": "A", "value": 3}]}, "config_vars[0].value"),
    ],
)
def test_bad_input_names_the_file_and_field(tmp_path: Path, change: dict, field: str) -> None:
    path = _write(tmp_path, {**MINIMAL, **change})
    with pytest.raises(UserError) as raised:
        load_app(Inputs(path, None))
    assert raised.value.source == str(path)
    assert raised.value.field == field


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": ')
    with pytest.raises(UserError) as raised:
        read_export(path)
    assert raised.value.source == str(path)
    assert raised.value.field == "line 1 column 20"


def test_secret_values_never_enter_the_model(tmp_path: Path) -> None:
    document = {
        **MINIMAL,
        "exporter": {"secrets": "included"},
        "config_vars": [
            {"name": "API_TOKEN", "value": "tok-123456", "secret": True},
            {"name": "CALLBACK", "value": "https://user:pa55word@hooks.example"},
            {"name": "PLAIN", "value": "ok"},
        ],
    }
    app = load_app(Inputs(_write(tmp_path, document), None))
    values = {v.name: (v.value, v.secret) for v in app.config_vars}
    assert values == {"API_TOKEN": (None, True), "CALLBACK": (None, True), "PLAIN": ("ok", False)}


def test_the_example_export_pairs_with_its_source_tree() -> None:
    app = load_app(Inputs(EXAMPLES / "bookshelf" / "export.json", EXAMPLES / "bookshelf" / "src"))
    assert app.process("sidekiq_critical") is not None
    assert app.process("web").quantity == 4  # the export wins for what Heroku ran


@pytest.mark.parametrize(
    ("description", "command", "language"),
    [
        (None, "node server.js", "node"),
        (None, "gunicorn app:app", "python"),
        ("Ruby/Rails", "./bin/start", "ruby"),
        (None, "vendor/bin/heroku-php-apache2 web/", "php"),
    ],
)
def test_without_a_tree_the_language_comes_from_what_heroku_ran(
    tmp_path: Path, description: str | None, command: str, language: str
) -> None:
    app_section = {"name": "tiny-app", "buildpack_provided_description": description}
    document = {
        **MINIMAL,
        "app": app_section,
        "formation": [{"type": "web", "command": command, "quantity": 1}],
    }
    app = load_app(Inputs(_write(tmp_path, document), None))
    assert app.runtime is not None and app.runtime.language == language
    assert "runtime-guessed" in {n.code for n in app.notices}


def test_a_password_in_a_command_moves_into_a_secret_variable(tmp_path: Path) -> None:
    command = "curl -fsS https://bot:hunter2@hooks.example/ping"
    document = {**MINIMAL, "scheduler_jobs": [{"command": command, "every_minutes": 10}]}
    app = load_app(Inputs(_write(tmp_path, document), None))
    assert app.scheduler_jobs is not None
    moved = app.scheduler_jobs[0].command
    assert moved == 'curl -fsS "https://${HEROKUBE_SECRET_SCHEDULER_1_1}@hooks.example/ping"'
    assert [v for v in app.config_vars if v.name == "HEROKUBE_SECRET_SCHEDULER_1_1"] == [
        ConfigVar("HEROKUBE_SECRET_SCHEDULER_1_1", None, True, "user")
    ]
    assert "command-credential-moved" in {n.code for n in app.notices}


def test_a_password_mixed_with_an_expansion_is_refused(tmp_path: Path) -> None:
    command = 'curl -fsS "https://bot:hunter2@hooks.example/$CHANNEL"'
    document = {**MINIMAL, "scheduler_jobs": [{"command": command, "every_minutes": 10}]}
    path = _write(tmp_path, document)
    with pytest.raises(UserError) as raised:
        load_app(Inputs(path, None))
    assert (raised.value.source, raised.value.field) == (str(path), "scheduler_jobs[0]")
    assert "hunter2" not in raised.value.line()
