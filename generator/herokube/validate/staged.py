"""``new`` and ``update`` check what they are about to write with ``herokube validate``'s engine."""

from __future__ import annotations

from pathlib import Path

from herokube.errors import UserError

__all__ = ["validate_staged"]


def validate_staged(staging: Path, *, source: str) -> None:
    """``herokube validate`` on the staged repository: what ``new`` writes must pass it.

    An error finding means the input could not be carried into a repository that validates;
    the first one is named in one line and nothing is written (docs/design.md, Input limits).
    """
    from herokube.validate import Severity, ValidateOptions, validate_repository
    from herokube.validate.dockerfile import find_hadolint

    report = validate_repository(ValidateOptions(staging))
    # A missing hadolint is this machine's problem, not the input's: it does not stop `new`.
    no_linter = find_hadolint() is None
    errors = [
        f
        for f in report.sorted_findings()
        if f.severity is Severity.ERROR and not (no_linter and f.rule == "hadolint")
    ]
    if errors:
        first = errors[0]
        where = f"[{first.environment}] {first.file}" if first.environment else first.file
        raise UserError(
            f"the repository herokube would write fails herokube validate ({len(errors)} "
            f"errors; nothing written), first: {where}: {first.message} [{first.rule}]",
            source=source,
        )
