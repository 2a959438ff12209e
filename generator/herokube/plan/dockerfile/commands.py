"""Process commands that must change inside the image, and the image's default command."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from herokube.model import Runtime

__all__ = ["default_command", "php_replacement", "replacement_commands"]


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


def default_command(effective: Mapping[str, str]) -> str:
    """The image's CMD: the web process, else the first other one (the chart sets each)."""
    order = sorted(effective, key=lambda n: (n != "web", n == "release", n))
    if not order:
        return "echo 'no process command: set one in the chart' >&2; exit 1"
    return effective[order[0]]


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
