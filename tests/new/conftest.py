from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from herokube_testing import EXAMPLE_BY_NAME


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The repository `herokube new` writes for an example, made once per test module."""
    from herokube.load import resolve_inputs  # noqa: F401  (imported for its side effects on first use)
    from herokube.pipeline import NewOptions, create_repository
    from herokube.plan import PlanOptions

    made: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name not in made:
            example = EXAMPLE_BY_NAME[name]
            out = tmp_path_factory.mktemp(name) / "repo"
            create_repository(
                NewOptions(
                    source=example.source,
                    out=out,
                    paired_source=example.paired_source,
                    plan=PlanOptions(image_tag=example.image_tag),
                )
            )
            made[name] = out
        return made[name]

    return make
