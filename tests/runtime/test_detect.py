"""Detection per language: manifests, version files and their precedence, default processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herokube.load.runtime import detect_runtime, language_of_buildpack

APPS = Path(__file__).resolve().parent / "apps"


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def codes(notices: tuple) -> list[str]:  # type: ignore[type-arg]
    return [n.code for n in notices]


@pytest.mark.parametrize(
    ("files", "language"),
    [
        ({"package.json": "{}"}, "node"),
        ({"requirements.txt": "flask\n"}, "python"),
        ({"Pipfile": "[packages]\n"}, "python"),
        ({"pyproject.toml": "[project]\nname='x'\n"}, "python"),
        ({"Gemfile": "source 'https://rubygems.org'\n"}, "ruby"),
        ({"go.mod": "module example.com/x\n\ngo 1.22\n"}, "go"),
        ({"pom.xml": "<project/>"}, "java"),
        ({"build.gradle": ""}, "java"),
        ({"build.gradle.kts": ""}, "java"),
        ({"build.sbt": ""}, "scala"),
        ({"composer.json": "{}"}, "php"),
        ({"index.php": "<?php"}, "php"),
        ({"mix.exs": "defmodule X.MixProject do\nend\n"}, "elixir"),
    ],
)
def test_manifest_detection(tmp_path: Path, files: dict[str, str], language: str) -> None:
    runtime, _ = detect_runtime(tree(tmp_path, files))
    assert runtime.language == language


def test_nothing_known_is_unknown_with_notice(tmp_path: Path) -> None:
    runtime, notices = detect_runtime(tmp_path)
    assert runtime.language == "unknown"
    assert codes(notices) == ["runtime-unknown"]
    runtime, notices = detect_runtime(None)
    assert runtime.language == "unknown"
    assert codes(notices) == ["runtime-unknown"]


def test_buildpacks_without_source_give_defaults() -> None:
    runtime, _ = detect_runtime(None, buildpacks=["heroku/python"])
    assert runtime.language == "python"
    assert runtime.version_source == "default"
    assert runtime.facts["version_line"] == "3.13"


@pytest.mark.parametrize(
    ("url", "language"),
    [
        ("heroku/nodejs", "node"),
        ("urn:buildpack:heroku/ruby", "ruby"),
        ("https://github.com/heroku/heroku-buildpack-python.git", "python"),
        ("heroku/gradle", "java"),
        ("https://github.com/HashNuke/heroku-buildpack-elixir", "elixir"),
        ("https://github.com/weibeld/heroku-buildpack-graphviz.git", None),
    ],
)
def test_buildpack_names(url: str, language: str | None) -> None:
    assert language_of_buildpack(url) == language


def test_buildpack_order_gives_languages_and_primary(tmp_path: Path) -> None:
    root = tree(tmp_path, {"package.json": '{"scripts": {"build": "vite build"}}', "Gemfile": ""})
    runtime, _ = detect_runtime(root, buildpacks=["heroku/nodejs", "heroku/ruby"])
    assert runtime.languages == ("node", "ruby")
    assert runtime.language == "ruby"
    assert runtime.facts["toolchains"]["node"]["version_line"] == "22"


def test_app_json_buildpacks_and_unknown_buildpack(tmp_path: Path) -> None:
    root = tree(tmp_path, {"requirements.txt": ""})
    app_json = {"buildpacks": [{"url": "heroku/python"}, {"url": "https://example.com/odd.tgz"}]}
    runtime, notices = detect_runtime(root, app_json=app_json)
    assert runtime.language == "python"
    assert "buildpack-unknown" in codes(notices)


def test_auto_detect_prefers_the_non_node_language(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {"package.json": '{"devDependencies": {"eslint": "9"}}', "requirements.txt": "django\n"},
    )
    runtime, notices = detect_runtime(root)
    assert runtime.languages == ("python",)
    assert "runtime-multiple-languages" in codes(notices)


def test_stack_hint_and_eol(tmp_path: Path) -> None:
    runtime, notices = detect_runtime(tree(tmp_path, {"Gemfile": ""}), stack="heroku-20")
    assert runtime.facts["stack"]["debian"] == "bullseye"
    assert "stack-eol" in codes(notices)


# --- Node -----------------------------------------------------------------------------------


def test_node_version_precedence(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "package.json": json.dumps({"engines": {"node": "20.x"}}),
            ".nvmrc": "22\n",
            ".node-version": "20.18.1\n",
        },
    )
    runtime, notices = detect_runtime(root)
    assert runtime.version == "20.x"
    assert runtime.version_source == "package.json engines.node"
    assert runtime.facts["version_resolved"] == "20.18.1"  # the exact pin inside the range
    assert [n.source for n in notices if n.code == "runtime-version-conflict"] == [".nvmrc"]


@pytest.mark.parametrize(
    ("files", "manager", "berry"),
    [
        ({"package-lock.json": "{}"}, "npm", False),
        ({"yarn.lock": ""}, "yarn", False),
        ({"yarn.lock": "", ".yarnrc.yml": ""}, "yarn", True),
        ({"pnpm-lock.yaml": ""}, "pnpm", False),
    ],
)
def test_node_package_manager(
    tmp_path: Path, files: dict[str, str], manager: str, berry: bool
) -> None:
    runtime, _ = detect_runtime(tree(tmp_path, {"package.json": "{}", **files}))
    assert runtime.package_manager == manager
    assert runtime.facts["yarn_berry"] is berry


def test_node_default_process(tmp_path: Path) -> None:
    runtime, notices = detect_runtime(tree(tmp_path, {"package.json": "{}", "server.js": ""}))
    assert runtime.default_processes == {"web": "node server.js"}
    assert "no-procfile" in codes(notices)


# --- Python ---------------------------------------------------------------------------------


def test_python_version_file_with_comments(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(
        tree(tmp_path, {"requirements.txt": "", ".python-version": "# comment\n\n3.12\n"})
    )
    assert runtime.version == "3.12"
    assert runtime.facts["version_resolved"] == "3.12.8"


def test_python_runtime_txt_wins_and_is_deprecated(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {"requirements.txt": "", "runtime.txt": "python-3.11.11\n", ".python-version": "3.12\n"},
    )
    runtime, notices = detect_runtime(root)
    assert runtime.version == "3.11.11"
    assert runtime.version_source == "runtime.txt"
    assert {"python-runtime-txt", "runtime-version-conflict"} <= set(codes(notices))


def test_python_requirement_includes(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "requirements.txt": "-r requirements/prod.txt\n",
            "requirements/prod.txt": "-r base.txt\ngunicorn\n",
            "requirements/base.txt": "Django>=5\n",
        },
    )
    runtime, _ = detect_runtime(root)
    assert runtime.facts["manifests"] == [
        "requirements.txt",
        "requirements/prod.txt",
        "requirements/base.txt",
    ]
    assert runtime.facts["framework"] == "django"


def test_django_default_process(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(APPS / "pipfile")
    assert runtime.package_manager == "pipenv"
    assert runtime.default_processes == {"web": "gunicorn mysite.wsgi"}
    assert runtime.facts["collectstatic"] is True


@pytest.mark.parametrize(
    ("app", "manager", "line"),
    [("poetry", "poetry", "3.12"), ("uv", "uv", "3.13"), ("pipfile", "pipenv", "3.11")],
)
def test_python_package_managers(app: str, manager: str, line: str) -> None:
    runtime, notices = detect_runtime(APPS / app)
    assert runtime.package_manager == manager
    assert runtime.facts["version_line"] == line
    assert "runtime-version-conflict" not in codes(notices)


# --- Ruby -----------------------------------------------------------------------------------


def test_ruby_precedence_lock_over_gemfile(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "Gemfile": "ruby '~> 3.3.0'\ngem 'rails'\n",
            "Gemfile.lock": "GEM\n  specs:\n    railties (8.0.0)\n\nRUBY VERSION\n   ruby 3.3.5p100\n\nBUNDLED WITH\n   2.5.23\n",
            ".ruby-version": "3.2.0\n",
            "Rakefile": "",
        },
    )
    runtime, notices = detect_runtime(root)
    assert runtime.version == "3.3.5"
    assert runtime.facts["bundler_version"] == "2.5.23"
    assert runtime.facts["framework"] == "rails"
    assert runtime.facts["writable_paths"] == ["/app/log", "/app/tmp"]
    assert runtime.default_processes == {"web": "bin/rails server -p $PORT -e $RAILS_ENV"}
    assert [n.source for n in notices if n.code == "runtime-version-conflict"] == [".ruby-version"]


def test_ruby_gemfile_engine_options_are_ignored(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(
        tree(tmp_path, {"Gemfile": 'ruby "3.3.6", engine: "ruby", engine_version: "3.3.6"\n'})
    )
    assert runtime.version == "3.3.6"


# --- Go, JVM, PHP, Elixir -------------------------------------------------------------------


def test_go_toolchain_and_directive(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(
        tree(tmp_path, {"go.mod": "module github.com/a/b/v2\n\ngo 1.22.0\n\ntoolchain go1.23.4\n"})
    )
    assert runtime.version == "1.23.4"
    assert runtime.version_source == "go.mod toolchain"
    assert runtime.default_processes == {"web": "b"}


def test_java_system_properties_legacy_form(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(
        tree(tmp_path, {"pom.xml": "<project/>", "system.properties": "java.runtime.version=1.8\n"})
    )
    assert runtime.facts["version_line"] == "8"
    assert runtime.facts["jvm"] is True


def test_gradle_kotlin_dsl() -> None:
    runtime, _ = detect_runtime(APPS / "gradle-kts")
    assert (runtime.language, runtime.package_manager, runtime.facts["framework"]) == (
        "java",
        "gradle",
        "spring-boot",
    )
    assert runtime.facts["gradle_stage_task"] is True
    assert runtime.default_processes["web"].endswith("-jar build/libs/*.jar")


def test_scala_play() -> None:
    runtime, _ = detect_runtime(APPS / "scala-play")
    assert runtime.language == "scala"
    assert runtime.facts["sbt_version"] == "1.10.6"
    assert runtime.default_processes == {
        "web": "target/universal/stage/bin/play-scala-seed -Dhttp.port=$PORT -Dpidfile.path=/dev/null"
    }


def test_php_laravel() -> None:
    runtime, _ = detect_runtime(APPS / "laravel-nginx")
    assert runtime.facts["framework"] == "laravel"
    assert runtime.facts["extensions"] == ["intl", "mbstring", "pdo_pgsql"]
    assert runtime.default_processes == {"web": "heroku-php-apache2 public/"}
    assert "/app/storage/framework/views" in runtime.facts["writable_paths"]
    # Leaf folders only: bootstrap/cache keeps what the build wrote.
    assert "/app/storage" not in runtime.facts["writable_paths"]
    assert "/app/bootstrap/cache" not in runtime.facts["writable_paths"]


def test_elixir_precedence_and_release() -> None:
    runtime, notices = detect_runtime(APPS / "phoenix")
    assert runtime.version == "1.17.3"
    assert runtime.facts["release_name"] == "hello"
    assert runtime.facts["framework"] == "phoenix"
    assert [n.source for n in notices if n.code == "runtime-version-conflict"] == [
        ".tool-versions elixir"
    ]


def test_tool_versions_is_read(tmp_path: Path) -> None:
    runtime, _ = detect_runtime(
        tree(tmp_path, {"Gemfile": "", ".tool-versions": "nodejs 22.1.0\nruby 3.3.6 # pinned\n"})
    )
    assert runtime.version == "3.3.6"
    assert runtime.version_source == ".tool-versions ruby"


def test_detection_reads_no_tree(tmp_path: Path) -> None:
    # A huge node_modules must not slow detection: nothing is listed.
    root = tree(tmp_path, {"package.json": "{}"})
    modules = root / "node_modules"
    for i in range(300):
        (modules / f"p{i}").mkdir(parents=True)
    import time

    start = time.perf_counter()
    for _ in range(20):
        detect_runtime(root)
    assert (time.perf_counter() - start) / 20 < 0.05
