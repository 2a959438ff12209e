"""What the process benchmarks share: run a herokube command, measure its wall and CPU time.

CPU time (user + system, of the command and every process it waited for: Helm's Go threads,
git, hadolint, fleet's workers) is what a busy machine changes least: compare it before and
after a change when other work shares the cores; the targets are wall-clock figures on a quiet
machine.

Python bytecode: an installed herokube has its modules compiled (pip writes ``__pycache__``). A
checkout run with ``PYTHONDONTWRITEBYTECODE`` set compiles ~100 of herokube's modules from
source on every start (~0.1 s), which no user pays; so the commands run with their bytecode
kept in a private folder (``PYTHONPYCACHEPREFIX``, nothing written into the checkout) after a
warm-up run. ``--as-is`` runs them in the environment unchanged.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PYCACHE = Path(tempfile.gettempdir()) / "herokube-bench-pycache"


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    """User + system seconds of the command and the processes it waited for."""


def command_env(as_is: bool) -> dict[str, str]:
    """The environment the commands run in (see the module docstring)."""
    env = dict(os.environ)
    if not as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    return env


def run_herokube(args: list[str], env: dict[str, str]) -> Timing:
    """``herokube ARGS`` from the repository root; fails loudly when the command fails."""
    herokube = Path(sys.executable).with_name("herokube")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(herokube), *args], cwd=ROOT, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)
