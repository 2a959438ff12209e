"""Go, as heroku/go builds it: modules, ``go install`` of the main packages into ``bin/``.

Version precedence: ``go.mod`` ``// +heroku goVersion`` > ``toolchain`` > ``go`` directive.
"""

from __future__ import annotations

import re

from ._tree import Found, Tree
from .versions import Declared

__all__ = ["detect", "inspect"]


def detect(tree: Tree) -> bool:
    return bool(
        tree.present(
            "go.mod", "Gopkg.lock", "Godeps/Godeps.json", "vendor/vendor.json", "glide.yaml"
        )
    )


def inspect(tree: Tree) -> Found:
    found = Found("go", package_manager="go modules")
    gomod = tree.text("go.mod") or ""
    heroku = re.search(r"^//\s*\+heroku\s+goVersion\s+go?([\d.]+)", gomod, re.MULTILINE)
    toolchain = re.search(r"^toolchain\s+go([\d.]+)", gomod, re.MULTILINE)
    directive = re.search(r"^go\s+([\d.]+)", gomod, re.MULTILINE)
    if heroku:
        found.declarations.append(Declared(heroku.group(1), "go.mod // +heroku goVersion"))
    if toolchain:
        found.declarations.append(Declared(toolchain.group(1), "go.mod toolchain"))
    if directive:
        # `go 1.21.0` is the minimum language version: Heroku takes the newest release of that line.
        line = ".".join(directive.group(1).split(".")[:2])
        if heroku or toolchain:
            found.hints.append(Declared(f">={directive.group(1)}", "go.mod go"))
        else:
            found.declarations.append(Declared(line, "go.mod go"))
    module = re.search(r"^module\s+(\S+)", gomod, re.MULTILINE)
    install = re.search(r"^//\s*\+heroku\s+install\s+(.+)$", gomod, re.MULTILINE)
    packages = install.group(1).split() if install else ["."]
    name = module.group(1).rstrip("/").split("/")[-1] if module else None
    if name and re.fullmatch(r"v\d+", name) and module:
        name = module.group(1).split("/")[-2]
    if name and packages == ["."]:
        found.default_processes["web"] = name
    framework = next(
        (
            f
            for dep, f in (
                ("gin-gonic/gin", "gin"),
                ("labstack/echo", "echo"),
                ("gofiber/fiber", "fiber"),
            )
            if dep in gomod
        ),
        None,
    )
    found.facts.update(
        {
            "framework": framework,
            "module": module.group(1) if module else None,
            "binary": name,
            "install_packages": packages,
            "vendored": tree.is_dir("vendor"),
            "manifests": tree.present("go.mod", "go.sum"),
            "static_assets": None,
            "writable_paths": [],
        }
    )
    return found
