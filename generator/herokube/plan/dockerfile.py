"""The answers ``Dockerfile.jinja`` and ``.dockerignore.jinja`` render: images, steps, command.

The Dockerfile reproduces what the buildpacks did (see docs/runtimes.md) with one fixed shape:
a ``tini`` stage, a ``deps`` stage that copies only the manifests and installs (its own cached
layer), a ``build`` stage with the whole source and the buildpack's build steps, and a slim
``runtime`` stage running as ``10001:10001`` with ``PORT=8080`` and
``ENTRYPOINT ["/usr/bin/tini", "-g", "--"]``. Only data differs between languages; the
template stays one readable file.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from typing import Any

from herokube.load.runtime.versions import runtimes_blueprint
from herokube.model import Runtime

__all__ = ["dockerfile_answers", "php_replacement", "replacement_commands"]

USER = "10001:10001"
PORT = 8080
TINI = "/usr/bin/tini"

_DOCKERIGNORE_COMMON = [
    ".git",
    ".github",
    ".env",
    ".env.*",
    "*.log",
    "log/*",
    "tmp/*",
    ".DS_Store",
    "Dockerfile",
    ".dockerignore",
]
_DOCKERIGNORE = {
    "node": [
        "node_modules",
        "npm-debug.log*",
        "yarn-error.log",
        ".yarn/cache",
        ".yarn/install-state.gz",
        ".pnpm-store",
        ".next/cache",
        "coverage",
    ],
    "python": [
        "__pycache__",
        "*.py[cod]",
        ".venv",
        "venv",
        ".pytest_cache",
        ".mypy_cache",
        "staticfiles",
        "db.sqlite3",
    ],
    "ruby": [
        ".bundle",
        "vendor/bundle",
        "public/assets",
        "public/packs",
        "storage/*",
        "node_modules",
        "coverage",
    ],
    "go": ["bin"],
    "java": ["target", "build", ".gradle", ".idea", "*.iml"],
    "scala": ["target", "project/target", "project/project", ".bsp", ".idea", ".metals", ".bloop"],
    "php": [
        "vendor",
        "node_modules",
        "storage/logs/*",
        "storage/framework/cache/*",
        "var/cache",
        "var/log",
    ],
    "elixir": ["_build", "deps", "node_modules", "priv/static/assets", "cover"],
}


def _image(
    language: str, toolchain: Mapping[str, Any], key: str, *, fallback: str = "image"
) -> str:
    spec = runtimes_blueprint()["languages"][language]
    line_spec = spec["lines"].get(toolchain.get("version_line"), {})
    if not line_spec:  # unknown line: the newest line's pattern
        newest = max(spec["lines"], key=lambda line: tuple(int(p) for p in line.split(".")))
        line_spec = spec["lines"][newest]
    for source in (line_spec, spec):
        for name in (key, fallback):
            if source.get(name):
                return str(source[name]).format(
                    version=toolchain.get("version_resolved"), line=toolchain.get("version_line")
                )
    raise KeyError(f"blueprints/runtimes.yaml: no {key} for {language}")


def _copy_groups(paths: list[str]) -> list[dict[str, Any]]:
    """COPY instructions keeping each file's folder: ``requirements/base.txt`` lands there."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        folder = path.rpartition("/")[0]
        if folder and path.endswith(("/releases", "/plugins", "/patches")):
            groups.setdefault(path + "/", []).append(path)
        else:
            groups.setdefault(folder + "/" if folder else "./", []).append(path)
    return [
        {"from": sources, "to": dest}
        for dest, sources in sorted(groups.items(), key=lambda g: (g[0] != "./", g[0]))
    ]


