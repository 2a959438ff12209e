"""`herokube new` on the largest example, as a whole process (target: under 1.5 s).

python benchmarks/bench_new.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
CASES = {
    "export + source (bookshelf)": [
        "examples/bookshelf/export.json",
        "--source",
        "examples/bookshelf/src",
    ],
    "source tree only (notes-api)": ["examples/notes-api/src"],
}


def time_new(args: list[str], runs: int) -> list[float]:
    herokube = Path(sys.executable).with_name("herokube")
    times = []
    for _ in range(runs):
        workdir = Path(tempfile.mkdtemp())
        started = time.perf_counter()
        subprocess.run(
            [str(herokube), "new", *args, "--out", str(workdir / "repo")],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
        shutil.rmtree(workdir)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    worst = 0.0
    for name, args in CASES.items():
        times = time_new(args, runs)
        median = statistics.median(times)
        worst = max(worst, median)
        print(
            f"herokube new, {name}: median {median:.3f} s over {runs} runs (min {min(times):.3f} s)"
        )
    verdict = "meets" if worst < TARGET_SECONDS else "MISSES"
    print(f"target {TARGET_SECONDS} s: {verdict}")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
