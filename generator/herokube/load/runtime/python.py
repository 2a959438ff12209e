"""Python, as heroku/python builds it: pip, Pipenv, Poetry or uv.

Version precedence: ``runtime.txt`` (legacy, still read first by the classic buildpack)
> ``.python-version`` (first non-comment line) > ``Pipfile.lock``/``Pipfile`` ``python_full_version``
/ ``python_version`` > ``.tool-versions`` ``python``. ``pyproject.toml`` ``requires-python`` is a
hint: it never picks the version, it is only checked.
"""

from __future__ import annotations

import re
from typing import Any

from herokube.model import Notice

from ._tree import Found, Tree, mapping
from .versions import Declared

__all__ = ["detect", "inspect", "requirement_files"]

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SETTINGS = re.compile(r"DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"]([\w.]+)['\"]")


def detect(tree: Tree) -> bool:
    return bool(
        tree.present(
            "requirements.txt", "Pipfile", "pyproject.toml", "setup.py", "uv.lock", "poetry.lock"
        )
    )


def requirement_files(tree: Tree, first: str = "requirements.txt") -> tuple[list[str], set[str]]:
    """The requirements file and every ``-r``/``-c`` include (paths relative to the root), and the names."""
    files: list[str] = []
    names: set[str] = set()
    pending = [first]
    while pending:
        rel = pending.pop(0)
        if rel in files or len(files) > 50:
            continue
        text = tree.text(rel)
        if text is None:
            tree.notices.append(
                Notice("python-requirements-missing", rel, "included but not found")
            )
            continue
        files.append(rel)
        base = rel.rpartition("/")[0]
        for raw in text.splitlines():
            line = raw.split(" #", 1)[0].strip()
            include = re.match(r"^(?:-r|-c|--requirement|--constraint)[\s=]*(\S+)", line)
            if include:
                target = include.group(1)
                pending.append(
                    f"{base}/{target}" if base and not target.startswith("/") else target
                )
                continue
            if line.startswith(("-", "#")) or not line:
                continue
            match = _NAME.match(line)
            if match:
                names.add(match.group(1).lower().replace("_", "-"))
    return files, names


def _pipfile_names(tree: Tree) -> set[str]:
    pipfile = tree.toml("Pipfile") or {}
    packages = mapping(pipfile.get("packages"))
    return {str(n).lower().replace("_", "-") for n in packages}


def _pyproject_names(pyproject: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    project = mapping(pyproject.get("project"))
    for dep in (
        project.get("dependencies", []) if isinstance(project.get("dependencies"), list) else []
    ):
        match = _NAME.match(str(dep))
        if match:
            names.add(match.group(1).lower().replace("_", "-"))
    poetry = (
        pyproject.get("tool", {}).get("poetry", {})
        if isinstance(pyproject.get("tool"), dict)
        else {}
    )
    if isinstance(poetry, dict) and isinstance(poetry.get("dependencies"), dict):
        names |= {str(n).lower().replace("_", "-") for n in poetry["dependencies"] if n != "python"}
    return names


def _versions(tree: Tree, pyproject: dict[str, Any], found: Found) -> None:
    runtime_txt = tree.first_line("runtime.txt")
    if runtime_txt:
        found.declarations.append(
            Declared(runtime_txt.removeprefix("python-"), "runtime.txt", "plain")
        )
        found.notices.append(
            Notice(
                "python-runtime-txt",
                "runtime.txt",
                "deprecated on Heroku; .python-version is the current file",
            )
        )
    python_version = tree.first_line(".python-version")
    if python_version:
        found.declarations.append(Declared(python_version, ".python-version", "plain"))
    lock = tree.json("Pipfile.lock") or {}
    requires = (
        lock.get("_meta", {}).get("requires", {}) if isinstance(lock.get("_meta"), dict) else {}
    )
    pipfile = (tree.toml("Pipfile") or {}).get("requires", {})
    for source, table in (("Pipfile.lock", requires), ("Pipfile", pipfile)):
        if isinstance(table, dict):
            for key in ("python_full_version", "python_version"):
                if isinstance(table.get(key), str):
                    found.declarations.append(Declared(table[key], f"{source} {key}", "plain"))
                    break
    tool = tree.tool_versions().get("python")
    if tool:
        found.declarations.append(Declared(tool, ".tool-versions python", "plain"))
    project = mapping(pyproject.get("project"))
    if isinstance(project.get("requires-python"), str):
        found.hints.append(
            Declared(project["requires-python"], "pyproject.toml project.requires-python", "pep440")
        )
    poetry = (
        pyproject.get("tool", {}).get("poetry", {})
        if isinstance(pyproject.get("tool"), dict)
        else {}
    )
    if isinstance(poetry, dict) and isinstance(poetry.get("dependencies", {}).get("python"), str):
        found.hints.append(
            Declared(
                poetry["dependencies"]["python"],
                "pyproject.toml tool.poetry.dependencies.python",
                "composer",
            )
        )


def inspect(tree: Tree) -> Found:
    found = Found("python")
    pyproject = tree.toml("pyproject.toml") or {}
    _versions(tree, pyproject, found)
    tool = mapping(pyproject.get("tool"))
    # Heroku's order when several exist: requirements.txt, Pipfile, Poetry, uv.
    manifests: list[str]
    if tree.exists("requirements.txt"):
        manager = "pip"
        manifests, names = requirement_files(tree)
    elif tree.exists("Pipfile"):
        manager = "pipenv"
        manifests, names = tree.present("Pipfile", "Pipfile.lock"), _pipfile_names(tree)
        if not tree.exists("Pipfile.lock"):
            found.notices.append(
                Notice(
                    "python-lockfile-missing",
                    "Pipfile",
                    "no Pipfile.lock; dependencies resolve at build time",
                )
            )
    elif tree.exists("poetry.lock") or "poetry" in tool:
        manager = "poetry"
        manifests, names = (
            tree.present("pyproject.toml", "poetry.lock"),
            _pyproject_names(pyproject),
        )
    elif tree.exists("uv.lock") or "uv" in tool:
        manager = "uv"
        manifests, names = (
            tree.present("pyproject.toml", "uv.lock", ".python-version"),
            _pyproject_names(pyproject),
        )
        if not tree.exists("uv.lock"):
            found.notices.append(
                Notice(
                    "python-lockfile-missing",
                    "pyproject.toml",
                    "no uv.lock; dependencies resolve at build time",
                )
            )
    elif pyproject:
        manager = "pip"
        manifests, names = ["pyproject.toml"], _pyproject_names(pyproject)
    else:
        manager, manifests, names = "pip", [], set()
    found.package_manager = manager

    framework = None
    settings = None
    manage = tree.text("manage.py")
    if "django" in names or manage is not None:
        framework = "django"
        match = _SETTINGS.search(manage or "")
        settings = match.group(1) if match else None
        if "wagtail" in names:
            framework = "wagtail"
    elif "flask" in names:
        framework = "flask"
    elif "fastapi" in names:
        framework = "fastapi"

    project = settings.rpartition(".")[0] if settings and "." in settings else None
    if project and "gunicorn" in names:
        found.default_processes["web"] = f"gunicorn {project}.wsgi"
    collectstatic = framework in ("django", "wagtail") and manage is not None
    found.facts.update(
        {
            "framework": framework,
            "manifests": manifests,
            "requirements": sorted(names),
            "django_settings": settings,
            "collectstatic": collectstatic,
            "static_assets": "python manage.py collectstatic --noinput" if collectstatic else None,
            "writable_paths": [],
        }
    )
    return found