def _node_steps(tc: Mapping[str, Any], *, primary: bool) -> dict[str, Any]:
    manager = tc.get("package_manager") or "npm"
    corepack = str(runtimes_blueprint()["languages"]["node"].get("corepack", "0.31.0"))
    setup: list[str] = []
    if manager in ("yarn", "pnpm"):
        pin = (
            f"{manager}@{tc['package_manager_version']}"
            if tc.get("package_manager_version")
            and "@" not in str(tc["package_manager_version"])
            and str(tc["package_manager_version"])[:1].isdigit()
            else None
        )
        setup.append(
            f"npm install -g corepack@{corepack} && corepack enable"
            + (f" && corepack prepare {pin} --activate" if pin else "")
        )
    if manager == "pnpm":
        install = "pnpm install --frozen-lockfile" if tc.get("lockfile") else "pnpm install"
        prune = "pnpm prune --prod"
    elif manager == "yarn" and tc.get("yarn_berry"):
        install = "yarn install --immutable" if tc.get("lockfile") else "yarn install"
        prune = "yarn workspaces focus --all --production"
    elif manager == "yarn":
        install = (
            "yarn install --frozen-lockfile --production=false"
            if tc.get("lockfile")
            else "yarn install --production=false"
        )
        prune = "yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline"
    else:
        install = "npm ci --include=dev" if tc.get("lockfile") else "npm install"
        prune = "npm prune --production"
    if tc.get("version_line") and int(str(tc["version_line"])) < 8 and manager == "npm":
        install = "npm install"  # npm 2-5 have neither `ci` nor `--include`
    build: list[str] = []
    if tc.get("build_script"):
        build.append(f"{manager} run {tc['build_script']}")
    pre = [f"{manager} run heroku-prebuild"] if tc.get("prebuild_script") else []
    return {
        "setup": setup,
        "install": [*pre, install],
        "build": build,
        "prune": [prune] if primary else [],
    }


def _apt_for(native: Mapping[str, Any], names: list[str]) -> tuple[list[str], list[str]]:
    build: set[str] = set()
    runtime: set[str] = set()
    for name in names:
        spec = native.get(name)
        if spec:
            build |= set(spec.get("build", []))
            runtime |= set(spec.get("runtime", []))
    return sorted(build), sorted(runtime)


def replacement_commands(runtime: Runtime, processes: Mapping[str, str]) -> dict[str, str]:
    """Process commands that must change in the image (PHP's heroku-php-* scripts, Elixir's mix)."""
    result: dict[str, str] = {}
    for name, command in sorted(processes.items()):
        new = None
        if runtime.language == "php":
            new = php_replacement(command)
        elif runtime.language == "elixir":
            new = _elixir_replacement(runtime, command)
        if new is not None and new != command:
            result[name] = new
    return result


def _php_docroot(args: list[str]) -> str:
    takes_value = {"-C", "-F", "-i", "-l", "-p"}
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return ""


