"""Which languages build the app, in which order, and at which versions.

Order of evidence:

1. the buildpack list: the export's buildpack installations or the ``buildpacks`` argument,
   else app.json ``buildpacks``, else app.json ``env.BUILDPACK_URL``, else ``.buildpacks``
   (heroku-buildpack-multi). Language buildpacks build in that order; the last one is the
   primary language (it provides the default processes). System buildpacks (apt, graphviz, jq
   ...) become Debian packages (``blueprints/runtimes.yaml`` ``system_buildpacks``).
2. without a list, the files, the way each buildpack's ``detect`` looks at them, in Heroku's
   auto-detection order (Ruby, Node.js, Python, Java, Gradle, Scala, PHP, Go, then Elixir).
   Heroku would stop at the first match; herokube prefers a non-Node language over Node when
   both match (package.json next to a Gemfile is the asset toolchain) and says so.

A Node toolchain is added before a Ruby, Python, PHP or Elixir build when ``package.json`` has
dependencies or a build script (the Ruby buildpack installs Node itself for the same reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from herokube.blueprints import SystemBuildpack, runtimes_blueprint
from herokube.model import Notice, Runtime

from . import elixir, go, java, node, php, python, ruby, scala
from ._tree import Found, Tree, mapping
from .versions import resolve

__all__ = ["detect_runtime", "language_of_buildpack"]

_Module = Any
_MODULES: dict[str, _Module] = {
    "ruby": ruby,
    "node": node,
    "python": python,
    "java": java,
    "scala": scala,
    "php": php,
    "go": go,
    "elixir": elixir,
}
_AUTO_ORDER = ("ruby", "node", "python", "java", "scala", "php", "go", "elixir")

# Substrings of buildpack URLs and names → language. Checked in order.
_BUILDPACKS: tuple[tuple[str, str], ...] = (
    ("heroku/nodejs", "node"),
    ("heroku-buildpack-nodejs", "node"),
    ("heroku/node", "node"),
    ("heroku/ruby", "ruby"),
    ("heroku-buildpack-ruby", "ruby"),
    ("heroku/python", "python"),
    ("heroku-buildpack-python", "python"),
    ("heroku/gradle", "java"),
    ("heroku-buildpack-gradle", "java"),
    ("heroku/java", "java"),
    ("heroku-buildpack-java", "java"),
    ("heroku/scala", "scala"),
    ("heroku-buildpack-scala", "scala"),
    ("heroku/php", "php"),
    ("heroku-buildpack-php", "php"),
    ("heroku/go", "go"),
    ("heroku-buildpack-go", "go"),
    ("heroku-buildpack-elixir", "elixir"),
    ("elixir-buildpack", "elixir"),
)
_ASSET_HOSTS = ("ruby", "python", "php", "elixir")


def language_of_buildpack(url: str) -> str | None:
    """``heroku/nodejs``, ``urn:buildpack:heroku/ruby``, a GitHub URL ... → language, or None."""
    lowered = url.strip().lower()
    return next((language for needle, language in _BUILDPACKS if needle in lowered), None)


def _buildpack_list(
    tree: Tree, buildpacks: Sequence[str], app_json: Mapping[str, Any] | None
) -> tuple[list[str], str | None]:
    if buildpacks:
        listed, source = list(buildpacks), "export buildpacks"
    else:
        listed, source = [], None
        raw = app_json.get("buildpacks") if app_json else None
        if isinstance(raw, list):
            listed = [str(b.get("url")) if isinstance(b, dict) else str(b) for b in raw if b]
            source = "app.json buildpacks"
        env = app_json.get("env") if app_json else None
        legacy = env.get("BUILDPACK_URL") if isinstance(env, dict) else None
        if isinstance(legacy, dict):
            legacy = legacy.get("value")
        if not listed and isinstance(legacy, str) and legacy:
            listed, source = [legacy], "app.json env.BUILDPACK_URL"
    if (not listed or any("buildpack-multi" in b for b in listed)) and tree.text(".buildpacks"):
        lines = [
            line.split("#", 1)[0].strip() for line in (tree.text(".buildpacks") or "").splitlines()
        ]
        listed, source = [line for line in lines if line], ".buildpacks"
    return listed, source


def _system_buildpack(url: str) -> SystemBuildpack | None:
    table = runtimes_blueprint().system_buildpacks
    lowered = url.lower()
    return next((spec for needle, spec in table.items() if needle in lowered), None)


def _aptfile(tree: Tree) -> list[str]:
    return [
        line.strip()
        for line in (tree.text("Aptfile") or "").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _other_buildpack(
    tree: Tree, url: str, where: str, notices: list[Notice], extra: dict[str, Any]
) -> None:
    """A buildpack that is not a language: its packages and environment, or an unknown one."""
    system = _system_buildpack(url)
    if system is None:
        extra["unknown_buildpacks"].append(url)
        notices.append(
            Notice(
                "buildpack-unknown",
                where,
                "not a buildpack herokube knows: the Dockerfile has a stage named after it "
                "that fails until the team writes what it did",
            )
        )
        return
    extra["system_env"].update(system.env)
    if "phoenix-static" in url.lower():
        extra["phoenix_static"] = True
    if system.note:
        notices.append(Notice("buildpack-partial", where, system.note))
    if system.aptfile:
        extra["apt_packages"] += _aptfile(tree)
    elif system.apt:
        extra["apt_packages"] += list(system.apt)
        notices.append(
            Notice(
                "buildpack-system-packages",
                where,
                "installed as Debian packages: " + ", ".join(system.apt),
            )
        )


def _choose_languages(
    tree: Tree, listed: list[str], source: str | None, notices: list[Notice], extra: dict[str, Any]
) -> list[str]:
    languages: list[str] = []
    for url in listed:
        language = language_of_buildpack(url)
        if language is not None:
            if language not in languages:
                languages.append(language)
            if not _MODULES[language].detect(tree) and tree.root is not None:
                notices.append(
                    Notice(
                        "buildpack-without-manifest",
                        f"{source}: {url}",
                        f"the {language} buildpack finds no manifest in the source tree",
                    )
                )
            continue
        _other_buildpack(tree, url, f"{source}: {url}", notices, extra)
    if languages:
        return languages
    detected = [name for name in _AUTO_ORDER if _MODULES[name].detect(tree)]
    if not detected:
        return []
    primary = next((n for n in detected if n != "node"), detected[0])
    if detected[0] != primary:
        notices.append(
            Notice(
                "runtime-multiple-languages",
                "source tree",
                f"files of {', '.join(detected)}: Heroku's auto-detection would pick {detected[0]}; "
                f"herokube builds {primary} (set the buildpacks to choose)",
            )
        )
    elif len([n for n in detected if n != "node"]) > 1:
        notices.append(
            Notice(
                "runtime-multiple-languages",
                "source tree",
                f"files of {', '.join(detected)}: {primary} is built, as Heroku's auto-detection would",
            )
        )
    return [primary]


def _needs_node(tree: Tree, primary: str) -> bool:
    if primary not in _ASSET_HOSTS or not tree.exists("package.json"):
        return False
    package = tree.json("package.json") or {}
    scripts = mapping(package.get("scripts"))
    return bool(package.get("dependencies")) or "build" in scripts or tree.exists("yarn.lock")


def _toolchain(found: Found, stack_notices: list[Notice]) -> dict[str, Any]:
    resolution = resolve(
        "java" if found.language == "scala" else found.language,
        found.declarations,
        hints=found.hints,
    )
    stack_notices += resolution.notices
    return {
        **found.facts,
        "package_manager": found.package_manager,
        "version": resolution.declared.text if resolution.declared else resolution.version,
        "version_source": resolution.declared.source if resolution.declared else "default",
        "version_resolved": resolution.version,
        "version_line": resolution.line,
        "eol": resolution.eol,
    }


def _other_toolchains(
    found: Mapping[str, Found], primary: str, explicit_node: bool, notices: list[Notice]
) -> dict[str, Any]:
    """The languages other than the primary, with their resolved versions."""
    return {
        name: {
            **_toolchain(item, notices),
            # Node's build script runs when Node is a buildpack of the list, or when herokube
            # adds Node for assets to a language whose build does not run it (Ruby's
            # assets:precompile runs it, as the Ruby buildpack's does).
            "run_build": explicit_node or primary != "ruby",
        }
        for name, item in found.items()
        if name != primary
    }


def _stack(stack: str | None, notices: list[Notice]) -> dict[str, Any] | None:
    if not stack:
        return None
    spec = runtimes_blueprint().stacks.get(stack)
    if spec is None:
        if stack != "container":
            notices.append(
                Notice("stack-unknown", f"stack {stack}", "not a Heroku stack herokube knows")
            )
        return {"name": stack}
    as_of = runtimes_blueprint().as_of
    if spec.eol <= as_of:
        notices.append(
            Notice(
                "stack-eol",
                f"stack {stack}",
                f"{stack} reached end of life on {spec.eol}; the image uses a current Debian",
            )
        )
    return {"name": stack, **spec.model_dump()}


def detect_runtime(
    source: Path | None,
    *,
    buildpacks: Sequence[str] = (),
    app_json: Mapping[str, Any] | None = None,
    stack: str | None = None,
) -> tuple[Runtime, tuple[Notice, ...]]:
    """Detect the app's languages, versions and build facts as the Heroku buildpacks would."""
    tree = Tree(source)
    notices: list[Notice] = []
    extra: dict[str, Any] = {
        "apt_packages": [],
        "system_env": {},
        "unknown_buildpacks": [],
        "phoenix_static": False,
    }
    listed, list_source = _buildpack_list(tree, buildpacks, app_json)
    languages = _choose_languages(tree, listed, list_source, notices, extra)
    apt: list[str] = extra["apt_packages"]
    if not languages:
        notices.append(
            Notice(
                "runtime-unknown",
                str(source) if source else "export",
                "no buildpack and no language manifest: the Dockerfile needs a base image chosen by hand",
            )
        )
        return Runtime(
            language="unknown",
            facts={**extra, "writable_paths": [], "apt_packages": sorted(set(apt))},
        ), tuple(notices + tree.notices)
    primary = _primary_language(languages)
    explicit_node = "node" in languages
    if not explicit_node and _needs_node(tree, primary):
        languages.insert(0, "node")
    found = {name: _MODULES[name].inspect(tree) for name in languages}
    main = found[primary]
    for item in found.values():
        notices += item.notices
    facts = _toolchain(main, notices)
    toolchains = _other_toolchains(found, primary, explicit_node, notices)
    writable = sorted({p for item in found.values() for p in item.facts.get("writable_paths", [])})
    facts.update(
        {
            "toolchains": toolchains,
            "writable_paths": writable,
            "jvm": primary in ("java", "scala"),
            **extra,
            "apt_packages": sorted(set(apt)),
            "stack": _stack(stack, notices),
            "buildpacks": listed,
        }
    )
    if not facts.get("static_assets") and "node" in toolchains:
        facts["static_assets"] = toolchains["node"].get("static_assets")
    defaults = dict(main.default_processes)
    has_procfile = source is not None and (
        (source / "Procfile").is_file() or _procfile_path(app_json)
    )
    if source is not None and not has_procfile and defaults:
        notices.append(
            Notice(
                "no-procfile",
                str(source / "Procfile"),
                "no Procfile: the processes are the buildpack's defaults ("
                + "; ".join(f"{k}: {v}" for k, v in sorted(defaults.items()))
                + ")",
            )
        )
    runtime = Runtime(
        language=primary,
        version=facts["version"],
        version_source=facts["version_source"],
        languages=tuple(languages),
        package_manager=main.package_manager,
        default_processes=defaults,
        facts=facts,
    )
    return runtime, tuple(notices + tree.notices)


def _primary_language(languages: list[str]) -> str:
    """The language the processes run on: the last language buildpack other than Node.

    Heroku's last buildpack only supplies default process types; with Node before or after
    another language (Laravel's heroku/php then heroku/nodejs, Rails' heroku/nodejs then
    heroku/ruby), Node builds assets and the other language serves. Node alone is primary.
    """
    others = [name for name in languages if name != "node"]
    return others[-1] if others else languages[-1]


def _procfile_path(app_json: Mapping[str, Any] | None) -> bool:
    env = app_json.get("env") if app_json else None
    return isinstance(env, dict) and "PROCFILE_PATH" in env
