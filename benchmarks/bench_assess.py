"""Time `herokube assess` over a fleet of 100 apps, in every format, cost and page included.

The fleet is the bookshelf example's export under 100 names; every tenth pair shares its
Postgres database (so waves and the shared add-on graph have work to do). Target: the whole
command under 2 s wall time, for each format.

    python benchmarks/bench_assess.py [--apps N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.0
FORMATS = ("text", "markdown", "json", "html")


def _fleet(folder: Path, count: int) -> list[Path]:
    template: dict[str, Any] = json.loads(
        (ROOT / "examples" / "bookshelf" / "export.json").read_text(encoding="utf-8")
    )
    paths = []
    for index in range(count):
        name = f"app-{index:03d}"
        document = json.loads(json.dumps(template))
        document["app"]["name"] = name
        document.pop("pipeline", None)
        partner = index - 1 if index % 10 == 1 else index
        for addon in document["addons"]:
            owner = f"app-{partner:03d}"
            addon["name"] = f"{addon['name']}-{partner:03d}"
            addon["billing_app"] = owner
            for attachment in addon.get("attachments", []):
                attachment["app"] = name
        for variable in document.get("config_vars", []):
            source = variable.get("source") or {}
            if source.get("addon"):
                source["addon"] = f"{source['addon']}-{partner:03d}"
        path = folder / f"{name}.export.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=100, help="apps in the fleet (default 100)")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as work:
        paths = _fleet(Path(work), args.apps)
        for output_format in FORMATS:
            out = Path(work) / f"assessment.{output_format}"
            command = [sys.executable, "-m", "herokube", "assess", *map(str, paths)]
            command += ["--format", output_format, "--out", str(out)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                command,
                env={"PYTHONPATH": str(ROOT / "generator"), "PATH": "/usr/bin:/bin"},
                check=True,
                stderr=subprocess.DEVNULL,
            )
            took = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU time tells what the command costs when other work shares the machine.
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            failed |= took >= TARGET_SECONDS
            print(
                f"assess of {args.apps} apps, --format {output_format}: whole CLI {took:.3f} s "
                f"(CPU {cpu:.3f} s), "
                f"{out.stat().st_size / 1024:.0f} KiB (target < {TARGET_SECONDS:.0f} s)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
