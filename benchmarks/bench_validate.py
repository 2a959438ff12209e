#!/usr/bin/env python3
"""Benchmark ``herokube validate``.

    python benchmarks/bench_validate.py

1. Schema-checks 1,000 rendered documents with the cached validators (target: 3,000 docs/s):
   the fixture chart of tests/validate is rendered for each environment and its objects are
   repeated, with distinct names, up to 1,000; the validators are compiled once (warm-up),
   then every document goes through ``check_manifest`` (removed APIs + all schema errors).
2. Times ``herokube validate`` as a whole process on the largest example repository
   (target: < 2 s): the checked-in examples/*/repository, else what ``herokube new``
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
from herokube.validate.findings import Resource  # noqa: E402
from herokube.validate.helm import check_environment, load_chart  # noqa: E402
from herokube.validate.kube_schemas import SchemaStore  # noqa: E402

FIXTURE = ROOT / "tests" / "validate" / "data" / "repo"
DOCUMENTS = 1_000
TARGET_DOCS_PER_SECOND = 3_000
TARGET_SECONDS = 2.0


def rendered_documents(count: int) -> list[Manifest]:
    loaded = load_chart(FIXTURE / "chart", FIXTURE)
    base: list[Manifest] = []
    for values in sorted((FIXTURE / "environments").glob("*/values.yaml")):
        result = check_environment(
            loaded, values.parent.name, values, str(values), kubernetes_version="1.31", strict=True
        )
        base.extend(result.manifests)
    documents = []
    for index in range(count):
        source = base[index % len(base)]
        data = copy.deepcopy(source.data)
        data["metadata"]["name"] = f"{data['metadata']['name']}-{index}"
        resource = Resource(
            "bench",
            source.resource.file,
            source.resource.kind,
            data["metadata"]["name"],
            source.resource.api_version,
        )
        documents.append(Manifest(resource, data, source.line))
    return documents


def bench_schemas() -> float:
    store = SchemaStore("1.31", strict=True)
    documents = rendered_documents(DOCUMENTS)
    for document in documents[:50]:  # warm-up: compile each validator once
        check_manifest(document, store)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        findings = [f for document in documents for f in check_manifest(document, store)]
        runs.append(time.perf_counter() - start)
        assert not findings, findings[:3]
    best = min(runs)
    rate = DOCUMENTS / best
    kinds = sorted({d.resource.kind for d in documents})
    print(f"schema check: {DOCUMENTS} documents ({', '.join(kinds)})")
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
