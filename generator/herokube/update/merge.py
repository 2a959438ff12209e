"""Merge a new pristine render into the team's branch, in a temporary worktree.

The team's checked-out branch, index and files are never touched: the merge runs in a
``git worktree`` on a detached HEAD, and only when it is committed does the update branch
get its name. Conflict policy:

* both changed the same lines → Git's conflict markers, committed as they are, listed;
* the team deleted a file the template only changed → it stays deleted (``kept-deleted``);
* the template deleted a file the team changed → the team's file is kept and listed as a
  conflict (``deleted-by-template``): delete it or keep it on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from herokube.gitrepo import Git, detached_worktree

__all__ = ["Change", "Conflict", "MergeResult", "merge_into_branch"]


@dataclass(frozen=True)
class Change:
    status: str  # added, changed, removed, renamed
    path: str


@dataclass(frozen=True)
class Conflict:
    kind: str  # content, deleted-by-template, added-by-both
    path: str


@dataclass
class MergeResult:
    commit: str
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)


def _unmerged(git: Git, worktree: Path) -> dict[str, set[int]]:
    stages: dict[str, set[int]] = {}
    raw = git.run("ls-files", "-u", "-z", cwd=worktree).stdout.decode("utf-8")
    for entry in filter(None, raw.split("\0")):
        info, _, path = entry.partition("\t")
        stages.setdefault(path, set()).add(int(info.split()[2]))
    return stages


_STATUS = {
    "A": "added",
    "M": "changed",
    "D": "removed",
    "R": "renamed",
    "T": "changed",
    "C": "added",
}


def _changes(git: Git, base: str, head: str) -> list[Change]:
    raw = git.out("diff", "--name-status", "--no-renames", "-z", base, head)
    parts = [p for p in raw.split("\0") if p]
    changes = []
    for status, path in zip(parts[0::2], parts[1::2], strict=True):
        changes.append(Change(_STATUS.get(status[0], "changed"), path))
    return changes


def merge_into_branch(git: Git, *, team: str, pristine: str, message: str) -> MergeResult:
    """Merge commit ``pristine`` into commit ``team``; returns the merge commit (no ref moved)."""
    with detached_worktree(git, team) as worktree:
        merged = git.run(
            "-c",
            "merge.conflictStyle=merge",
            "-c",
            "rerere.enabled=false",
            "merge",
            "--no-ff",
            "--no-commit",
            "--no-verify",
            pristine,
            cwd=worktree,
            check=False,
        )
        conflicts: list[Conflict] = []
        kept_deleted: list[str] = []
        if merged.returncode != 0:
            unmerged = _unmerged(git, worktree)
            if not unmerged:  # not a conflict: git could not merge at all
                git.run("merge", "--abort", cwd=worktree, check=False)
                raise RuntimeError(merged.stderr.decode("utf-8", "replace"))
            for path, stages in sorted(unmerged.items()):
                if 2 not in stages and 1 in stages:
                    git.run(
                        "rm", "--quiet", "--cached", "--ignore-unmatch", "--", path, cwd=worktree
                    )
                    (worktree / path).unlink(missing_ok=True)
                    kept_deleted.append(path)
                    continue
                if 3 not in stages:
                    conflicts.append(Conflict("deleted-by-template", path))
                elif 1 not in stages:
                    conflicts.append(Conflict("added-by-both", path))
                else:
                    conflicts.append(Conflict("content", path))
                git.run("add", "--", path, cwd=worktree)
        if conflicts:
            message += (
                "\n\nConflicts left for review (resolve the markers on this branch):\n"
                + "".join(f"  {c.path} ({c.kind})\n" for c in conflicts)
            )
        if kept_deleted:
            message += (
                "\n\nDeleted by the team, changed by the template, kept deleted:\n"
                + "".join(f"  {p}\n" for p in kept_deleted)
            )
        git.run("commit", "--no-verify", "--quiet", "--allow-empty", "-m", message, cwd=worktree)
        commit = git.out("rev-parse", "HEAD", cwd=worktree)
        return MergeResult(commit, _changes(git, team, commit), conflicts, kept_deleted)
