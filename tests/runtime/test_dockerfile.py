"""Dockerfile answers: buildpack-era build steps, manifest layers and command replacements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from herokube.load.runtime import detect_runtime
from herokube.model import Runtime
from herokube.plan.dockerfile import dockerfile_answers, php_replacement

APPS = Path(__file__).resolve().parent / "apps"
CORPUS = Path("/work/shared/corpus")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("heroku-php-apache2 web/", "exec herokube-php-apache2 /app/web"),
        ("heroku-php-apache2", "exec herokube-php-apache2 /app"),
        (
            "vendor/bin/heroku-php-nginx -C nginx_app.conf public/",
            "exec herokube-php-nginx /app/public",
        ),
        (
            "heroku-php-nginx -F fpm.conf -C nginx.conf -l storage/logs/laravel.log public",
            "exec herokube-php-nginx /app/public",
        ),
        ("php artisan queue:work", None),
    ],
)
def test_php_replacement(command: str, expected: str | None) -> None:
    assert php_replacement(command) == expected


def test_php_replacement_keeps_other_processes(rt: Any) -> None:
    _, answers, _ = rt.render_app(APPS / "laravel-nginx")
    assert answers["replacement_commands"] == {"web": "exec herokube-php-nginx /app/public"}
    assert answers["php"]["server"] == "nginx"
    assert answers["php"]["extensions"] == ["intl", "pdo_pgsql"]


def test_elixir_mix_commands_become_release_commands() -> None:
    runtime, _ = detect_runtime(APPS / "phoenix")
    answers = dockerfile_answers(
        runtime, {"web": "mix phx.server", "release": "mix ecto.migrate"}, app_name="hello"
    )
    assert answers["replacement_commands"] == {
        "release": '/app/bin/hello eval "Hello.Release.migrate"',
        "web": "exec /app/bin/hello start",
    }
    assert answers["cmd"] == "exec /app/bin/hello start"
    assert answers["build_run"] == ["mix compile", "mix assets.deploy", "mix release"]


def test_requirement_includes_keep_their_folders(rt: Any) -> None:
    root = CORPUS / "wagtail__bakerydemo"
    if not root.is_dir():
        pytest.skip("corpus app wagtail__bakerydemo is absent")
    text, answers, _ = rt.render_app(root)
    assert "COPY requirements.txt ./" in text
    assert "COPY requirements/production.txt requirements/base.txt requirements/" in text
    assert answers["deps_run"][-1] == "pip install --no-cache-dir -r requirements.txt"


def test_rails_precompile_uses_a_dummy_secret(rt: Any) -> None:
    root = CORPUS / "heroku__ruby-getting-started"
    if not root.is_dir():
        pytest.skip("corpus app heroku__ruby-getting-started is absent")
    _, answers, runtime = rt.render_app(root)
    # The corpus copy has no Rakefile, so nothing to precompile; a real checkout has one.
    assert answers["runtime_env"]["RAILS_ENV"] == "production"
    assert runtime.facts["writable_paths"] == ["/app/log", "/app/tmp"]


def test_rails_with_rakefile_precompiles(tmp_path: Path) -> None:
    (tmp_path / "Gemfile").write_text("gem 'rails'\ngem 'pg'\n")
    (tmp_path / "Rakefile").write_text("")
    runtime, _ = detect_runtime(tmp_path)
    answers = dockerfile_answers(runtime, {}, app_name="x")
    assert answers["build_run"] == [
        "SECRET_KEY_BASE_DUMMY=1 SECRET_KEY_BASE=assets-precompile-placeholder bundle exec rake assets:precompile"
    ]
    assert "libpq-dev" in answers["build_packages"] and "libpq5" in answers["runtime_packages"]
    assert answers["cmd"] == "bin/rails server -p $PORT -e $RAILS_ENV"


def test_django_collectstatic_can_be_disabled(rt: Any) -> None:
    text, answers, _ = rt.render_app(APPS / "pipfile")
    assert (
        'if [ -z "$DISABLE_COLLECTSTATIC" ]; then python manage.py collectstatic --noinput; fi'
        in answers["build_run"]
    )
    assert 'DISABLE_COLLECTSTATIC=""' in text


def test_node_build_and_prune(rt: Any) -> None:
    _, answers, _ = rt.render_app(APPS / "yarn-berry")
    assert answers["deps_run"] == ["yarn install --immutable"]
    assert answers["build_run"] == [
        "yarn run heroku-postbuild",
        "yarn workspaces focus --all --production",
    ]
    assert {"from": [".yarn/releases"], "to": ".yarn/releases/"} in answers["deps_copy"]
    _, answers, _ = rt.render_app(APPS / "pnpm")
    assert answers["deps_run"] == ["pnpm install --frozen-lockfile"]
    assert answers["toolchain_setup"][0].endswith("corepack prepare pnpm@9.15.0 --activate")


def test_jvm_builds(rt: Any) -> None:
    _, answers, _ = rt.render_app(APPS / "gradle-kts")
    assert answers["build_run"] == ["./gradlew --no-daemon stage"]
    _, answers, _ = rt.render_app(APPS / "scala-play")
    assert answers["build_run"] == ["sbt -batch compile stage"]
    assert answers["downloads"][0]["url"].endswith("/v1.10.6/sbt-1.10.6.tgz")
    root = CORPUS / "heroku__java-getting-started"
    if root.is_dir():
        _, answers, runtime = rt.render_app(root)
        assert answers["build_run"] == ["mvn -B -DskipTests clean package"]
        assert runtime.facts["jvm"] is True


def test_go_builds_into_app_bin(rt: Any) -> None:
    root = CORPUS / "sosedoff__pgweb"
    if not root.is_dir():
        pytest.skip("corpus app sosedoff__pgweb is absent")
    text, answers, _ = rt.render_app(root)
    assert answers["build_run"] == ["go build -o /app/bin/ ."]
    assert 'ENV PATH="/app/bin:$PATH"' in text


def test_node_toolchain_for_a_rails_app(rt: Any) -> None:
    root = CORPUS / "huginn__huginn"
    if not root.is_dir():
        pytest.skip("corpus app huginn__huginn is absent")
    text, answers, _ = rt.render_app(root)
    assert "FROM node:22.14.0-bookworm-slim AS node" in text
    assert "COPY --from=node /usr/local/bin/node /usr/local/bin/node" in text
    assert {"graphviz", "jq"} <= set(answers["runtime_packages"])


def test_unknown_runtime_still_renders(rt: Any, tmp_path: Path) -> None:
    runtime = Runtime(language="unknown")
    answers = dockerfile_answers(runtime, {"web": "./start"}, app_name="x")
    text = rt.render("Dockerfile.jinja", answers, "x")
    assert text.endswith('CMD ["/bin/sh", "-c", "./start"]\n')
    assert not [f for f in rt.hadolint(text, tmp_path) if f["level"] == "error"]


def test_empty_answers_render(rt: Any) -> None:
    assert "FROM debian" in rt.render("Dockerfile.jinja", {}, "x")
    assert ".git" in rt.render(".dockerignore.jinja", {}, "x")


def test_answers_are_json_and_deterministic() -> None:
    runtime, _ = detect_runtime(APPS / "phoenix")
    first = json.dumps(
        dockerfile_answers(runtime, {"web": "mix phx.server"}, app_name="a"), sort_keys=True
    )
    second = json.dumps(
        dockerfile_answers(runtime, {"web": "mix phx.server"}, app_name="a"), sort_keys=True
    )
    assert first == second


def test_cmd_prefers_web_then_first_non_release() -> None:
    runtime, _ = detect_runtime(None, buildpacks=["heroku/python"])
    answers = dockerfile_answers(
        runtime, {"release": "migrate", "worker": "rq worker", "web": "gunicorn a:b"}, app_name="a"
    )
    assert answers["cmd"] == "gunicorn a:b"
    answers = dockerfile_answers(
        runtime, {"release": "migrate", "worker": "rq worker"}, app_name="a"
    )
    assert answers["cmd"] == "rq worker"
