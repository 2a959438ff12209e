"""Elixir, as the community Elixir buildpack built it, shipped the modern way: ``mix release``.

Version precedence: ``elixir_buildpack.config`` ``elixir_version`` > ``.tool-versions``
``elixir`` (``1.17.3-otp-27`` reads as 1.17.3). ``mix.exs`` ``elixir: "~> 1.14"`` is a hint.
Erlang/OTP comes with the builder image of the resolved Elixir line.
"""

from __future__ import annotations

import re

from ._tree import Found, Tree, mapping
from .versions import Declared

__all__ = ["detect", "inspect"]


def detect(tree: Tree) -> bool:
    return tree.exists("mix.exs")


def _config(tree: Tree) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (tree.text("elixir_buildpack.config") or "").splitlines():
        match = re.match(r"^\s*(\w+)\s*=\s*\(?\s*([^\s)#]+)", line)
        if match:
            values[match.group(1)] = match.group(2).strip("\"'")
    return values


def inspect(tree: Tree) -> Found:
    found = Found("elixir", package_manager="mix")
    config = _config(tree)
    if config.get("elixir_version"):
        found.declarations.append(
            Declared(
                config["elixir_version"].removeprefix("v"), "elixir_buildpack.config elixir_version"
            )
        )
    tools = tree.tool_versions()
    if tools.get("elixir"):
        found.declarations.append(
            Declared(tools["elixir"].split("-otp", 1)[0], ".tool-versions elixir")
        )
    mix = tree.text("mix.exs") or ""
    hint = re.search(r"""elixir:\s*"([^"]+)\"""", mix)
    if hint:
        found.hints.append(Declared(hint.group(1), "mix.exs elixir", "gem"))
    app = re.search(r"\bapp:\s*:(\w+)", mix)
    module = re.search(r"defmodule\s+([\w.]+?)\.MixProject", mix)
    phoenix = re.search(r"\{:phoenix,", mix) is not None
    found.default_processes["web"] = "mix phx.server" if phoenix else "mix run --no-halt"
    assets_deploy = '"assets.deploy"' in mix
    assets_package = mapping(tree.json("assets/package.json"))
    found.facts.update(
        {
            "framework": "phoenix" if phoenix else None,
            "release_name": app.group(1) if app else None,
            "module": module.group(1) if module else None,
            "erlang_version": config.get("erlang_version") or tools.get("erlang"),
            "assets_deploy": assets_deploy,
            "static_assets": "mix assets.deploy" if assets_deploy else None,
            # heroku-buildpack-phoenix-static builds assets/ with Node (its `deploy` script).
            "assets_manifests": tree.present("assets/package.json", "assets/package-lock.json"),
            "assets_deploy_script": "deploy" in mapping(assets_package.get("scripts")),
            "manifests": tree.present(
                "mix.exs", "mix.lock", "config/config.exs", "config/prod.exs"
            ),
            "writable_paths": [],
        }
    )
    return found
