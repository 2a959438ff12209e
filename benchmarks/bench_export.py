"""Time `herokube export` for a big app against the local fake Platform API.

The app has 30 add-ons, 200 config vars and 50 domains; lists are paged 20 at a time so the
exporter follows Next-Range like it must against Heroku. Target: under 2 s wall time.

    python benchmarks/bench_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The fake API lives with the tests, so the benchmark and the tests exercise the same server.
sys.path.insert(0, str(ROOT / "tests" / "export"))
sys.path.insert(0, str(ROOT / "generator"))

from fake_platform_api import TOKEN, FakePlatformApi, build_app  # noqa: E402

from herokube.heroku_api import ExportOptions, run_export  # noqa: E402

TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    args = parser.parse_args()
    with FakePlatformApi(page_size=20) as api, tempfile.TemporaryDirectory() as work:
        fixture = api.add(build_app(addons=30, config_vars=200, domains=50))
        options = ExportOptions(
            app=fixture.name,
            out=Path(work) / "export.json",
            api_url=api.url,
            scheduler=True,
            scheduler_url=api.scheduler_url,
        )
        environ = {**os.environ, "HEROKU_API_KEY": TOKEN}
        times = []
        for _ in range(args.runs):
            api.requests.clear()
            start = time.perf_counter()
            run_export(options, environ=environ)
            times.append(time.perf_counter() - start)
        requests = len(api.requests)
        # The whole command as a user runs it: interpreter start, imports, requests, write.
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "herokube",
                "export",
                fixture.name,
                "--api-url",
                api.url,
                "--scheduler",
                "--scheduler-url",
                api.scheduler_url,
                "--out",
                str(Path(work) / "cli.json"),
            ],
            env={**environ, "PYTHONPATH": str(ROOT / "generator")},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        cli = time.perf_counter() - start
    worst = max(times)
    print(
        f"export of 30 add-ons, 200 config vars, 50 domains ({requests} requests): "
        f"in-process first {times[0]:.3f} s, median {statistics.median(times):.3f} s, "
        f"worst {worst:.3f} s; whole CLI {cli:.3f} s (target < {TARGET_SECONDS:.0f} s)"
    )
    return 0 if max(worst, cli) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
