from pathlib import Path

import pytest

from herokube.errors import UserError
from herokube.load import load_app, resolve_inputs
from herokube_testing import EXAMPLES


def test_a_source_tree_alone_gives_an_app() -> None:
    app = load_app(resolve_inputs(EXAMPLES / "notes-api" / "src"))
    assert [p.name for p in app.processes] == ["web", "worker", "beat", "release"]
    assert (
        app.process("web").command
        == "gunicorn notes.wsgi --bind 0.0.0.0:${PORT:-5000} --log-file -"
    )
    assert app.process("web").quantity == 2  # app.json formation
    assert not app.from_export
    assert {a.service for a in app.addons} == {"heroku-postgresql", "heroku-redis"}
    secrets = {v.name for v in app.config_vars if v.secret}
    assert secrets == {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"}
    codes = {n.code for n in app.notices}
    assert "procfile-ignored" in codes  # Procfile.dev


def test_procfile_path_selects_another_procfile(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "Procfile.heroku").write_text("web: bundle exec puma\n")
    (tmp_path / "Procfile").write_text("web: foreman start\njobs: rake jobs\n")
    (tmp_path / "app.json").write_text('{"env": {"PROCFILE_PATH": "deploy/Procfile.heroku"}}')
    (tmp_path / "Gemfile").write_text('source "https://rubygems.org"\n')
    app = load_app(resolve_inputs(tmp_path))
    assert [(p.name, p.command) for p in app.processes] == [("web", "bundle exec puma")]


def test_a_directory_with_nothing_recognisable_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UserError) as raised:
        load_app(resolve_inputs(tmp_path))
    assert raised.value.source == str(tmp_path)


def test_a_connection_string_app_json_cannot_give_is_a_secret(tmp_path: Path) -> None:
    (tmp_path / "Procfile").write_text("web: bin/rails server\n")
    (tmp_path / "app.json").write_text(
        '{"env": {"MONGODB_URI": {"required": true}, "SITE_URL": "https://x.example"}}'
    )
    app = load_app(resolve_inputs(tmp_path))
    assert {v.name: v.secret for v in app.config_vars} == {"MONGODB_URI": True, "SITE_URL": False}
