"""``herokube promote FROM TO``: move one environment's image tag to the next, and only the tag.

The tag is read from ``environments/FROM/values.yaml`` and written into
``environments/TO/values.yaml`` in the working tree (``promote/tag.py`` changes the tag's
characters and nothing else). Nothing is committed: the team, or the generated promote
workflow, commits it on a branch and opens the pull request whose body is the ``herokube diff``
of the change (``body_file``). See docs/promote.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from herokube.atomic import write_text_atomically
from herokube.errors import UserError

__all__ = ["PromoteOptions", "PromoteResult", "promote_environment", "pull_request_body"]


@dataclass(frozen=True)
class PromoteOptions:
    directory: Path
    source: str
    """FROM: the environment whose tag moves on."""
    target: str
    """TO: the next environment in the promotion order."""
    allow_skip: bool = False
    """Let TO be any later environment, not only the next one."""
    body_file: Path | None = None
    """Where to write the pull request's body (the change, then ``herokube diff`` as Markdown)."""


@dataclass(frozen=True)
class PromoteResult:
    source: str
    target: str
    file: str
    """The values file written (or that already had the tag), relative to the repository."""
    tag: str
    previous: str | None
    """TO's tag before; None when it had none (it ran the chart's default)."""

    @property
    def changed(self) -> bool:
        return self.previous != self.tag


def _order(directory: Path) -> list[str]:
    """The promotion order, or UserError when the repository is not one herokube made."""
    from herokube.chartrepo import ANSWERS_FILE, promotion_order

    order = promotion_order(directory)
    if not order:
        raise UserError(
            f"no environments in {ANSWERS_FILE}: not a repository herokube made",
            source=str(directory),
        )
    return order


def _check_order(order: list[str], source: str, target: str, allow_skip: bool) -> None:
    """TO must come after FROM, and (without ``allow_skip``) right after it."""
    chain = " → ".join(order)
    for flag, name in (("FROM", source), ("TO", target)):
        if name not in order:
            raise UserError(f"no environment {name!r} (the order is {chain})", source=flag)
    if source == target:
        raise UserError(f"FROM and TO are both {source}; name the next environment", source="TO")
    position, goal = order.index(source), order.index(target)
    if goal <= position:
        raise UserError(
            f"{target} does not come after {source} in the promotion order ({chain})", source="TO"
        )
    if goal > position + 1 and not allow_skip:
        raise UserError(
            f"the environment after {source} is {order[position + 1]}, not {target} ({chain}); "
            "--allow-skip promotes past it",
            source="TO",
        )


def _refuse_uncommitted(directory: Path, relative: str) -> None:
    from herokube.gitrepo import open_repository

    git = open_repository(directory)
    path = (directory / relative).resolve()
    if git.out("status", "--porcelain", "--untracked-files=all", "--", str(path)):
        raise UserError(
            "has uncommitted changes; commit or stash them and run again", source=relative
        )


def pull_request_body(result: PromoteResult, directory: Path) -> str:
    """What changes (the tag) and what that does (``herokube diff`` of TO, as Markdown)."""
    from herokube.diff import DiffOptions, diff_repository
    from herokube.diff.report import markdown_report

    diff = diff_repository(DiffOptions(directory, base="HEAD", environments=(result.target,)))
    was = f"`{result.previous}`" if result.previous else "the chart's default"
    return (
        f"Promotes image tag `{result.tag}` from **{result.source}** to **{result.target}**: "
        f"`image.tag` in `{result.file}` goes from {was} to `{result.tag}`; nothing else changes.\n\n"
        f"Made by `herokube promote {result.source} {result.target}`.\n\n"
        + markdown_report(diff.environments, diff.base, diff.head)
    )


def promote_environment(options: PromoteOptions) -> PromoteResult:
    """Copy FROM's ``image.tag`` into TO's values file (the working tree; nothing is committed).

    Raises:
        UserError: an unknown environment, TO not next after FROM, FROM without a tag, a
            repository herokube did not make, uncommitted changes in TO's values file.
    """
    from herokube.chartrepo import values_file
    from herokube.promote.tag import read_tag, with_tag

    directory = options.directory
    _check_order(_order(directory), options.source, options.target, options.allow_skip)
    source_file, target_file = values_file(options.source), values_file(options.target)
    _, tag = read_tag(directory / source_file, source_file)
    if tag is None:
        raise UserError(
            "no tag to promote (the environment runs the chart's default)",
            source=source_file,
            field="image.tag",
        )
    _refuse_uncommitted(directory, target_file)
    target_path = directory / target_file
    values, previous = read_tag(target_path, target_file)
    result = PromoteResult(options.source, options.target, target_file, tag, previous)
    if not result.changed:
        return result
    # Bytes decoded as they are: read_text would turn CRLF line ends into LF.
    old = target_path.read_bytes().decode("utf-8")
    write_text_atomically(target_path, with_tag(old, values, tag, target_file), keep_mode=True)
    try:
        if options.body_file is not None:
            _write_body(options.body_file, pull_request_body(result, directory))
    except BaseException:
        write_text_atomically(
            target_path, old, keep_mode=True
        )  # nothing half-done: the values file is as it was
        raise
    return result


def _write_body(path: Path, body: str) -> None:
    try:
        write_text_atomically(path, body)
    except OSError as error:
        raise UserError(f"cannot write: {error.strerror or error}", source=str(path)) from None
