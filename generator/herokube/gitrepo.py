"""Every Git operation herokube makes, in one place.

Two ways in, one identity rule:

* :func:`init_repository`, :func:`commit_all`, :func:`open_app_repository` and
  :func:`create_branch` use GitPython's object model (``herokube new``).
* :class:`Git` runs the ``git`` program itself, for plumbing GitPython's object model has no
  call for: ``git archive``, a temporary index (``GIT_INDEX_FILE``) with ``write-tree`` and
  ``commit-tree``, a three-way ``merge`` whose exit status and unmerged stages decide what
  happens next. GitPython's ``repo.git.<command>`` would run the same program, but raise on the
  exit status these callers read and decode the bytes ``git archive`` writes.

Both commit as the user's configured identity, else :data:`FALLBACK_IDENTITY` (a fresh machine
or a CI runner has none). No other module imports GitPython or runs ``git``
(``tests/test_layering.py`` checks that).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from git import Actor, InvalidGitRepositoryError, NoSuchPathError, Repo
from git.exc import GitCommandError

from herokube.errors import UserError

__all__ = [
    "FALLBACK_IDENTITY",
    "Git",
    "GitFailed",
    "Repo",
    "branch_names",
    "branch_worktree",
    "commit_all",
    "create_branch",
    "detached_worktree",
    "head_commit",
    "init_and_commit",
    "init_repository",
    "open_app_repository",
    "open_repository",
]

FALLBACK_IDENTITY = ("herokube", "herokube@users.noreply.localhost")


# --- GitPython: a new repository, a commit of every file, a branch ---------------------------


def _actor(repo: Repo) -> Actor:
    reader = repo.config_reader()
    name = reader.get_value("user", "name", default="") or FALLBACK_IDENTITY[0]
    email = reader.get_value("user", "email", default="") or FALLBACK_IDENTITY[1]
    return Actor(str(name), str(email))


def init_repository(path: Path) -> Repo:
    """A new repository at ``path`` whose first branch is ``main``."""
    return Repo.init(path, initial_branch="main")


def commit_all(repo: Repo, message: str) -> str:
    """Stage every file (deletions too) and commit; returns the new commit's hexsha."""
    repo.git.add("--all")
    actor = _actor(repo)
    commit = repo.index.commit(message, author=actor, committer=actor)
    return str(commit.hexsha)


def init_and_commit(path: Path, message: str) -> tuple[Repo, str]:
    """A new repository at ``path`` with every file in it committed on ``main``.

    Raises:
        UserError: git could not commit (a full disk part way through, most often).
    """
    try:
        repo = init_repository(path)
        return repo, commit_all(repo, message)
    except GitCommandError as error:
        last = (error.stderr or str(error)).strip().splitlines()
        raise UserError(f"git could not commit: {last[-1] if last else error}") from None


def create_branch(repo: Repo, name: str, commit: str) -> None:
    """Branch ``name`` at ``commit``; the checkout is not touched."""
    repo.create_head(name, commit)


def open_app_repository(path: Path, *, flag: str) -> Repo:
    """The repository whose work tree root is ``path``, with at least one commit.

    Raises:
        UserError: not a repository, not its root, or no commit yet (``flag`` names the option).
    """
    try:
        repo = Repo(path)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise UserError("not a Git repository", source=str(path), field=flag) from None
    if repo.bare or Path(repo.working_tree_dir or "").resolve() != path.resolve():
        raise UserError("give the root of the app's Git repository", source=str(path), field=flag)
    if not repo.head.is_valid():
        raise UserError("the repository has no commit yet", source=str(path), field=flag)
    return repo


def head_commit(path: Path) -> str | None:
    """The commit checked out at ``path`` when ``path`` is the root of a Git work tree, else None.

    Only the root counts: a folder inside a larger repository (an example, a monorepo's
    subfolder) would otherwise take a commit that is not the app's.
    """
    if not (path / ".git").exists():
        return None
    try:
        repo = Repo(path)
        if (
            Path(repo.working_tree_dir or "").resolve() != path.resolve()
            or not repo.head.is_valid()
        ):
            return None
        return str(repo.head.commit.hexsha)
    except (InvalidGitRepositoryError, NoSuchPathError, GitCommandError, ValueError, OSError):
        return None  # a broken .git: no commit is known, as without one


def branch_names(repo: Repo) -> list[str]:
    """The local branches' names."""
    return [head.name for head in repo.heads]


@contextmanager
def branch_worktree(repo: Repo, branch: str) -> Iterator[tuple[Path, Repo]]:
    """A temporary worktree on a new ``branch`` made from ``HEAD``; the checkout stays as it is.

    On success the branch stays and the worktree goes; on any failure both go.
    """
    worktree = Path(tempfile.mkdtemp(prefix="herokube-into-")) / "tree"
    git = repo.git
    git.worktree("add", "--quiet", "-b", branch, str(worktree), "HEAD")
    try:
        yield worktree, Repo(worktree)
    except BaseException:
        git.worktree("remove", "--force", str(worktree))
        git.branch("-D", branch)
        raise
    finally:
        shutil.rmtree(worktree.parent, ignore_errors=True)
    git.worktree("prune")


# --- the git program: plumbing for update and diff -------------------------------------------


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

    def extract(self, commit: str, destination: Path) -> None:
        """Write the files of ``commit`` into ``destination`` (``git archive``, no checkout)."""
        data = self.run("archive", "--format=tar", commit).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(destination, filter="data")

    def write_tree(self, directory: Path) -> str:
        """Store every file under ``directory`` in the object database; returns the tree id.

        A temporary index and ``--work-tree`` keep the repository's own index and files untouched.
        """
        git_dir = self.out("rev-parse", "--absolute-git-dir")
        with tempfile.TemporaryDirectory(prefix="herokube-index-") as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            base = ("--git-dir", git_dir, "--work-tree", str(directory))
            self.run(*base, "add", "--all", ".", cwd=directory, env=env)
            return self.out(*base, "write-tree", cwd=directory, env=env)

    def commit_tree(self, tree: str, parent: str, message: str) -> str:
        """A commit of ``tree`` on top of ``parent``; no ref moves."""
        return self.out("commit-tree", tree, "-p", parent, "-m", message)


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


@contextmanager
def detached_worktree(git: Git, commit: str) -> Iterator[Path]:
    """A temporary worktree on a detached ``commit``; removed (and pruned) afterwards."""
    scratch = Path(tempfile.mkdtemp(prefix="herokube-update-"))
    worktree = scratch / "worktree"
    try:
        git.run("worktree", "add", "--detach", "--quiet", str(worktree), commit)
        yield worktree
    finally:
        git.run("worktree", "remove", "--force", str(worktree), check=False)
        shutil.rmtree(scratch, ignore_errors=True)
        git.run("worktree", "prune", check=False)
