"""Run every benchmark and report its figures against its target.

    python benchmarks/run.py

Each benchmark is also runnable on its own (`python benchmarks/bench_<name>.py`); they print
their figures and exit 1 when a target is missed. Speed targets live here, not in timed tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        if (
            subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode
            != 0
        ):
            failed.append(script.name)
    print("all targets met" if not failed else f"targets missed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
