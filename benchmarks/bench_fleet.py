"""`herokube fleet` on 100 apps beside `herokube new` once per app, in one run.

python benchmarks/bench_fleet.py [--apps N] [--as-is]

Targets (issue 16): the fleet in 30 s or less on the 2-core machine, and at least 3x faster than
one `herokube new` process per app. The apps are two examples' exports (bookshelf, hello-minimal), renamed, so every
app is a real one herokube writes in full. Wall and CPU time (user + system, workers and
children included) are printed for both; benchmarks/_measure.py says why CPU time, and how
Python bytecode is handled. One `herokube new` runs first as a warm-up (caches, bytecode).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from _measure import ROOT, Timing, command_env, run_herokube

TARGET_SECONDS = 30.0
TARGET_SPEEDUP = 3.0
_EXAMPLE_EXPORTS = ("bookshelf", "hello-minimal")


def make_exports(folder: Path, count: int) -> list[Path]:
    """``count`` exports, cycling through the examples, each app with a name of its own."""
    paths = []
    for index in range(count):
        example = _EXAMPLE_EXPORTS[index % len(_EXAMPLE_EXPORTS)]
        data = json.loads((ROOT / "examples" / example / "export.json").read_text())
        data["app"]["name"] = f"{example}-{index:03d}"[:30]
        # A team export names each app's release (hello-minimal's bundled export does not).
        data.setdefault("release", {"version": 1, "commit": f"{index:040x}"})
        path = folder / f"{data['app']['name']}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=100)
    parser.add_argument("--as-is", action="store_true", help="the environment as it is")
    options = parser.parse_args()
    count = options.apps
    env = command_env(options.as_is)
    workdir = Path(tempfile.mkdtemp())
    try:
        exports_dir = workdir / "exports"
        exports_dir.mkdir()
        exports = make_exports(exports_dir, count)
        run_herokube(["new", str(exports[0]), "--out", str(workdir / "warm-up")], env)

        fleet = run_herokube(["fleet", str(exports_dir), "--out", str(workdir / "fleet")], env)
        one_by_one = Timing(0.0, 0.0)
        for path in exports:
            one = run_herokube(["new", str(path), "--out", str(workdir / "new" / path.stem)], env)
            one_by_one = Timing(one_by_one.wall + one.wall, one_by_one.cpu + one.cpu)
    finally:
        shutil.rmtree(workdir)
    speedup = one_by_one.wall / fleet.wall
    print(
        f"herokube fleet, {count} apps: {fleet.wall:.1f} s, CPU {fleet.cpu:.1f} s "
        f"(target {TARGET_SECONDS * count / 100:.0f} s)"
    )
    print(
        f"herokube new, {count} separate processes: {one_by_one.wall:.1f} s, CPU "
        f"{one_by_one.cpu:.1f} s ({one_by_one.wall / count:.2f} s per app); fleet is "
        f"{speedup:.1f}x faster (target {TARGET_SPEEDUP:.0f}x; CPU "
        f"{one_by_one.cpu / fleet.cpu:.1f}x less)"
    )
    met = fleet.wall <= TARGET_SECONDS * count / 100 and speedup >= TARGET_SPEEDUP
    print("targets met" if met else "BELOW TARGET")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
