from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from herokube_testing import EXAMPLE_ARGS


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The repository `herokube new` writes for an example, made once per test module."""
    from herokube.load import resolve_inputs  # noqa: F401  (imported for its side effects on first use)
    from herokube.pipeline import NewOptions, create_repository

    made: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name not in made:
            args = EXAMPLE_ARGS[name]
            out = tmp_path_factory.mktemp(name) / "repo"
            paired = Path(args[2]) if len(args) > 2 else None
            create_repository(NewOptions(source=Path(args[0]), out=out, paired_source=paired))
            made[name] = out
        return made[name]

    return make
