"""Every real Heroku app in the corpus: detected runtime, images, command, and a clean hadolint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CORPUS = Path("/work/shared/corpus")
APPS = Path(__file__).resolve().parent / "apps"

# app: (language, languages, declared version, resolved version, build image, runtime image, CMD command, notices)
EXPECTED: dict[str, tuple[str, tuple[str, ...], str, str, str, str, str, set[str]]] = {
    "errbit__errbit": (
        "ruby",
        ("ruby",),
        "4.0.6",
        "4.0.6",
        "ruby:4.0.6-slim-trixie",
        "ruby:4.0.6-slim-trixie",
        "bin/rails server",
        set(),
    ),
    "heroku__go-getting-started": (
        "go",
        ("go",),
        "1.25",
        "1.25.0",
        "golang:1.25.0-bookworm",
        "debian:bookworm-20241202-slim",
        "go-getting-started",
        {"runtime-eol"},
    ),
    "heroku__java-getting-started": (
        "java",
        ("java",),
        "17",
        "17.0.13",
        "maven:3.9.9-eclipse-temurin-17-noble",
        "eclipse-temurin:17.0.13_11-jre-noble",
        "java -jar target/java-getting-started-1.0.0-SNAPSHOT.jar",
        set(),
    ),
    "heroku__node-js-sample": (
        "node",
        ("node",),
        "4.0.0",
        "4.0.0",
        "node:4.0.0-slim",
        "node:4.0.0-slim",
        "node index.js",
        {"runtime-eol"},
    ),
    "heroku__php-getting-started": (
        "php",
        ("php",),
        "^8.1",
        "8.4.1",
        "php:8.4.1-apache-bookworm",
        "php:8.4.1-apache-bookworm",
        "exec herokube-php-apache2 /app/web",
        set(),
    ),
    "heroku__python-getting-started": (
        "python",
        ("python",),
        "3.14",
        "3.14.0",
        "python:3.14.0-slim-trixie",
        "python:3.14.0-slim-trixie",
        "gunicorn --config gunicorn.conf.py gettingstarted.wsgi",
        set(),
    ),
    "heroku__ruby-getting-started": (
        "ruby",
        ("ruby",),
        ">= 3.2, < 4.0",
        "3.4.1",
        "ruby:3.4.1-slim-bookworm",
        "ruby:3.4.1-slim-bookworm",
        "bundle exec puma -C config/puma.rb",
        set(),
    ),
    "huginn__huginn": (
        "ruby",
        ("node", "ruby"),
        ">=3.4.0",
        "4.0.6",
        "ruby:4.0.6-slim-trixie",
        "ruby:4.0.6-slim-trixie",
        "bundle exec puma -C ./deployment/heroku/puma.rb",
        {"buildpack-system-packages"},
    ),
    "miguelgrinberg__microblog": (
        "python",
        ("python",),
        "3.13.1",
        "3.13.1",
        "python:3.13.1-slim-bookworm",
        "python:3.13.1-slim-bookworm",
        "flask db upgrade; flask translate compile; gunicorn microblog:app",
        set(),
    ),
    "outline__outline": (
        "node",
        ("node",),
        ">=20.12 <21 || 22 || 24 <24.17.0 || 26 <26.3.1",
        "26.3.0",
        "node:26.3.0-trixie-slim",
        "node:26.3.0-trixie-slim",
        "yarn start --services=web,websockets,collaboration",
        {"build-step-needs-database"},
    ),
    "parse-community__parse-server-example": (
        "node",
        ("node",),
        ">=18.20.4 <19.0.0 || >=20.18.0 <21.0.0 || >=22.12.0 <23.0.0",
        "22.14.0",
        "node:22.14.0-bookworm-slim",
        "node:22.14.0-bookworm-slim",
        "npm start",
        {"no-procfile"},
    ),
    "sosedoff__pgweb": (
        "go",
        ("go",),
        "1.20",
        "1.20.14",
        "golang:1.20.14-bookworm",
        "debian:bookworm-20241202-slim",
        "pgweb --url=$DATABASE_URL --listen=$PORT --bind=0.0.0.0 --auth-user=$AUTH_USER --auth-pass=$AUTH_PASS",
        {"runtime-eol"},
    ),
    "wagtail__bakerydemo": (
        "python",
        ("python",),
        "3.12.1",
        "3.12.1",
        "python:3.12.1-slim-bookworm",
        "python:3.12.1-slim-bookworm",
        "uwsgi ./etc/uwsgi.ini",
        {"runtime-multiple-languages", "python-runtime-txt"},
    ),
}

# Source trees of our own, for languages and tools the corpus lacks.
EXPECTED_APPS: dict[str, tuple[str, str, str, str]] = {
    "phoenix": (
        "elixir",
        "hexpm/elixir:1.17.3-erlang-27.1.2-debian-bookworm-20241016-slim",
        "debian:bookworm-20241016-slim",
        "exec /app/bin/hello start",
    ),
    "scala-play": (
        "scala",
        "eclipse-temurin:21.0.5_11-jdk-noble",
        "eclipse-temurin:21.0.5_11-jre-noble",
        "target/universal/stage/bin/play-scala-seed -Dhttp.port=$PORT -Dpidfile.path=/dev/null",
    ),
    "gradle-kts": (
        "java",
        "eclipse-temurin:21.0.5_11-jdk-noble",
        "eclipse-temurin:21.0.5_11-jre-noble",
        "java -Dserver.port=$PORT $JAVA_OPTS -jar build/libs/*.jar",
    ),
    "pnpm": ("node", "node:20.18.1-bookworm-slim", "node:20.18.1-bookworm-slim", "npm start"),
    "laravel-nginx": (
        "php",
        "php:8.4.1-fpm-bookworm",
        "php:8.4.1-fpm-bookworm",
        "exec herokube-php-nginx /app/public",
    ),
    "poetry": (
        "python",
        "python:3.12.8-slim-bookworm",
        "python:3.12.8-slim-bookworm",
        "gunicorn app:app",
    ),
    "uv": (
        "python",
        "python:3.13.1-slim-bookworm",
        "python:3.13.1-slim-bookworm",
        "uvicorn main:app --host 0.0.0.0 --port $PORT",
    ),
    "pipfile": (
        "python",
        "python:3.11.11-slim-bookworm",
        "python:3.11.11-slim-bookworm",
        "gunicorn mysite.wsgi",
    ),
    "yarn-berry": (
        "node",
        "node:20.19.1-bookworm-slim",
        "node:20.19.1-bookworm-slim",
        "yarn start",
    ),
    "phoenix-static": (
        "elixir",
        "hexpm/elixir:1.14.5-erlang-25.3.2.15-debian-bookworm-20241016-slim",
        "debian:bookworm-20241016-slim",
        "exec /app/bin/shop start",
    ),
    "laravel-node": (
        "php",
        "php:8.4.1-apache-bookworm",
        "php:8.4.1-apache-bookworm",
        "exec herokube-php-apache2 /app/public",
    ),
    "django-config": (
        "python",
        "python:3.12.8-slim-bookworm",
        "python:3.12.8-slim-bookworm",
        "gunicorn shop.wsgi",
    ),
    "celery-beat": (
        "python",
        "python:3.12.8-slim-bookworm",
        "python:3.12.8-slim-bookworm",
        "celery -A proj beat -l info --schedule /var/lib/celery/celerybeat-schedule",
    ),
    "unknown-buildpack": (
        "node",
        "node:20.19.1-bookworm-slim",
        "node:20.19.1-bookworm-slim",
        "node server.js",
    ),
}


def test_corpus_table_is_complete() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    present = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert present <= set(EXPECTED), (
        f"new corpus apps need a row: {sorted(present - set(EXPECTED))}"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_app(name: str, rt: Any) -> None:
    root = rt.corpus_app(name)
    language, languages, declared, resolved, build, runtime_image, cmd, notices = EXPECTED[name]
    runtime, found_notices = rt.detect_dir(root)
    text, answers, _ = rt.render_app(root, name.split("__")[1])
    assert runtime.language == language
    assert runtime.languages == languages
    assert runtime.version == declared
    assert runtime.facts["version_resolved"] == resolved
    assert answers["images"]["build"] == build
    assert answers["images"]["runtime"] == runtime_image
    assert answers["cmd"] == cmd
    assert f"FROM {runtime_image} AS runtime" in text
    codes = {n.code for n in found_notices}
    assert notices <= codes, codes
    assert "runtime-version-unreadable" not in codes


@pytest.mark.parametrize("name", sorted(EXPECTED_APPS))
def test_own_app(name: str, rt: Any) -> None:
    language, build, runtime_image, cmd = EXPECTED_APPS[name]
    _, answers, runtime = rt.render_app(APPS / name, name)
    assert runtime.language == language
    assert answers["images"]["build"] == build
    assert answers["images"]["runtime"] == runtime_image
    assert answers["cmd"] == cmd


def _all_apps() -> list[Path]:
    apps = sorted(p for p in APPS.iterdir() if p.is_dir())
    if CORPUS.is_dir():
        apps += sorted(p for p in CORPUS.iterdir() if p.is_dir())
    return apps


@pytest.mark.parametrize("root", _all_apps(), ids=lambda p: p.name)
def test_dockerfile_passes_hadolint(root: Path, rt: Any, tmp_path: Path) -> None:
    text, _, _ = rt.render_app(root, root.name)
    findings = rt.hadolint(text, tmp_path)
    errors = [f for f in findings if f["level"] == "error"]
    warnings = [f for f in findings if f["level"] == "warning"]
    assert not errors, errors
    # Only info-level findings remain (DL3059 consecutive RUNs, kept for readable cache layers;
    # SC2016 single quotes that are meant literally; DL3060 yarn cache). See docs/runtimes.md.
    assert not warnings, warnings
    assert {f["code"] for f in findings} <= {"DL3059", "SC2016", "DL3060"}


@pytest.mark.parametrize("root", _all_apps(), ids=lambda p: p.name)
def test_dockerfile_contract(root: Path, rt: Any) -> None:
    text, answers, _ = rt.render_app(root, root.name)
    lines = text.splitlines()
    assert lines[0] == "# syntax=docker/dockerfile:1"
    assert "WORKDIR /app" in lines
    assert lines[-4:] == [
        "USER 10001:10001",
        "EXPOSE 8080",
        'ENTRYPOINT ["/usr/bin/tini", "-g", "--"]',
        f"CMD {answers['cmd_json']}",
    ]
    assert 'PORT="8080"' in text
    assert "COPY --from=tini /usr/bin/tini-static /usr/bin/tini" in text
    assert text.count("\nFROM ") >= 3
    assert text.endswith("\n") and "{{" not in text and "{%" not in text
    ignore = rt.render(".dockerignore.jinja", answers, root.name)
    assert ".git" in ignore.splitlines()
