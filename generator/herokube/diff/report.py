"""Compare two renders and write the change as text (terminals) or Markdown (PR comments).

Left out as noise: ``checksum/*`` annotations (the pod-restart checksums of the config) when
no ConfigMap or Secret of that environment changed, since then a checksum can only differ by
how it was computed; and the ``helm.sh/chart`` label, which names the chart's version and so
changes on every resource whenever the chart is bumped (`herokube update` reports the bump).
Everything else is kept.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from typing import Any

from herokube.diff.manifests import Key, normalized

__all__ = ["EnvironmentDiff", "ResourceDiff", "compare", "markdown_report", "text_report"]

_CONFIG_KINDS = ("ConfigMap", "Secret")
_MARKDOWN_LINES = 400  # per resource: a step summary holds 1 MiB


@dataclass(frozen=True)
class ResourceDiff:
    change: str  # added, removed, changed
    key: Key
    diff: str


@dataclass
class EnvironmentDiff:
    environment: str
    resources: list[ResourceDiff] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(1 for r in self.resources if r.change == change)


_CHART_LABEL = "helm.sh/chart"


def _mask_noise(value: Any, *, checksums: bool) -> Any:
    """A copy of ``value`` with the chart label (and, if asked, config checksums) masked."""
    value = copy.deepcopy(value)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            labels = node.get("labels")
            if isinstance(labels, dict) and _CHART_LABEL in labels:
                labels[_CHART_LABEL] = "(chart version)"
            annotations = node.get("annotations")
            if checksums and isinstance(annotations, dict):
                for name in annotations:
                    if str(name).startswith("checksum/"):
                        annotations[name] = "(unchanged config)"
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(value)
    return value


def _unified(key: Key, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{key.path()}" if before else "/dev/null",
        tofile=f"b/{key.path()}" if after else "/dev/null",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def compare(environment: str, base: dict[Key, Any], head: dict[Key, Any]) -> EnvironmentDiff:
    result = EnvironmentDiff(environment)
    config_changed = any(
        base.get(key) != head.get(key) for key in {*base, *head} if key.kind in _CONFIG_KINDS
    )
    for key in sorted({*base, *head}):
        old, new = base.get(key), head.get(key)
        # Noise decides only whether a resource changed; a real change is shown as rendered.
        if old is not None and new is not None:
            if _mask_noise(old, checksums=not config_changed) == _mask_noise(
                new, checksums=not config_changed
            ):
                continue
        change = "added" if old is None else "removed" if new is None else "changed"
        before = normalized(old) if old is not None else ""
        after = normalized(new) if new is not None else ""
        result.resources.append(ResourceDiff(change, key, _unified(key, before, after)))
    return result


_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def _summary(env: EnvironmentDiff) -> str:
    return f"{env.count('added')} added, {env.count('changed')} changed, {env.count('removed')} removed"


def text_report(diffs: list[EnvironmentDiff], base: str, head: str) -> str:
    out = [f"herokube diff: {base} -> {head}\n"]
    for env in diffs:
        if not env.resources:
            out.append(f"\n== {env.environment}: no change\n")
            continue
        out.append(f"\n== {env.environment}: {_summary(env)}\n")
        for resource in env.resources:
            out.append(f"{_SIGN[resource.change]} {resource.change:<7} {resource.key.label()}\n")
        for resource in env.resources:
            out.append("\n" + resource.diff)
    return "".join(out)


def _fence(text: str) -> str:
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def markdown_report(diffs: list[EnvironmentDiff], base: str, head: str) -> str:
    out = [f"### herokube diff: `{base}` → `{head}`\n\n"]
    out.append("| Environment | Added | Changed | Removed |\n| --- | ---: | ---: | ---: |\n")
    for env in diffs:
        out.append(
            f"| {_escape(env.environment)} | {env.count('added')} | {env.count('changed')} | {env.count('removed')} |\n"
        )
    if not any(env.resources for env in diffs):
        out.append("\nNo change in the rendered Kubernetes resources.\n")
        return "".join(out)
    for env in diffs:
        if not env.resources:
            continue
        out.append(f"\n#### {_escape(env.environment)}: {_summary(env)}\n\n")
        out.append(
            "| Change | Kind | Namespace | Name | apiVersion |\n| --- | --- | --- | --- | --- |\n"
        )
        for resource in env.resources:
            key = resource.key
            out.append(
                f"| {resource.change} | {_escape(key.kind)} | {_escape(key.namespace)} | "
                f"{_escape(key.name)} | {_escape(key.api_version)} |\n"
            )
        for resource in env.resources:
            lines = resource.diff.splitlines(keepends=True)
            body = "".join(lines[:_MARKDOWN_LINES])
            if len(lines) > _MARKDOWN_LINES:
                body += (
                    f"... {len(lines) - _MARKDOWN_LINES} more lines (run herokube diff locally)\n"
                )
            fence = _fence(body)
            out.append(
                f"\n<details><summary>{resource.change}: {_escape(resource.key.label())}</summary>\n\n"
                f"{fence}diff\n{body}{fence}\n\n</details>\n"
            )
    return "".join(out)
