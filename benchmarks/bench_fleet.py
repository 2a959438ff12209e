"""`herokube fleet` on 100 apps beside `herokube new` once per app, in one run.

python benchmarks/bench_fleet.py [--apps N]

Targets (issue 16): the fleet in 30 s or less on the 2-core machine, and at least 3x faster than
one `herokube new` process per app. The apps are the three examples' exports, renamed, so every
app is a real one herokube writes in full.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
        path = folder / f"{data['app']['name']}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def _herokube(*args: str) -> None:
    herokube = Path(sys.executable).with_name("herokube")
    subprocess.run([str(herokube), *args], cwd=ROOT, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=100)
    count = parser.parse_args().apps
    workdir = Path(tempfile.mkdtemp())
    try:
        exports_dir = workdir / "exports"
        exports_dir.mkdir()
        exports = make_exports(exports_dir, count)

        started = time.perf_counter()
        _herokube("fleet", str(exports_dir), "--out", str(workdir / "fleet"))
        fleet = time.perf_counter() - started

        started = time.perf_counter()
        for path in exports:
            _herokube("new", str(path), "--out", str(workdir / "one-by-one" / path.stem))
        one_by_one = time.perf_counter() - started
    finally:
        shutil.rmtree(workdir)
    speedup = one_by_one / fleet
    print(f"herokube fleet, {count} apps: {fleet:.1f} s (target {TARGET_SECONDS:.0f} s)")
    print(
        f"herokube new, {count} separate processes: {one_by_one:.1f} s "
        f"({one_by_one / count:.2f} s per app); fleet is {speedup:.1f}x faster "
        f"(target {TARGET_SPEEDUP:.0f}x)"
    )
    met = fleet <= TARGET_SECONDS * count / 100 and speedup >= TARGET_SPEEDUP
    print("targets met" if met else "BELOW TARGET")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
