"""Multi-buildpack apps build as Heroku built them: every buildpack in order, the right runtime."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from herokube.load.runtime import detect_runtime
from herokube.model import ConfigVar
from herokube.plan.dockerfile import build_spec

APPS = Path(__file__).resolve().parent / "apps"


def _stages(text: str) -> dict[str, str]:
    """Stage name → the FROM image (or stage) it starts from."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^FROM (\S+) AS (\S+)$", text, re.M)}


def _stage_body(text: str, name: str) -> str:
    start = text.index(f" AS {name}\n")
    end = text.find("\nFROM ", start)
    return text[start : end if end != -1 else len(text)]


def test_phoenix_with_phoenix_static_runs_on_the_elixir_release(rt: Any) -> None:
    text, answers, runtime = rt.render_app(APPS / "phoenix-static", "shop")
    assert runtime.language == "elixir"
    assert runtime.languages == ("elixir",)
    stages = _stages(text)
    assert stages["runtime"].startswith("debian:")
    assert stages["node"].startswith("node:22.")
    build = _stage_body(text, "build")
    # Elixir compiles, then phoenix-static: assets/'s deploy script and phx.digest, then release.
    assert build.index("mix compile") < build.index("npm run deploy --prefix assets")
    assert build.index("npm run deploy --prefix assets") < build.index("mix phx.digest")
    assert build.index("mix phx.digest") < build.index("mix release")
    assert "RUN npm ci --prefix assets" in _stage_body(text, "deps")
    assert "COPY assets/package.json assets/package-lock.json assets/" in text
    assert answers["cmd"] == "exec /app/bin/shop start"


def test_laravel_with_node_serves_php_and_builds_assets_with_node(rt: Any) -> None:
    text, answers, runtime = rt.render_app(APPS / "laravel-node", "blog")
    assert runtime.language == "php"
    assert runtime.languages == ("php", "node")
    stages = _stages(text)
    assert stages["runtime"].startswith("php:8.4.1-apache-")
    assert stages["node"].startswith("node:")
    build = answers["build_run"]
    # heroku/php, then heroku/nodejs's build, then Laravel's caches; dev dependencies pruned last.
    assert build.index("composer dump-autoload --no-dev --optimize") < build.index("npm run build")
    assert "php artisan event:cache" in build
    assert "php artisan config:cache" not in build
    assert build[-1] == "npm prune --production"
    assert "npm ci --include=dev" in answers["deps_run"]
    assert answers["cmd"] == "exec herokube-php-apache2 /app/public"


def test_node_listed_after_php_runs_its_build(rt: Any) -> None:
    runtime, _ = rt.detect_dir(APPS / "laravel-node")
    assert runtime.facts["toolchains"]["node"]["run_build"] is True


def test_node_added_for_ruby_assets_leaves_the_build_to_assets_precompile(
    tmp_path: Path,
) -> None:
    (tmp_path / "Gemfile").write_text('source "https://rubygems.org"\ngem "rails"\n')
    (tmp_path / "package.json").write_text(
        '{"scripts": {"build": "esbuild app/javascript/*.* --bundle"}, "dependencies": {"esbuild": "*"}}'
    )
    implicit, _ = detect_runtime(tmp_path)
    assert implicit.language == "ruby"
    assert implicit.facts["toolchains"]["node"]["run_build"] is False
    listed, _ = detect_runtime(tmp_path, buildpacks=("heroku/nodejs", "heroku/ruby"))
    assert listed.language == "ruby"
    assert listed.facts["toolchains"]["node"]["run_build"] is True


def _django(rt: Any, config: tuple[ConfigVar, ...]) -> tuple[str, Any]:
    root = APPS / "django-config"
    runtime, _ = rt.detect_dir(root)
    spec, _ = build_spec(
        runtime, rt.processes_of(root, runtime), app_name="shop", config_vars=config
    )
    return rt.render("Dockerfile.jinja", spec.answers(), "shop"), spec


