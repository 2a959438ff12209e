"""Node.js, Python and Ruby builds, step by step as their Heroku buildpacks run them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from herokube.blueprints import NativePackages, runtimes_blueprint
from herokube.model import Notice, Runtime

from .images import image_for
from .spec import CopyGroup, PhpServer, RuntimeCopy, StageCopy, Steps

__all__ = [
    "LanguageBuild",
    "copy_groups",
    "node_build",
    "node_image",
    "node_toolchain",
    "python_build",
    "ruby_build",
]


@dataclass(frozen=True)
class LanguageBuild:
    """The primary language's images and steps (the runtime stage is built on its image)."""

    build_image: str
    runtime_image: str
    steps: Steps
    php: PhpServer | None = None
    notices: tuple[Notice, ...] = ()


def copy_groups(paths: list[str]) -> tuple[CopyGroup, ...]:
    """COPY instructions keeping each file's folder: ``requirements/base.txt`` lands there."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        folder = path.rpartition("/")[0]
        if folder and path.endswith(("/releases", "/plugins", "/patches")):
            groups.setdefault(path + "/", []).append(path)
        else:
            groups.setdefault(folder + "/" if folder else "./", []).append(path)
    return tuple(
        CopyGroup(tuple(sources), dest)
        for dest, sources in sorted(groups.items(), key=lambda g: (g[0] != "./", g[0]))
    )


def _image(
    language: str, facts: Mapping[str, Any], key: str = "image"
) -> tuple[str, tuple[Notice, ...]]:
    choice = image_for(language, str(facts.get("version_resolved")), facts.get("version_line"), key)
    return choice.image, choice.notices


def node_image(facts: Mapping[str, Any]) -> tuple[str, tuple[Notice, ...]]:
    return _image("node", facts)


def _node_manager(tc: Mapping[str, Any]) -> tuple[list[str], str, str]:
    """Package-manager setup, install and prune commands."""
    manager = tc.get("package_manager") or "npm"
    corepack = runtimes_blueprint().languages["node"].corepack or "0.31.0"
    setup: list[str] = []
    if manager in ("yarn", "pnpm"):
        version = str(tc.get("package_manager_version") or "")
        pin = f"{manager}@{version}" if version[:1].isdigit() and "@" not in version else None
        setup.append(
            f"npm install -g corepack@{corepack} && corepack enable"
            + (f" && corepack prepare {pin} --activate" if pin else "")
        )
    lock = bool(tc.get("lockfile"))
    if manager == "pnpm":
        install = "pnpm install --frozen-lockfile" if lock else "pnpm install"
        prune = "pnpm prune --prod"
    elif manager == "yarn" and tc.get("yarn_berry"):
        install = "yarn install --immutable" if lock else "yarn install"
        prune = "yarn workspaces focus --all --production"
    elif manager == "yarn":
        frozen = "--frozen-lockfile " if lock else ""
        install = f"yarn install {frozen}--production=false"
        prune = "yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline"
    else:
        install = "npm ci --include=dev" if lock else "npm install"
        prune = "npm prune --production"
    if tc.get("version_line") and int(str(tc["version_line"])) < 8 and manager == "npm":
        install = "npm install"  # npm 2-5 have neither `ci` nor `--include`
    return setup, install, prune


def _node_scripts(tc: Mapping[str, Any], *, run_build: bool) -> Steps:
    """heroku-prebuild, install, heroku-postbuild (or build), and pruning devDependencies."""
    manager = tc.get("package_manager") or "npm"
    setup, install, prune = _node_manager(tc)
    pre = [f"{manager} run heroku-prebuild"] if tc.get("prebuild_script") else []
    build = [f"{manager} run {tc['build_script']}"] if run_build and tc.get("build_script") else []
    return Steps(
        toolchain_setup=tuple(setup),
        deps_copy=copy_groups(list(tc.get("manifests", ["package.json"]))),
        deps_run=(*pre, install),
        build_run=tuple(build),
        finish_run=(prune,),
    )


def node_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    image, notices = node_image(facts)
    scripts = _node_scripts(facts, run_build=True)
    corepack = bool(scripts.toolchain_setup)
    env = {"COREPACK_HOME": "/usr/local/share/corepack"} if corepack else {}
    steps = scripts + Steps(
        deps_full_source=bool(facts.get("install_needs_source")),
        runtime_copy=(RuntimeCopy("/app", "/app"),),
        # corepack keeps the package manager in $HOME; the runtime stage needs the shims too.
        runtime_setup=scripts.toolchain_setup,
        runtime_env={"NODE_ENV": "production", "HOME": "/tmp", **env},
        build_env=env,
        path="/app/node_modules/.bin",
        notes=(
            (
                "package.json has install lifecycle scripts: dependencies install with the whole source.",
            )
            if facts.get("install_needs_source")
            else ()
        ),
    )
    return LanguageBuild(image, image, steps, notices=notices)


def node_toolchain(tc: Mapping[str, Any], *, run_build: bool) -> tuple[Steps, tuple[Notice, ...]]:
    """Node for a Ruby/Python/PHP/Elixir build: binaries copied from the official image."""
    image, notices = node_image(tc)
    copies = (
        StageCopy("node", "/usr/local/bin/node", "/usr/local/bin/node"),
        StageCopy("node", "/usr/local/lib/node_modules", "/usr/local/lib/node_modules"),
    )
    links = (
        "ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm"
        " && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx"
    )
    scripts = _node_scripts(tc, run_build=run_build)
    toolchain = Steps(images={"node": image}, toolchain_copies=copies, toolchain_setup=(links,))
    return toolchain + scripts, notices


def _apt_for(native: Mapping[str, NativePackages], names: list[str]) -> tuple[list[str], list[str]]:
    build: set[str] = set()
    runtime: set[str] = set()
    for name in names:
        spec = native.get(name)
        if spec:
            build |= set(spec.build)
            runtime |= set(spec.runtime)
    return sorted(build), sorted(runtime)


def _python_install(
    runtime: Runtime, facts: Mapping[str, Any]
) -> tuple[list[str], list[str], dict[str, str]]:
    """The deps-stage commands, the build-stage ones, and extra build env for the manager."""
    tools = runtimes_blueprint().languages["python"].tools
    manifests = facts.get("manifests", [])
    run = ["python -m venv /opt/venv"]
    after: list[str] = []
    env: dict[str, str] = {}
    pip = "/usr/local/bin/python -m pip install --no-cache-dir"
    if runtime.package_manager == "pipenv":
        lock = "Pipfile.lock" in manifests
        run += [
            f"{pip} pipenv=={tools['pipenv']}",
            "pipenv install --deploy" if lock else "pipenv install --skip-lock",
        ]
    elif runtime.package_manager == "poetry":
        run += [
            f"{pip} poetry=={tools['poetry']}",
            "poetry install --only main --no-root --no-interaction",
        ]
    elif runtime.package_manager == "uv":
        env["UV_PROJECT_ENVIRONMENT"] = "/opt/venv"
        frozen = "--frozen " if "uv.lock" in manifests else ""
        run += [f"{pip} uv=={tools['uv']}", f"uv sync {frozen}--no-dev --no-install-project"]
        after.append(f"uv sync {frozen}--no-dev")
    elif "requirements.txt" in manifests:
        run.append("pip install --no-cache-dir -r requirements.txt")
    elif "pyproject.toml" in manifests:
        after.append("pip install --no-cache-dir .")
    return run, after, env


def python_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    image, notices = _image("python", facts)
    native = runtimes_blueprint().languages["python"].native
    requirements = list(facts.get("requirements", []))
    build_apt, runtime_apt = _apt_for(native, requirements)
    if build_apt or "uwsgi" in requirements:
        build_apt.append("build-essential")
    env = {
        "VIRTUAL_ENV": "/opt/venv",
        "PYTHONUNBUFFERED": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    run, after, manager_env = _python_install(runtime, facts)
    build = list(after)
    notes: list[str] = []
    build_env = {**env, **manager_env}
    if facts.get("collectstatic"):
        build_env["DISABLE_COLLECTSTATIC"] = ""
        build.append(
            'if [ -z "$DISABLE_COLLECTSTATIC" ]; then python manage.py collectstatic --noinput; fi'
        )
        notes.append(
            "collectstatic runs at build time with the app's non-secret config vars as build"
            " arguments, as Heroku's build saw them (set DISABLE_COLLECTSTATIC=1 to skip)."
        )
    steps = Steps(
        build_packages=tuple(build_apt),
        runtime_packages=tuple(runtime_apt),
        build_env=build_env,
        deps_copy=copy_groups(list(facts.get("manifests", []))),
        deps_run=tuple(run),
        build_run=tuple(build),
        runtime_copy=(RuntimeCopy("/opt/venv", "/opt/venv"), RuntimeCopy("/app", "/app")),
        runtime_env={**env, "HOME": "/tmp"},
        path="/opt/venv/bin",
        notes=tuple(notes),
    )
    return LanguageBuild(image, image, steps, notices=notices)


def ruby_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    image, notices = _image("ruby", facts)
    native = runtimes_blueprint().languages["ruby"].native
    build_apt, runtime_apt = _apt_for(native, list(facts.get("gems", [])))
    env = {
        "BUNDLE_WITHOUT": "development:test",
        "RACK_ENV": "production",
        "RAILS_ENV": "production",
    }
    if facts.get("lockfile"):
        env["BUNDLE_DEPLOYMENT"] = "1"
    run = []
    if facts.get("bundler_version"):
        run.append(f"gem install bundler -v {facts['bundler_version']} --no-document")
    run.append("bundle install --jobs 4 && rm -rf /usr/local/bundle/cache")
    build = []
    if facts.get("assets_precompile"):
        # Rails needs a secret to boot; a placeholder is enough to compile assets.
        build.append(
            "SECRET_KEY_BASE_DUMMY=1 SECRET_KEY_BASE=assets-precompile-placeholder"
            " bundle exec rake assets:precompile"
        )
    runtime_env = {**env, "HOME": "/tmp"}
    if facts.get("framework") == "rails":
        runtime_env.update(RAILS_LOG_TO_STDOUT="enabled", RAILS_SERVE_STATIC_FILES="enabled")
    steps = Steps(
        build_packages=("build-essential", "git", "libyaml-dev", *build_apt),
        runtime_packages=tuple(runtime_apt),
        build_env=env,
        deps_copy=copy_groups(list(facts.get("manifests", ["Gemfile"]))),
        deps_run=tuple(run),
        build_run=tuple(build),
        runtime_copy=(
            RuntimeCopy("/usr/local/bundle", "/usr/local/bundle"),
            RuntimeCopy("/app", "/app"),
        ),
        runtime_env=runtime_env,
        path="/app/bin",
    )
    return LanguageBuild(image, image, steps, notices=notices)