def php_replacement(command: str) -> str | None:
    """``heroku-php-apache2 web/`` → the command that serves ``/app/web`` the same way."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    for index, word in enumerate(words):
        base = word.rsplit("/", 1)[-1]
        if base in ("heroku-php-apache2", "heroku-php-nginx"):
            docroot = _php_docroot(words[index + 1 :]).strip("/")
            root = f"/app/{docroot}" if docroot else "/app"
            server = (
                "herokube-php-apache2" if base == "heroku-php-apache2" else "herokube-php-nginx"
            )
            prefix = " ".join(shlex.quote(w) for w in words[:index])
            return (prefix + " " if prefix else "") + f"exec {server} {root}"
    return None


def _elixir_replacement(runtime: Runtime, command: str) -> str | None:
    app = runtime.facts.get("release_name")
    module = runtime.facts.get("module")
    if not app:
        return None
    stripped = command.strip()
    for mix in ("mix phx.server", "mix run --no-halt", "elixir --sname server -S mix phx.server"):
        if stripped.endswith(mix):
            return f"exec /app/bin/{app} start"
    if "mix ecto.migrate" in stripped and module:
        return f'/app/bin/{app} eval "{module}.Release.migrate"'
    return None


def dockerfile_answers(
    runtime: Runtime, processes: Mapping[str, str], *, app_name: str
) -> dict[str, Any]:
    """Everything the Dockerfile and .dockerignore templates need (plain JSON-able data)."""
    facts = runtime.facts
    language = runtime.language
    blueprint = runtimes_blueprint()
    replacements = replacement_commands(runtime, processes)
    effective = {name: replacements.get(name, command) for name, command in processes.items()}
    if not effective and runtime.default_processes:
        effective = {n: replacements.get(n, c) for n, c in runtime.default_processes.items()}
    order = sorted(effective, key=lambda n: (n != "web", n == "release", n))
    cmd = (
        effective[order[0]]
        if order
        else "echo 'no process command: set one in the chart' >&2; exit 1"
    )
    answers: dict[str, Any] = {
        "app_name": app_name,
        "language": language,
        "languages": list(runtime.languages),
        "version": facts.get("version_resolved"),
        "declared_version": runtime.version,
        "version_source": runtime.version_source,
        "user": USER,
        "port": PORT,
        "tini": TINI,
        "images": {"tini": str(blueprint["tini"]["image"])},
        "build_packages": [],
        "runtime_packages": sorted(set(facts.get("apt_packages", []))),
        "toolchain_copies": [],
        "toolchain_setup": [],
        "build_env": {},
        "deps_copy": [],
        "deps_full_source": False,
        "deps_run": [],
        "build_run": [],
        "runtime_copy": [],
        "runtime_env": {},
        "runtime_setup": [],
        "path": "",
        "writable_paths": list(facts.get("writable_paths", [])),
        "cmd": cmd,
        "cmd_json": json.dumps(["/bin/sh", "-c", cmd]),
        "replacement_commands": replacements,
        "php": None,
        "downloads": [],
        "notes": [],
        "dockerignore": [],
    }
    if language == "unknown":
        answers["images"].update(
            build="debian:bookworm-20241202-slim", runtime="debian:bookworm-20241202-slim"
        )
        answers["notes"].append("No language was detected: install the app's runtime by hand.")
        answers["build_run"] = []
        answers["runtime_copy"] = [{"from": "/app", "to": "/app"}]
    else:
        _LANGUAGE[language](answers, runtime, facts)
    for name, tc in (facts.get("toolchains") or {}).items():
        if name == "node":
            _node_toolchain(answers, tc)
    answers["dockerignore"] = sorted(
        set(
            _DOCKERIGNORE_COMMON
            + [entry for n in runtime.languages for entry in _DOCKERIGNORE.get(n, [])]
        )
    )
    answers["build_packages"] = sorted(set(answers["build_packages"]))
    answers["runtime_packages"] = sorted(set(answers["runtime_packages"]))
    answers["build_env"] = dict(sorted(answers["build_env"].items()))
    answers["runtime_env"] = dict(sorted({"PORT": str(PORT), **answers["runtime_env"]}.items()))
    return answers


def _node_toolchain(answers: dict[str, Any], tc: Mapping[str, Any]) -> None:
    """Node for a Ruby/Python/PHP/Elixir build: binaries copied from the official image."""
    answers["images"]["node"] = _image("node", tc, "image")
    answers["toolchain_copies"] += [
        {"stage": "node", "from": "/usr/local/bin/node", "to": "/usr/local/bin/node"},
        {
            "stage": "node",
            "from": "/usr/local/lib/node_modules",
            "to": "/usr/local/lib/node_modules",
        },
    ]
    steps = _node_steps(tc, primary=False)
    answers["toolchain_setup"] += [
        (
            "ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm"
            " && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx"
        ),
        *steps["setup"],
    ]
    answers["deps_copy"] += _copy_groups(list(tc.get("manifests", [])))
    answers["deps_run"] += steps["install"]
    answers["dockerignore"] += _DOCKERIGNORE["node"]


def _node(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    image = _image("node", facts, "image")
    steps = _node_steps(facts, primary=True)
    answers["images"].update(build=image, runtime=image)
    answers["toolchain_setup"] += steps["setup"]
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["package.json"])))
    answers["deps_full_source"] = bool(facts.get("install_needs_source"))
    answers["deps_run"] = steps["install"]
    answers["build_run"] = steps["build"] + steps["prune"]
    answers["runtime_copy"] = [{"from": "/app", "to": "/app"}]
    answers["runtime_env"] = {"NODE_ENV": "production", "HOME": "/tmp"}
    answers["path"] = "/app/node_modules/.bin"
    if steps["setup"]:
        # corepack keeps the package manager in $HOME; the runtime stage needs the shims too.
        answers["runtime_setup"] += steps["setup"]
        answers["runtime_env"]["COREPACK_HOME"] = "/usr/local/share/corepack"
        answers["build_env"]["COREPACK_HOME"] = "/usr/local/share/corepack"
    if facts.get("install_needs_source"):
        answers["notes"].append(
            "package.json has install lifecycle scripts: dependencies install with the whole source."
        )


def _python(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    spec = runtimes_blueprint()["languages"]["python"]
    image = _image("python", facts, "image")
    answers["images"].update(build=image, runtime=image)
    build_apt, runtime_apt = _apt_for(spec.get("native", {}), list(facts.get("requirements", [])))
    if build_apt or "uwsgi" in facts.get("requirements", []):
        build_apt.append("build-essential")
    answers["build_packages"] += build_apt
    answers["runtime_packages"] += runtime_apt
    env = {
        "VIRTUAL_ENV": "/opt/venv",
        "PYTHONUNBUFFERED": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    answers["build_env"] = dict(env)
    tools = spec.get("tools", {})
    manager = runtime.package_manager
    run = ["python -m venv /opt/venv"]
    after: list[str] = []
    if manager == "pipenv":
        run += [
            f"/usr/local/bin/python -m pip install --no-cache-dir pipenv=={tools['pipenv']}",
            "pipenv install --deploy"
            if "Pipfile.lock" in facts.get("manifests", [])
            else "pipenv install --skip-lock",
        ]
    elif manager == "poetry":
        run += [
            f"/usr/local/bin/python -m pip install --no-cache-dir poetry=={tools['poetry']}",
            "poetry install --only main --no-root --no-interaction",
        ]
    elif manager == "uv":
        answers["build_env"]["UV_PROJECT_ENVIRONMENT"] = "/opt/venv"
        frozen = "--frozen " if "uv.lock" in facts.get("manifests", []) else ""
        run += [
            f"/usr/local/bin/python -m pip install --no-cache-dir uv=={tools['uv']}",
            f"uv sync {frozen}--no-dev --no-install-project",
        ]
        after.append(f"uv sync {frozen}--no-dev")
    elif "requirements.txt" in facts.get("manifests", []):
        run.append("pip install --no-cache-dir -r requirements.txt")
    elif "pyproject.toml" in facts.get("manifests", []):
        after.append("pip install --no-cache-dir .")
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", [])))
    answers["deps_run"] = run
    build = list(after)
    if facts.get("collectstatic"):
        answers["build_env"]["DISABLE_COLLECTSTATIC"] = ""
        build.append(
            'if [ -z "$DISABLE_COLLECTSTATIC" ]; then python manage.py collectstatic --noinput; fi'
        )
        answers["notes"].append(
            "collectstatic runs at build time without the app's config vars (set DISABLE_COLLECTSTATIC=1 to skip)."
        )
    answers["build_run"] = build
    answers["runtime_copy"] = [
        {"from": "/opt/venv", "to": "/opt/venv"},
        {"from": "/app", "to": "/app"},
    ]
    answers["runtime_env"] = {**env, "HOME": "/tmp"}
    answers["path"] = "/opt/venv/bin"


def _ruby(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    spec = runtimes_blueprint()["languages"]["ruby"]
    image = _image("ruby", facts, "image")
    answers["images"].update(build=image, runtime=image)
    build_apt, runtime_apt = _apt_for(spec.get("native", {}), list(facts.get("gems", [])))
    answers["build_packages"] += ["build-essential", "git", "libyaml-dev", *build_apt]
    answers["runtime_packages"] += runtime_apt
    env = {
        "BUNDLE_WITHOUT": "development:test",
        "RACK_ENV": "production",
        "RAILS_ENV": "production",
    }
    if facts.get("lockfile"):
        env["BUNDLE_DEPLOYMENT"] = "1"
    answers["build_env"] = dict(env)
    run = []
    if facts.get("bundler_version"):
        run.append(f"gem install bundler -v {facts['bundler_version']} --no-document")
    run.append("bundle install --jobs 4 && rm -rf /usr/local/bundle/cache")
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["Gemfile"])))
    answers["deps_run"] = run
    if facts.get("assets_precompile"):
        # Rails needs a secret to boot; a placeholder is enough to compile assets.
        answers["build_run"] = [
            "SECRET_KEY_BASE_DUMMY=1 SECRET_KEY_BASE=assets-precompile-placeholder bundle exec rake assets:precompile"
        ]
    answers["runtime_copy"] = [
        {"from": "/usr/local/bundle", "to": "/usr/local/bundle"},
        {"from": "/app", "to": "/app"},
    ]
    answers["runtime_env"] = {**env, "HOME": "/tmp"}
    if facts.get("framework") == "rails":
        answers["runtime_env"].update(
            RAILS_LOG_TO_STDOUT="enabled", RAILS_SERVE_STATIC_FILES="enabled"
        )
    answers["path"] = "/app/bin"


def _go(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    answers["images"].update(
        build=_image("go", facts, "build_image"), runtime=_image("go", facts, "runtime_image")
    )
    answers["runtime_packages"] += ["ca-certificates"]
    answers["build_env"] = {"GOFLAGS": "-trimpath"}
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["go.mod"])))
    answers["deps_run"] = [] if facts.get("vendored") else ["go mod download"]
    packages = " ".join(facts.get("install_packages", ["."]))
    answers["build_run"] = [f"go build -o /app/bin/ {packages}"]
    answers["runtime_copy"] = [{"from": "/app", "to": "/app"}]
    answers["path"] = "/app/bin"


def _jvm_runtime(answers: dict[str, Any], language: str, facts: Mapping[str, Any]) -> None:
    answers["images"]["runtime"] = _image("java", facts, "runtime_image")
    answers["runtime_copy"] = [{"from": "/app", "to": "/app"}]
    answers["runtime_env"] = {"HOME": "/tmp"}


def _java(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    wrapper = bool(facts.get("wrapper"))
    if runtime.package_manager == "gradle":
        answers["images"]["build"] = _image(
            "java", facts, "build_image" if wrapper else "gradle_image"
        )
        gradle = "./gradlew --no-daemon" if wrapper else "gradle --no-daemon"
        answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["build.gradle"])))
        # Best-effort cache warm-up: a project whose build script needs its sources fails here
        # and resolves its dependencies in the build stage instead.
        answers["deps_run"] = [f"{gradle} dependencies > /dev/null || true"]
        task = "stage" if facts.get("gradle_stage_task") else "build -x check"
        answers["build_run"] = [f"{gradle} {task}"]
    else:
        answers["images"]["build"] = _image(
            "java", facts, "build_image" if wrapper else "maven_image"
        )
        mvn = "./mvnw -B" if wrapper else "mvn -B"
        answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["pom.xml"])))
        answers["deps_run"] = [f"{mvn} -q dependency:go-offline || true"]
        answers["build_run"] = [f"{mvn} -DskipTests clean package"]
    _jvm_runtime(answers, "java", facts)


def _scala(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    sbt = str(
        facts.get("sbt_version") or runtimes_blueprint()["languages"]["java"].get("sbt", "1.10.7")
    )
    answers["images"]["build"] = _image("java", facts, "build_image")
    answers["downloads"] = [
        {
            "url": f"https://github.com/sbt/sbt/releases/download/v{sbt}/sbt-{sbt}.tgz",
            "to": "/tmp/sbt.tgz",
        }
    ]
    answers["toolchain_setup"] = ["tar -xzf /tmp/sbt.tgz -C /opt && rm /tmp/sbt.tgz"]
    answers["path"] = "/opt/sbt/bin"
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["build.sbt"])))
    answers["deps_run"] = ["sbt -batch update"]
    answers["build_run"] = ["sbt -batch compile stage"]
    _jvm_runtime(answers, "scala", facts)
    answers["path"] = ""


_PHP_BUILTIN = {
    "ctype",
    "curl",
    "dom",
    "fileinfo",
    "filter",
    "hash",
    "iconv",
    "json",
    "libxml",
    "mbstring",
    "mysqlnd",
    "openssl",
    "pcre",
    "pdo",
    "pdo_sqlite",
    "phar",
    "posix",
    "readline",
    "reflection",
    "session",
    "simplexml",
    "sodium",
    "spl",
    "sqlite3",
    "standard",
    "tokenizer",
    "xml",
    "xmlreader",
    "xmlwriter",
    "zlib",
}


def _php(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    spec = runtimes_blueprint()["languages"]["php"]
    commands = " ".join(answers["replacement_commands"].values()) + " " + answers["cmd"]
    server = "nginx" if "herokube-php-nginx" in commands else "apache"
    image = _image("php", facts, "fpm_image" if server == "nginx" else "apache_image")
    answers["images"].update(build=image, runtime=image, composer=str(spec["composer_image"]))
    answers["toolchain_copies"] = [
        {"stage": "composer", "from": "/usr/bin/composer", "to": "/usr/bin/composer"}
    ]
    answers["build_packages"] += ["git", "unzip"]
    extensions = [e for e in facts.get("extensions", []) if e not in _PHP_BUILTIN]
    known = spec.get("extensions", {})
    build_apt = sorted({p for e in extensions if e in known for p in known[e].get("apt", [])})
    runtime_apt = sorted(
        {p for e in extensions if e in known for p in known[e].get("runtime_apt", [])}
    )
    unknown = [e for e in extensions if e not in known]
    if unknown:
        answers["notes"].append(
            "PHP extensions to add by hand (pecl or docker-php-ext-install): " + ", ".join(unknown)
        )
    install = [e for e in extensions if e in known]
    answers["runtime_packages"] += runtime_apt + (["nginx"] if server == "nginx" else [])
    answers["build_env"] = {"COMPOSER_ALLOW_SUPERUSER": "1", "COMPOSER_NO_INTERACTION": "1"}
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["composer.json"])))
    answers["deps_run"] = [
        "composer install --no-dev --no-scripts --no-autoloader --prefer-dist --ignore-platform-req='ext-*'"
    ]
    build = ["composer dump-autoload --no-dev --optimize"]
    if facts.get("composer_compile"):
        build.append("composer run-script --no-dev compile")
    answers["build_run"] = build
    answers["runtime_copy"] = [{"from": "/app", "to": "/app"}]
    docroot = facts.get("document_root") or ""
    answers["php"] = {
        "server": server,
        "document_root": f"/app/{docroot}" if docroot else "/app",
        "extensions": install,
        "extension_packages": build_apt or ["pkg-config"],
    }
    answers["runtime_env"] = {"HOME": "/tmp"}
    if server == "apache":
        answers["runtime_env"].update(
            APACHE_RUN_DIR="/tmp/apache2",
            APACHE_LOCK_DIR="/tmp/apache2",
            APACHE_PID_FILE="/tmp/apache2/apache2.pid",
            APACHE_DOCUMENT_ROOT=answers["php"]["document_root"],
        )


def _elixir(answers: dict[str, Any], runtime: Runtime, facts: Mapping[str, Any]) -> None:
    answers["images"].update(
        build=_image("elixir", facts, "build_image"),
        runtime=_image("elixir", facts, "runtime_image"),
    )
    answers["build_packages"] += ["build-essential", "git"]
    answers["runtime_packages"] += [
        "ca-certificates",
        "libncurses6",
        "libstdc++6",
        "locales",
        "openssl",
    ]
    answers["build_env"] = {"MIX_ENV": "prod"}
    answers["toolchain_setup"] = ["mix local.hex --force && mix local.rebar --force"]
    answers["deps_copy"] = _copy_groups(list(facts.get("manifests", ["mix.exs"])))
    answers["deps_run"] = ["mix deps.get --only prod && mix deps.compile"]
    build = ["mix compile"]
    if facts.get("assets_deploy"):
        build.append("mix assets.deploy")
    build.append("mix release")
    answers["build_run"] = build
    name = facts.get("release_name")
    if name:
        answers["runtime_copy"] = [{"from": f"/app/_build/prod/rel/{name}", "to": "/app"}]
    else:
        answers["runtime_copy"] = [{"from": "/app/_build/prod/rel", "to": "/app/rel"}]
        answers["notes"].append(
            "The release name was not found in mix.exs: fix the COPY of the release and the CMD."
        )
    answers["runtime_env"] = {
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "MIX_ENV": "prod",
        "PHX_SERVER": "true",
        "RELEASE_TMP": "/tmp",
    }
    answers["path"] = "/app/bin"


_LANGUAGE = {
    "node": _node,
    "python": _python,
    "ruby": _ruby,
    "go": _go,
    "java": _java,
    "scala": _scala,
    "php": _php,
    "elixir": _elixir,
}
