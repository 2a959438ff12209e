"""Scala, as heroku/scala builds it: ``sbt compile stage`` (sbt-native-packager).

The JDK version is read as for Java (``system.properties``); sbt's own version comes from
``project/build.properties`` ``sbt.version``.
"""

from __future__ import annotations

import re

from ._tree import Found, Tree
from .java import java_versions

__all__ = ["detect", "inspect"]


def detect(tree: Tree) -> bool:
    return bool(tree.present("build.sbt", "project/build.properties", "project/Build.scala"))


def inspect(tree: Tree) -> Found:
    found = Found("scala", package_manager="sbt")
    java_versions(tree, found)
    build = tree.text("build.sbt") or ""
    plugins = tree.text("project/plugins.sbt") or ""
    name_match = re.search(
        r"""^\s*(?:ThisBuild\s*/\s*)?name\s*:=\s*"{1,3}([^"]+)""", build, re.MULTILINE
    )
    name = (
        re.sub(r"[^a-z0-9.-]+", "-", name_match.group(1).lower()).strip("-") if name_match else None
    )
    play = "sbt-plugin" in plugins and ("playframework" in plugins or "typesafe.play" in plugins)
    if play and name:
        found.default_processes["web"] = (
            f"target/universal/stage/bin/{name} -Dhttp.port=$PORT -Dpidfile.path=/dev/null"
        )
    elif name and "sbt-native-packager" in plugins:
        found.default_processes["web"] = f"target/universal/stage/bin/{name}"
    found.facts.update(
        {
            "framework": "play" if play else None,
            "sbt_version": tree.properties("project/build.properties").get("sbt.version"),
            "stage_name": name,
            "manifests": tree.present(
                "build.sbt", "project/build.properties", "project/plugins.sbt"
            )
            or ["build.sbt"],
            "static_assets": None,
            "writable_paths": [],
        }
    )
    return found
