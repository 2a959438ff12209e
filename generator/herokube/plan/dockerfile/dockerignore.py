"""What the image build leaves out of the app repository, per language (``.dockerignore``)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["dockerignore"]

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


def dockerignore(languages: Iterable[str]) -> tuple[str, ...]:
    """The common patterns and each built language's own, sorted and unique."""
    entries = set(_DOCKERIGNORE_COMMON)
    for language in languages:
        entries.update(_DOCKERIGNORE.get(language, []))
    return tuple(sorted(entries))