def test_django_collectstatic_sees_the_settings_module_from_config(rt: Any) -> None:
    config = (
        ConfigVar("DJANGO_SETTINGS_MODULE", "shop.settings.production", secret=False),
        ConfigVar("SECRET_KEY", "s3cr3t-value-never-written", secret=True),
        ConfigVar("DATABASE_URL", "postgres://u:p@h/db", secret=True, origin="addon"),
        ConfigVar("WEB_CONCURRENCY", "3", secret=False),
    )
    text, spec = _django(rt, config)
    assert dict(spec.build_args) == {"DJANGO_SETTINGS_MODULE": "shop.settings.production"}
    assert spec.build_secrets == ("SECRET_KEY",)
    assert spec.install_secrets == ()
    build = _stage_body(text, "build")
    assert 'ARG DJANGO_SETTINGS_MODULE="shop.settings.production"' in build
    assert build.index("ARG DJANGO_SETTINGS_MODULE") < build.index("collectstatic")
    assert (
        'RUN --mount=type=secret,id=SECRET_KEY,env=SECRET_KEY if [ -z "$DISABLE_COLLECTSTATIC" ]'
        in build
    )
    assert "s3cr3t-value-never-written" not in text
    assert "postgres://" not in text
    assert "DJANGO_SETTINGS_MODULE" not in _stage_body(text, "runtime")


def test_without_config_the_build_has_no_arguments(rt: Any) -> None:
    text, _ = _django(rt, ())
    assert "ARG " not in text
    assert "--mount=type=secret" not in text


def test_celery_beat_writes_its_schedule_to_its_own_writable_mount(rt: Any) -> None:
    root = APPS / "celery-beat"
    runtime, _ = rt.detect_dir(root)
    spec, _ = build_spec(runtime, rt.processes_of(root, runtime), app_name="tasks")
    assert spec.replacement_commands["beat"] == (
        "celery -A proj beat -l info --schedule /var/lib/celery/celerybeat-schedule"
    )
    assert "worker" not in spec.replacement_commands
    assert dict(spec.process_writable_paths) == {"beat": ("/var/lib/celery",)}


def test_unknown_buildpack_is_a_named_stage_that_fails_until_filled_in(rt: Any) -> None:
    root = APPS / "unknown-buildpack"
    runtime, notices = rt.detect_dir(root)
    text, answers, _ = rt.render_app(root, "api")
    assert runtime.language == "node"
    assert "buildpack-unknown" in {n.code for n in notices}
    stages = _stages(text)
    assert stages["buildpack-secret-sauce"] == "build"
    assert "exit 1" in _stage_body(text, "buildpack-secret-sauce")
    assert "COPY --from=buildpack-secret-sauce /app /app" in text
    # jemalloc, the known one after it, still applies.
    assert "libjemalloc2" in answers["runtime_packages"]
    assert answers["runtime_env"]["LD_PRELOAD"] == "libjemalloc.so.2"


def _herokube(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "herokube", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )


def test_unknown_buildpack_blocks_in_assess_and_warns_in_new(tmp_path: Path) -> None:
    source = str(APPS / "unknown-buildpack")
    assess = _herokube("assess", source, "--format", "json", cwd=tmp_path)
    assert assess.returncode == 0, assess.stderr
    findings = json.loads(assess.stdout)["apps"][0]["findings"]
    blockers = [f for f in findings if f["severity"] == "blocker"]
    assert [f["code"] for f in blockers] == ["buildpack-unknown"]
    assert "heroku-buildpack-secret-sauce" in blockers[0]["subject"]
    new = _herokube(
        "new", source, "--out", str(tmp_path / "repo"), "--image-tag", "1.0.0", cwd=tmp_path
    )
    assert new.returncode == 0, new.stderr
    assert "warning: .buildpacks: https://github.com/acme/heroku-buildpack-secret-sauce.git" in (
        new.stderr
    )
    dockerfile = (tmp_path / "repo" / "Dockerfile").read_text()
    assert "FROM build AS buildpack-secret-sauce" in dockerfile
