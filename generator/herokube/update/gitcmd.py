"""Git through its command line, for what GitPython does not do well: worktrees, merges,
temporary indexes and ``git archive``. Every call has a fixed identity where none is set.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from herokube.errors import UserError
from herokube.render.git import FALLBACK_IDENTITY

__all__ = ["Git", "GitFailed", "open_repository"]


class GitFailed(Exception):
    """A git command exited non-zero; ``stderr`` says why."""

    def __init__(self, args: Sequence[str], code: int, stderr: str) -> None:
        super().__init__(f"git {' '.join(args)} failed ({code}): {stderr.strip()}")
        self.code = code
        self.stderr = stderr


@dataclass
class Git:
    """Run git in ``cwd``; ``env`` adds to the environment (identity, temporary index)."""

    cwd: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(
        self,
        *args: str,
        check: bool = True,
        env: Mapping[str, str] | None = None,
        input: bytes | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        environment = {**os.environ, **self.env, **(env or {})}
        # Messages are parsed in places: keep git's own words in English.
        environment["LC_ALL"] = "C"
        done = subprocess.run(
            ["git", *args],
            cwd=cwd or self.cwd,
            env=environment,
            input=input,
            capture_output=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise GitFailed(args, done.returncode, done.stderr.decode("utf-8", "replace"))
        return done

    def out(self, *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> str:
        return self.run(*args, cwd=cwd, env=env).stdout.decode("utf-8").strip()

    def rev(self, ref: str) -> str | None:
        """The commit ``ref`` names, or None."""
        done = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return (done.stdout.decode().strip() or None) if done.returncode == 0 else None

    def show(self, commit: str, path: str) -> str | None:
        """The text of ``path`` at ``commit``, or None when the file is not there."""
        done = self.run("show", f"{commit}:{path}", check=False)
        return done.stdout.decode("utf-8") if done.returncode == 0 else None

    def tree(self, treeish: str) -> str | None:
        """The tree id of a commit, a tree, or ``<tree-ish>:<folder>``; None when absent."""
        spec = treeish if ":" in treeish else f"{treeish}^{{tree}}"
        done = self.run("rev-parse", "--verify", "--quiet", spec, check=False)
        return (done.stdout.decode().strip() or None) if done.returncode == 0 else None


def _identity(git: Git) -> dict[str, str]:
    """The configured identity, else herokube's fixed one (a fresh machine has none)."""
    env: dict[str, str] = {}
    for key, fallback, names in (
        ("name", FALLBACK_IDENTITY[0], ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")),
        ("email", FALLBACK_IDENTITY[1], ("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL")),
    ):
        configured = git.run("config", f"user.{key}", check=False).stdout.decode().strip()
        for name in names:
            if not os.environ.get(name) and not configured:
                env[name] = fallback
    return env


def open_repository(directory: Path) -> Git:
    """A ``Git`` for the top of the work tree at ``directory``, or UserError (exit 2)."""
    if not directory.is_dir():
        raise UserError("no such directory", source=str(directory))
    probe = Git(directory)
    try:
        top = probe.out("rev-parse", "--show-toplevel")
    except GitFailed:
        raise UserError("not a Git repository", source=str(directory)) from None
    except FileNotFoundError:
        raise UserError("git is not installed; install it and run again") from None
    git = Git(Path(top))
    git.env.update(_identity(git))
    return git
