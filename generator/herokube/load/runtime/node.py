"""Node.js, as heroku/nodejs builds it: npm, Yarn 1, Yarn Berry or pnpm.

Version precedence: ``package.json`` ``engines.node`` (what the buildpack reads) > ``.node-version``
> ``.nvmrc`` > ``.tool-versions`` ``nodejs``. The package manager comes from ``packageManager``,
else the lock file (``pnpm-lock.yaml``, ``yarn.lock``, ``package-lock.json``), else npm.
"""

from __future__ import annotations

from typing import Any

from herokube.model import Notice

from ._tree import Found, Tree, mapping
from .versions import Declared, parse_version

__all__ = ["detect", "inspect"]

_FRAMEWORKS = (  # first dependency found names the framework
    ("next", "next"),
    ("nuxt", "nuxt"),
    ("@nestjs/core", "nestjs"),
    ("@remix-run/node", "remix"),
    ("koa", "koa"),
    ("fastify", "fastify"),
    ("parse-server", "express"),
    ("express", "express"),
)
_LIFECYCLE = ("preinstall", "install", "postinstall", "prepare")


def detect(tree: Tree) -> bool:
    return tree.exists("package.json")


def _versions(tree: Tree, package: dict[str, Any], found: Found) -> None:
    engines = mapping(package.get("engines"))
    if isinstance(engines.get("node"), str) and engines["node"].strip():
        found.declarations.append(
            Declared(engines["node"].strip(), "package.json engines.node", "npm")
        )
    for rel in (".node-version", ".nvmrc"):
        line = tree.first_line(rel)
        if line:
            found.declarations.append(Declared(line.removeprefix("v"), rel, "npm"))
    tool = tree.tool_versions().get("nodejs") or tree.tool_versions().get("node")
    if tool:
        found.declarations.append(Declared(tool.removeprefix("v"), ".tool-versions nodejs", "npm"))


def _package_manager(
    tree: Tree, package: dict[str, Any], found: Found
) -> tuple[str, str | None, str | None]:
    """(manager, its declared version, lock file)."""
    declared = package.get("packageManager")
    manager, version = None, None
    if isinstance(declared, str) and "@" in declared:
        manager, _, version = declared.partition("@")
        version = version.split("+", 1)[0]
        if manager not in ("npm", "yarn", "pnpm"):
            found.notices.append(
                Notice(
                    "node-package-manager-unknown",
                    "package.json packageManager",
                    f"{manager!r} is not npm, yarn or pnpm; npm is used",
                )
            )
            manager, version = None, None
    locks = tree.present("pnpm-lock.yaml", "yarn.lock", "package-lock.json", "npm-shrinkwrap.json")
    by_lock = (
        {"pnpm-lock.yaml": "pnpm", "yarn.lock": "yarn"}.get(locks[0], "npm") if locks else None
    )
    if manager is None:
        manager = by_lock or "npm"
    if len(locks) > 1:
        found.notices.append(
            Notice(
                "node-lockfiles",
                ", ".join(locks),
                f"several lock files; {manager} is used, as on Heroku",
            )
        )
    lock = next(
        (
            name
            for name in locks
            if {"pnpm-lock.yaml": "pnpm", "yarn.lock": "yarn"}.get(name, "npm") == manager
        ),
        None,
    )
    if version is None:
        engines = mapping(package.get("engines"))
        if isinstance(engines.get(manager), str):
            version = engines[manager].strip()
    return manager, version, lock


def inspect(tree: Tree) -> Found:
    found = Found("node")
    package = tree.json("package.json") or {}
    _versions(tree, package, found)
    manager, manager_version, lock = _package_manager(tree, package, found)
    berry = manager == "yarn" and (
        tree.exists(".yarnrc.yml")
        or (
            manager_version is not None
            and (parse_version(manager_version) or ((1, 0, 0), 1))[0] >= (2, 0, 0)
        )
    )
    found.package_manager = manager
    scripts = mapping(package.get("scripts"))
    dependencies = {
        **(mapping(package.get("devDependencies"))),
        **(mapping(package.get("dependencies"))),
    }
    runtime_deps = mapping(package.get("dependencies"))
    framework = next((name for dep, name in _FRAMEWORKS if dep in runtime_deps), None)

    # Heroku: heroku-prebuild, install, then heroku-postbuild if defined, else build.
    build_script = None
    if "heroku-postbuild" in scripts:
        build_script = "heroku-postbuild"
        if "migrate" in str(scripts["heroku-postbuild"]):
            # A database migration at image build time cannot reach the database.
            build_script = "build" if "build" in scripts else None
            found.notices.append(
                Notice(
                    "build-step-needs-database",
                    "package.json scripts.heroku-postbuild",
                    f"runs a migration at build time ({scripts['heroku-postbuild']!r}); the image runs "
                    + (f"'{build_script}' instead; " if build_script else "no build script; ")
                    + "run migrations from a release process",
                )
            )
    elif "build" in scripts:
        build_script = "build"

    manifests = ["package.json", *([lock] if lock else [])]
    if berry:
        manifests += tree.present(".yarnrc.yml", ".yarn/releases", ".yarn/plugins", ".yarn/patches")
    elif manager == "yarn":
        manifests += tree.present(".yarnrc")
    manifests += tree.present(".npmrc", "pnpm-workspace.yaml")
    lifecycle = sorted(s for s in (*_LIFECYCLE, "heroku-prebuild") if s in scripts)

    if "start" in scripts:
        found.default_processes["web"] = "npm start"
    elif tree.exists("server.js"):
        found.default_processes["web"] = "node server.js"
    writable = ["/app/.next/cache"] if framework == "next" else []
    found.facts.update(
        {
            "framework": framework,
            "lockfile": lock,
            "package_manager_version": manager_version,
            "yarn_berry": berry,
            "manifests": manifests,
            "install_needs_source": bool(lifecycle),
            "lifecycle_scripts": lifecycle,
            "prebuild_script": "heroku-prebuild" if "heroku-prebuild" in scripts else None,
            "build_script": build_script,
            "static_assets": f"{manager} run {build_script}" if build_script else None,
            "has_dependencies": bool(dependencies),
            "writable_paths": writable,
        }
    )
    return found
