"""The CRD schemas in the wheel are exactly what scripts/build_crd_schemas.py makes, no more."""

from __future__ import annotations

import runpy
from pathlib import Path

from herokube.validate.crds import CRD_SCHEMA_DIR
from herokube_testing import REPO_ROOT, shared_dir


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_the_shipped_schemas_are_the_script_output_for_the_shipped_list(tmp_path: Path) -> None:
    source = shared_dir("schemas")
    script = runpy.run_path(str(REPO_ROOT / "scripts" / "build_crd_schemas.py"))
    script["build"](source, tmp_path)
    assert _files(tmp_path) == _files(CRD_SCHEMA_DIR), (
        "generator/herokube/schemas/crds differs: run python scripts/build_crd_schemas.py"
    )
