"""Ruby, as heroku/ruby builds it: Bundler, and Rails' asset precompile.

Version precedence: ``Gemfile.lock`` ``RUBY VERSION`` (what Bundler resolved) > ``Gemfile``
``ruby`` directive (``ruby file: ".ruby-version"`` reads that file) > ``.ruby-version``
> ``.tool-versions`` ``ruby``.
"""

from __future__ import annotations

import re

from ._tree import Found, Tree
from .versions import Declared

__all__ = ["detect", "inspect"]

_RUBY = re.compile(r"^\s*ruby\s*\(?\s*(.+?)\s*\)?\s*$", re.MULTILINE)
_GEM = re.compile(r"""^\s*gem\s+["']([\w.-]+)["']""", re.MULTILINE)
_LOCK_RUBY = re.compile(r"^RUBY VERSION\s*\n\s+ruby\s+([\d.]+)", re.MULTILINE)
_BUNDLED = re.compile(r"^BUNDLED WITH\s*\n\s+([\d.]+)", re.MULTILINE)


def detect(tree: Tree) -> bool:
    return tree.exists("Gemfile")


def _gemfile_ruby(tree: Tree, gemfile: str, found: Found) -> None:
    match = _RUBY.search(gemfile)
    if not match:
        return
    args = match.group(1)
    file_arg = re.search(r"""file:\s*["']([^"']+)["']""", args)
    if file_arg:
        line = tree.first_line(file_arg.group(1))
        if line:
            found.declarations.append(
                Declared(
                    line.removeprefix("ruby-"), file_arg.group(1) + " (Gemfile ruby file:)", "gem"
                )
            )
        return
    # Keep the requirement strings, drop keyword options (engine:, patchlevel:).
    head = re.split(r",?\s*\b\w+:", args, maxsplit=1)[0]
    requirements = re.findall(r"""["']([^"']+)["']""", head)
    if requirements:
        found.declarations.append(Declared(", ".join(requirements), "Gemfile ruby", "gem"))


def inspect(tree: Tree) -> Found:
    found = Found("ruby", package_manager="bundler")
    gemfile = tree.text("Gemfile") or ""
    lock = tree.text("Gemfile.lock") or ""
    locked = _LOCK_RUBY.search(lock)
    if locked:
        found.declarations.append(Declared(locked.group(1), "Gemfile.lock RUBY VERSION", "gem"))
    _gemfile_ruby(tree, gemfile, found)
    ruby_version = tree.first_line(".ruby-version")
    if ruby_version and not any(d.source.startswith(".ruby-version") for d in found.declarations):
        found.declarations.append(
            Declared(ruby_version.removeprefix("ruby-"), ".ruby-version", "gem")
        )
    tool = tree.tool_versions().get("ruby")
    if tool:
        found.declarations.append(Declared(tool, ".tool-versions ruby", "gem"))

    gems = set(_GEM.findall(gemfile)) | set(re.findall(r"^    ([\w.-]+) \(", lock, re.MULTILINE))
    rails = "rails" in gems or "railties" in gems or tree.exists("config/application.rb")
    framework = (
        "rails"
        if rails
        else ("sinatra" if "sinatra" in gems else ("hanami" if "hanami" in gems else None))
    )
    if rails:
        found.default_processes["web"] = "bin/rails server -p $PORT -e $RAILS_ENV"
    elif tree.exists("config.ru"):
        found.default_processes["web"] = "bundle exec rackup config.ru -p $PORT"
    bundled = _BUNDLED.search(lock)
    writable = ["/app/log", "/app/tmp"] if rails else []
    if rails and tree.is_dir("storage"):
        writable.append("/app/storage")
    precompile = rails and tree.exists("Rakefile")
    found.facts.update(
        {
            "framework": framework,
            "gems": sorted(gems),
            "bundler_version": bundled.group(1) if bundled else None,
            "manifests": tree.present("Gemfile", "Gemfile.lock", ".ruby-version") or ["Gemfile"],
            "lockfile": "Gemfile.lock" if lock else None,
            "assets_precompile": precompile,
            "static_assets": "bundle exec rake assets:precompile" if precompile else None,
            "writable_paths": writable,
        }
    )
    return found
