"""Java, as heroku/java (Maven) and heroku/gradle build it.

Version precedence: ``system.properties`` ``java.runtime.version`` (the only file Heroku reads;
``1.8`` means 8) > ``.tool-versions`` ``java``. The build file's ``java.version`` /
``maven.compiler.release`` / toolchain ``languageVersion`` is a hint, checked for agreement.
"""

from __future__ import annotations

import re

from ._tree import Found, Tree
from .versions import Declared

__all__ = ["detect", "inspect", "java_versions"]

_GRADLE = ("build.gradle.kts", "build.gradle", "settings.gradle.kts", "settings.gradle")


def detect(tree: Tree) -> bool:
    return bool(
        tree.present(
            "pom.xml",
            "pom.atom",
            "pom.clj",
            "pom.groovy",
            "pom.rb",
            "pom.scala",
            "pom.yaml",
            "pom.yml",
            *_GRADLE,
        )
    )


def _normalise(version: str) -> str:
    version = version.strip().removeprefix("openjdk-").removeprefix("zulu-").removeprefix("heroku-")
    return version.removeprefix("1.")


def java_versions(tree: Tree, found: Found) -> None:
    declared = tree.properties("system.properties").get("java.runtime.version")
    if declared:
        found.declarations.append(
            Declared(_normalise(declared), "system.properties java.runtime.version")
        )
    tool = tree.tool_versions().get("java")
    if tool:
        match = re.search(r"(\d+)(?:\.\d+)*", tool)
        if match:
            found.declarations.append(Declared(match.group(1), ".tool-versions java"))


def inspect(tree: Tree) -> Found:
    found = Found("java")
    java_versions(tree, found)
    pom = tree.text("pom.xml")
    gradle_file = next((f for f in ("build.gradle.kts", "build.gradle") if tree.exists(f)), None)
    if pom is not None or gradle_file is None:
        build = pom or ""
        found.package_manager = "maven"
        hint = re.search(
            r"<(?:java\.version|maven\.compiler\.release|maven\.compiler\.target)>\s*([\d.]+)\s*<",
            build,
        )
        spring = "spring-boot" in build
        wrapper = tree.exists("mvnw")
        manifests = tree.present("pom.xml", "mvnw", ".mvn") or ["pom.xml"]
        artifact = "target/*.jar"
    else:
        build = tree.text(gradle_file) or ""
        found.package_manager = "gradle"
        hint = re.search(
            r"languageVersion(?:\.set\()?\s*=?\s*JavaLanguageVersion\.of\((\d+)\)", build
        ) or re.search(
            r"sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_)?['\"]?([\d._]+)", build
        )
        spring = "org.springframework.boot" in build
        wrapper = tree.exists("gradlew")
        manifests = tree.present(
            "build.gradle.kts",
            "build.gradle",
            "settings.gradle.kts",
            "settings.gradle",
            "gradle.properties",
            "gradlew",
            "gradle",
        )
        artifact = "build/libs/*.jar"
    if hint:
        found.hints.append(
            Declared(
                _normalise(hint.group(1).replace("_", ".")),
                f"{'pom.xml' if found.package_manager == 'maven' else gradle_file} Java version",
            )
        )
    if spring:
        found.default_processes["web"] = f"java -Dserver.port=$PORT $JAVA_OPTS -jar {artifact}"
    stage_task = (
        found.package_manager == "gradle"
        and re.search(r"""(task\s*\(?\s*["']?stage|tasks\.register\(\s*["']stage)""", build)
        is not None
    )
    found.facts.update(
        {
            "framework": "spring-boot"
            if spring
            else (
                "quarkus" if "quarkus" in build else ("micronaut" if "micronaut" in build else None)
            ),
            "build_tool": found.package_manager,
            "wrapper": wrapper,
            "gradle_stage_task": stage_task,
            "manifests": manifests,
            "static_assets": None,
            "writable_paths": [],
        }
    )
    return found
