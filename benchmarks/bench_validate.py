#!/usr/bin/env python3
"""Benchmark ``herokube validate``.

    python benchmarks/bench_validate.py

1. Checks 1,000 rendered documents (target: 7,500 docs/s): the fixture chart of
   tests/validate is rendered for each environment and its objects are repeated up to
   1,000, each copy of an environment in a namespace of its own (so cross-object references
   resolve); the validators are compiled once (warm-up), then every document goes through
   ``check_manifest`` (removed APIs + schema) and every rule runs (Pod Security, best
   practice, the API server's field validation and the cross-object references).
2. Times ``herokube validate`` as a whole process on the largest example repository
   (target: < 1 s): the checked-in examples/*/repository, else what ``herokube new``
   generates from examples/, else the tests/validate fixture.
"""

from __future__ import annotations

import copy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generator"))

from herokube.validate.documents import Manifest, check_manifest  # noqa: E402
from herokube.validate.helm import check_environment, load_chart  # noqa: E402
from herokube.validate.kube_schemas import SchemaStore  # noqa: E402
from herokube.validate.rules import Workspace, run_rules  # noqa: E402

FIXTURE = ROOT / "tests" / "validate" / "data" / "repo"
DOCUMENTS = 1_000
TARGET_DOCS_PER_SECOND = 7_500
TARGET_SECONDS = 1.0


def rendered_documents(count: int) -> list[list[Manifest]]:
    """Copies of each environment's rendered objects, one namespace per copy, ``count`` or a few more."""
    loaded = load_chart(FIXTURE / "chart", FIXTURE)
    environments: list[list[Manifest]] = []
    for values in sorted((FIXTURE / "environments").glob("*/values.yaml")):
        result = check_environment(
            loaded, values.parent.name, values, str(values), kubernetes_version="1.31", strict=True
        )
        environments.append(result.manifests)
    groups: list[list[Manifest]] = []
    made = 0
    while made < count:
        source = environments[len(groups) % len(environments)]  # whole environments only
        namespace = f"bench-{len(groups)}"
        group = []
        for manifest in source:
            data = copy.deepcopy(manifest.data)
            data["metadata"]["namespace"] = namespace
            group.append(Manifest(manifest.resource, data, manifest.line))
        groups.append(group)
        made += len(group)
    return groups


def bench_schemas() -> float:
    store = SchemaStore("1.31", strict=True)
    groups = rendered_documents(DOCUMENTS)
    documents = [manifest for group in groups for manifest in group]
    for document in documents[:50]:  # warm-up: compile each validator once
        check_manifest(document, store)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        findings = [f for document in documents for f in check_manifest(document, store)]
        findings += run_rules(Workspace(documents, "bench", store.kubernetes_version))
        runs.append(time.perf_counter() - start)
        assert not findings, findings[:3]
    best = min(runs)
    rate = len(documents) / best
    kinds = sorted({d.resource.kind for d in documents})
    print(f"schema check + every rule: {len(documents)} documents ({', '.join(kinds)})")
    print(
        f"  best {best * 1000:.0f} ms, median {statistics.median(runs) * 1000:.0f} ms "
        f"-> {rate:,.0f} docs/s (target {TARGET_DOCS_PER_SECOND:,})"
    )
    return rate


def _example_repositories(workdir: Path) -> list[Path]:
    herokube = Path(sys.executable).parent / "herokube"
    made = []
    for example in sorted((ROOT / "examples").glob("*/")):
        export = example / "export.json"
        source = example / "src"
        args = [str(export)] if export.is_file() else [str(source)]
        if export.is_file() and source.is_dir():
            args += ["--source", str(source)]
        out = workdir / example.name
        done = subprocess.run(
            [str(herokube), "new", *args, "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0 and (out / "chart").is_dir():
            made.append(out)
    return made


def _size(repository: Path) -> int:
    """How many objects ``herokube validate`` checks in the repository."""
    from herokube.validate import ValidateOptions, validate_repository

    return len(validate_repository(ValidateOptions(directory=repository)).resources)


def bench_process() -> float:
    herokube = Path(sys.executable).parent / "herokube"
    with tempfile.TemporaryDirectory() as tmp:
        repositories = [
            p.parent.parent for p in (ROOT / "examples").glob("*/repository/chart/Chart.yaml")
        ]
        repositories = repositories or _example_repositories(Path(tmp))
        if repositories:
            target = max(repositories, key=_size)
            label = f"example {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target.name}"
        else:
            target = Path(tmp) / "fixture"
            shutil.copytree(FIXTURE, target)
            label = "tests/validate fixture (no example could be generated)"
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(
                [str(herokube), "validate", str(target)],
                capture_output=True,
                text=True,
                check=False,
            )
            runs.append(time.perf_counter() - start)
        summary = (
            done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
        )
    best = min(runs)
    print(
        f"herokube validate on {label}: best {best:.2f} s, median {statistics.median(runs):.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s), exit {done.returncode}"
    )
    print(f"  {summary}")
    return best


def main() -> int:
    rate = bench_schemas()
    seconds = bench_process()
    ok = rate >= TARGET_DOCS_PER_SECOND and seconds < TARGET_SECONDS
    print("PASS" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
