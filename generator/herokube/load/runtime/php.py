"""PHP, as heroku/php builds it: Composer, and Apache or Nginx with PHP-FPM.

Version: ``composer.json`` ``require.php`` (Composer's constraint syntax) > ``.tool-versions``
``php``. ``ext-*`` requirements become extensions built into the image.
"""

from __future__ import annotations

from ._tree import Found, Tree, mapping
from .versions import Declared

__all__ = ["detect", "inspect"]

_FRAMEWORKS: tuple[tuple[str, str, str, list[str]], ...] = (
    # Laravel's leaf folders, not storage/ itself: an emptyDir over storage/ would hide the
    # framework/ folders Laravel expects to exist, and one over bootstrap/cache the package
    # manifest and event cache the build wrote (docs/runtimes.md).
    (
        "laravel/framework",
        "laravel",
        "public",
        [
            "/app/storage/app",
            "/app/storage/framework/cache",
            "/app/storage/framework/sessions",
            "/app/storage/framework/views",
            "/app/storage/logs",
        ],
    ),
    ("symfony/framework-bundle", "symfony", "public", ["/app/var"]),
    ("slim/slim", "slim", "", []),
    ("cakephp/cakephp", "cakephp", "webroot", ["/app/tmp", "/app/logs"]),
)


def detect(tree: Tree) -> bool:
    return bool(tree.present("composer.json", "index.php"))


def inspect(tree: Tree) -> Found:
    found = Found("php", package_manager="composer")
    composer = tree.json("composer.json") or {}
    require = mapping(composer.get("require"))
    if isinstance(require.get("php"), str):
        found.declarations.append(Declared(require["php"], "composer.json require.php", "composer"))
    tool = tree.tool_versions().get("php")
    if tool:
        found.declarations.append(Declared(tool, ".tool-versions php", "composer"))
    framework: str | None = None
    docroot = ""
    writable: list[str] = []
    for package, name, root, paths in _FRAMEWORKS:
        if package in require:
            framework, docroot, writable = name, root, paths
            break
    found.default_processes["web"] = "heroku-php-apache2" + (f" {docroot}/" if docroot else "")
    scripts = mapping(composer.get("scripts"))
    found.facts.update(
        {
            "framework": framework,
            "document_root": docroot,
            "extensions": sorted(
                k[4:].lower() for k in require if isinstance(k, str) and k.startswith("ext-")
            ),
            "composer_compile": "compile" in scripts,
            "lockfile": "composer.lock" if tree.exists("composer.lock") else None,
            "manifests": tree.present("composer.json", "composer.lock"),
            "static_assets": "composer compile" if "compile" in scripts else None,
            "writable_paths": writable,
        }
    )
    return found
