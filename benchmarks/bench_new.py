"""`herokube new` on two examples, as a whole process (target, issue 16: 0.7 s or less).

python benchmarks/bench_new.py [--runs N] [--as-is]

Prints the median and best wall time and the best CPU time (user + system, children included)
of each case; compare CPU times on a busy machine (benchmarks/_measure.py says why, and how
Python bytecode is handled). The first run of each case is a warm-up and not counted: it fills
the caches a later `herokube new` reads (compiled templates, parsed blueprints, bytecode).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _measure import Timing, command_env, run_herokube

TARGET_SECONDS = 0.7
CASES = {
    "export + source (bookshelf)": [
        "examples/bookshelf/export.json",
        "--source",
        "examples/bookshelf/src",
    ],
    # Not a Git checkout and no export: the release's tag is given (as the example's test does).
    "source tree only (notes-api)": ["examples/notes-api/src", "--image-tag", "1.0.0"],
}


def time_new(args: list[str], runs: int, env: dict[str, str]) -> list[Timing]:
    timings = []
    for _ in range(runs + 1):
        workdir = Path(tempfile.mkdtemp())
        try:
            timings.append(run_herokube(["new", *args, "--out", str(workdir / "repo")], env))
        finally:
            shutil.rmtree(workdir)
    return timings[1:]  # the first run is the warm-up


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-is", action="store_true", help="the environment as it is")
    options = parser.parse_args()
    env = command_env(options.as_is)
    worst = 0.0
    for name, args in CASES.items():
        timings = time_new(args, options.runs, env)
        median = statistics.median(t.wall for t in timings)
        worst = max(worst, median)
        print(
            f"herokube new, {name}: median {median:.3f} s over {options.runs} runs "
            f"(min {min(t.wall for t in timings):.3f} s; CPU min {min(t.cpu for t in timings):.3f} s)"
        )
    verdict = "meets" if worst <= TARGET_SECONDS else "MISSES"
    print(f"target {TARGET_SECONDS} s: {verdict}")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
