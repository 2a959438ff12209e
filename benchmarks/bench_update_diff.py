"""Time `herokube update` and `herokube diff` as whole processes, as a user runs them.

    python benchmarks/bench_update_diff.py            # median of 5 runs each; exit 1 over budget

Budgets: `herokube update` on the largest example (bookshelf: export + source, a new process
type, a new config var, a dropped add-on) under 3 s; `herokube diff` for three environments
under 2 s. Runs in a temporary HOME with no git identity, like a fresh CI machine.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The change the update tests make is the change this benchmark times.
sys.path.insert(0, str(ROOT / "tests"))

from herokube_testing import grow_bookshelf_export  # noqa: E402

BOOKSHELF = ROOT / "examples" / "bookshelf"
RUNS = 5
BUDGETS = {"update": 3.0, "diff": 2.0}


def _herokube(*args: str | Path, env: dict[str, str], expect: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "herokube", *map(str, args)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in expect:
        raise SystemExit(
            f"herokube {' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr}"
        )
    return elapsed


def _git(repo: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="herokube-bench-"))
    try:
        home = scratch / "home"
        home.mkdir()
        env = {
            **os.environ,
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }

        data = json.loads((BOOKSHELF / "export.json").read_text(encoding="utf-8"))
        grow_bookshelf_export(data)
        export = scratch / "export.json"
        export.write_text(json.dumps(data), encoding="utf-8")
        source = scratch / "src"
        shutil.copytree(BOOKSHELF / "src", source)
        (source / "Procfile").write_text(
            (source / "Procfile").read_text() + "mailer: bundle exec rake mailer:run\n"
        )

        repo = scratch / "bookshelf-deploy"
        _herokube(
            "new",
            BOOKSHELF / "export.json",
            "--source",
            BOOKSHELF / "src",
            "--out",
            repo,
            "--env",
            "dev",
            "--env",
            "staging",
            "--env",
            "production",
            env=env,
        )
        first = _git(repo, "rev-parse", "herokube/pristine", env=env)
        update_times = []
        for _ in range(RUNS):
            update_times.append(
                _herokube("update", repo, "--export", export, "--source", source, env=env)
            )
            # Back to the state before the update: the pristine branch, no update branch.
            _git(repo, "update-ref", "refs/heads/herokube/pristine", first, env=env)
            for branch in _git(
                repo, "branch", "--list", "herokube/update-*", "--format=%(refname:short)", env=env
            ).split():
                _git(repo, "branch", "-D", branch, env=env)

        values = repo / "environments" / "production" / "values.yaml"
        values.write_text(values.read_text().replace("replicas: 4", "replicas: 6"))
        (repo / "chart" / "values.yaml").write_text(
            (repo / "chart" / "values.yaml")
            .read_text()
            .replace("RAILS_ENV: production", "RAILS_ENV: staging")
        )
        diff_times = [
            _herokube("diff", repo, "--exit-code", env=env, expect=(1,)) for _ in range(RUNS)
        ]

        failed = False
        for name, times in (("update", update_times), ("diff", diff_times)):
            median = statistics.median(times)
            over = median > BUDGETS[name]
            failed |= over
            label = (
                "update (bookshelf, new export)"
                if name == "update"
                else "diff (bookshelf, 3 environments)"
            )
            print(
                f"herokube {label}: median {median:.2f} s, min {min(times):.2f} s over {RUNS} runs; budget {BUDGETS[name]:.1f} s{' OVER' if over else ''}"
            )
        return 1 if failed else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
