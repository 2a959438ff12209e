"""Go, Java, Scala, PHP and Elixir builds, step by step as their Heroku buildpacks run them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from herokube.blueprints import runtimes_blueprint
from herokube.model import Notice, Runtime

from .images import image_for
from .scripting import LanguageBuild, copy_groups, node_toolchain
from .spec import Download, PhpServer, RuntimeCopy, StageCopy, Steps

__all__ = ["elixir_build", "go_build", "java_build", "php_build", "scala_build"]


def _images(
    language: str, facts: Mapping[str, Any], build_key: str, runtime_key: str = "runtime_image"
) -> tuple[str, str, tuple[Notice, ...]]:
    """The build and runtime images, and what choosing them noticed (an unpublished version)."""
    build, runtime = (
        image_for(language, str(facts.get("version_resolved")), facts.get("version_line"), key)
        for key in (build_key, runtime_key)
    )
    return build.image, runtime.image, tuple(dict.fromkeys(build.notices + runtime.notices))


def go_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    build_image, runtime_image, notices = _images("go", facts, "build_image")
    packages = " ".join(facts.get("install_packages", ["."]))
    steps = Steps(
        runtime_packages=("ca-certificates",),
        build_env={"GOFLAGS": "-trimpath"},
        deps_copy=copy_groups(list(facts.get("manifests", ["go.mod"]))),
        deps_run=() if facts.get("vendored") else ("go mod download",),
        build_run=(f"go build -o /app/bin/ {packages}",),
        runtime_copy=(RuntimeCopy("/app", "/app"),),
        path="/app/bin",
    )
    return LanguageBuild(build_image, runtime_image, steps, notices=notices)


def _jvm_runtime() -> Steps:
    return Steps(runtime_copy=(RuntimeCopy("/app", "/app"),), runtime_env={"HOME": "/tmp"})


def java_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    wrapper = bool(facts.get("wrapper"))
    if runtime.package_manager == "gradle":
        images = _images("java", facts, "build_image" if wrapper else "gradle_image")
        gradle = "./gradlew --no-daemon" if wrapper else "gradle --no-daemon"
        task = "stage" if facts.get("gradle_stage_task") else "build -x check"
        steps = Steps(
            deps_copy=copy_groups(list(facts.get("manifests", ["build.gradle"]))),
            # Best-effort cache warm-up: a project whose build script needs its sources fails
            # here and resolves its dependencies in the build stage instead.
            deps_run=(f"{gradle} dependencies > /dev/null || true",),
            build_run=(f"{gradle} {task}",),
        )
    else:
        images = _images("java", facts, "build_image" if wrapper else "maven_image")
        mvn = "./mvnw -B" if wrapper else "mvn -B"
        steps = Steps(
            deps_copy=copy_groups(list(facts.get("manifests", ["pom.xml"]))),
            deps_run=(f"{mvn} -q dependency:go-offline || true",),
            build_run=(f"{mvn} -DskipTests clean package",),
        )
    build_image, runtime_image, notices = images
    return LanguageBuild(build_image, runtime_image, steps + _jvm_runtime(), notices=notices)


def scala_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    sbt = str(facts.get("sbt_version") or runtimes_blueprint().languages["java"].sbt or "1.10.7")
    steps = Steps(
        downloads=(
            Download(
                f"https://github.com/sbt/sbt/releases/download/v{sbt}/sbt-{sbt}.tgz",
                "/tmp/sbt.tgz",
            ),
        ),
        toolchain_setup=("tar -xzf /tmp/sbt.tgz -C /opt && rm /tmp/sbt.tgz",),
        deps_copy=copy_groups(list(facts.get("manifests", ["build.sbt"]))),
        deps_run=("sbt -batch update",),
        build_run=("sbt -batch compile stage",),
    )
    build_image, runtime_image, notices = _images("java", facts, "build_image")
    return LanguageBuild(build_image, runtime_image, steps + _jvm_runtime(), notices=notices)


_PHP_BUILTIN = frozenset(
    "ctype curl dom fileinfo filter hash iconv json libxml mbstring mysqlnd openssl pcre pdo"
    " pdo_sqlite phar posix readline reflection session simplexml sodium spl sqlite3 standard"
    " tokenizer xml xmlreader xmlwriter zlib".split()
)
# Laravel's deploy-time caches that neither read config vars (config:cache would bake the build's
# environment into the image) nor land on a writable mount (view:cache writes storage/, which
# the pods mount empty): the event cache in bootstrap/cache. docs/runtimes.md.
_LARAVEL_OPTIMISE = ("php artisan event:cache",)


def php_build(runtime: Runtime, facts: Mapping[str, Any], commands: str) -> LanguageBuild:
    """``commands``: every process command, to tell heroku-php-nginx from heroku-php-apache2."""
    spec = runtimes_blueprint().languages["php"]
    server: str = "nginx" if "herokube-php-nginx" in commands else "apache"
    choice = image_for(
        "php",
        str(facts.get("version_resolved")),
        facts.get("version_line"),
        "fpm_image" if server == "nginx" else "apache_image",
    )
    extensions = [e for e in facts.get("extensions", []) if e not in _PHP_BUILTIN]
    known = spec.extensions
    build_apt = sorted({p for e in extensions if e in known for p in known[e].apt})
    runtime_apt = sorted({p for e in extensions if e in known for p in known[e].runtime_apt})
    unknown = [e for e in extensions if e not in known]
    notes = (
        ("PHP extensions to add by hand (pecl or docker-php-ext-install): " + ", ".join(unknown),)
        if unknown
        else ()
    )
    build = ["composer dump-autoload --no-dev --optimize"]
    if facts.get("composer_compile"):
        build.append("composer run-script --no-dev compile")
    if facts.get("framework") == "laravel":
        build += _LARAVEL_OPTIMISE
    docroot = facts.get("document_root") or ""
    root = f"/app/{docroot}" if docroot else "/app"
    runtime_env = {"HOME": "/tmp"}
    if server == "apache":
        runtime_env.update(
            APACHE_RUN_DIR="/tmp/apache2",
            APACHE_LOCK_DIR="/tmp/apache2",
            APACHE_PID_FILE="/tmp/apache2/apache2.pid",
            APACHE_DOCUMENT_ROOT=root,
        )
    steps = Steps(
        images={"composer": str(spec.composer_image)},
        toolchain_copies=(StageCopy("composer", "/usr/bin/composer", "/usr/bin/composer"),),
        build_packages=("git", "unzip"),
        runtime_packages=(*runtime_apt, *(("nginx",) if server == "nginx" else ())),
        build_env={"COMPOSER_ALLOW_SUPERUSER": "1", "COMPOSER_NO_INTERACTION": "1"},
        deps_copy=copy_groups(list(facts.get("manifests", ["composer.json"]))),
        deps_run=(
            "composer install --no-dev --no-scripts --no-autoloader --prefer-dist"
            " --ignore-platform-req='ext-*'",
        ),
        build_run=tuple(build),
        runtime_copy=(RuntimeCopy("/app", "/app"),),
        runtime_env=runtime_env,
        notes=notes,
    )
    php = PhpServer(
        "nginx" if server == "nginx" else "apache",
        root,
        tuple(e for e in extensions if e in known),
        tuple(build_apt or ["pkg-config"]),
    )
    return LanguageBuild(choice.image, choice.image, steps, php=php, notices=choice.notices)


def _phoenix_static(facts: Mapping[str, Any]) -> tuple[Steps, tuple[str, ...]]:
    """heroku-buildpack-phoenix-static: Node for ``assets/``, its deploy script, phx.digest."""
    node_facts = runtimes_blueprint().languages["node"]
    line = node_facts.default
    tc = {
        "version_resolved": node_facts.lines[line].latest,
        "version_line": line,
        "package_manager": "npm",
        "lockfile": "assets/package-lock.json" in facts.get("assets_manifests", []),
        "manifests": list(facts.get("assets_manifests", [])),
    }
    steps, _ = node_toolchain(tc, run_build=False)
    # The toolchain's own install/prune run at the root; phoenix-static runs them in assets/.
    install = "npm ci --prefix assets" if tc["lockfile"] else "npm install --prefix assets"
    steps = Steps(
        images=steps.images,
        toolchain_copies=steps.toolchain_copies,
        toolchain_setup=steps.toolchain_setup,
        deps_copy=steps.deps_copy,
        deps_run=(install,),
    )
    build = ["npm run deploy --prefix assets"] if facts.get("assets_deploy_script") else []
    return steps, (*build, "mix phx.digest")


def elixir_build(runtime: Runtime, facts: Mapping[str, Any]) -> LanguageBuild:
    build = ["mix compile"]
    extra = Steps()
    if facts.get("phoenix_static") and facts.get("assets_manifests"):
        extra, assets = _phoenix_static(facts)
        build += assets
    elif facts.get("assets_deploy"):
        build.append("mix assets.deploy")
    build.append("mix release")
    name = facts.get("release_name")
    copy = RuntimeCopy(
        f"/app/_build/prod/rel/{name}" if name else "/app/_build/prod/rel",
        "/app" if name else "/app/rel",
    )
    notes = (
        ()
        if name
        else (
            "The release name was not found in mix.exs: fix the COPY of the release and the CMD.",
        )
    )
    steps = Steps(
        build_packages=("build-essential", "git"),
        runtime_packages=("ca-certificates", "libncurses6", "libstdc++6", "locales", "openssl"),
        build_env={"MIX_ENV": "prod"},
        toolchain_setup=("mix local.hex --force && mix local.rebar --force",),
        deps_copy=copy_groups(list(facts.get("manifests", ["mix.exs"]))),
        deps_run=("mix deps.get --only prod && mix deps.compile",),
        build_run=tuple(build),
        runtime_copy=(copy,),
        runtime_env={
            "HOME": "/tmp",
            "LANG": "C.UTF-8",
            "MIX_ENV": "prod",
            "PHX_SERVER": "true",
            "RELEASE_TMP": "/tmp",
        },
        path="/app/bin",
        notes=notes,
    )
    build_image, runtime_image, notices = _images("elixir", facts, "build_image")
    return LanguageBuild(build_image, runtime_image, steps + extra, notices=notices)
