"""``herokube fleet``: every app's repository in one run, and the platform repository that ties them.

Each app is written by the same ``create_repository`` as ``herokube new`` (so ``DIR/<app>/`` is
byte-identical to what ``new`` writes for that input), in a pool of worker processes that import
herokube and parse the blueprints once each. A bad input fails alone: its one-line error is
reported and every other app is still written. Then ``DIR/platform/`` is written from what the
apps need (see ``platform``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from herokube.fleet.apps import AppJob, AppOutcome, render_app
from herokube.fleet.platform import PlatformOptions, PlatformResult
from herokube.fleet.sources import expand_sources
from herokube.pipeline import NewOptions

__all__ = ["AppOutcome", "FleetOptions", "FleetResult", "build_fleet"]


@dataclass(frozen=True)
class FleetOptions:
    sources: tuple[Path, ...]
    out: Path
    shared: NewOptions
    """What every app shares (environments, template, add-on choices ...), as ``new`` takes it."""
    jobs: int | None = None
    """Worker processes; default: one per core."""
    platform: PlatformOptions = field(default_factory=PlatformOptions)


@dataclass(frozen=True)
class FleetResult:
    apps: tuple[AppOutcome, ...]
    platform: PlatformResult | None
    """None when no app could be written."""

    @property
    def failed(self) -> tuple[AppOutcome, ...]:
        return tuple(app for app in self.apps if app.error)


Progress = Callable[[AppOutcome], None]


def build_fleet(options: FleetOptions, progress: Progress | None = None) -> FleetResult:
    """Write every app's repository and the platform repository under ``options.out``."""
    from herokube.errors import UserError

    sources = expand_sources(options.sources)
    if options.out.exists() and not options.out.is_dir():
        raise UserError("exists and is not a folder", source=str(options.out), field="--out")
    options.out.mkdir(parents=True, exist_ok=True)
    refused = _refuse_duplicates(sources)
    jobs = [
        AppJob(source, options.out, options.shared) for source in sources if source not in refused
    ]
    outcomes: list[AppOutcome] = []
    for outcome in itertools.chain(refused.values(), _run(jobs, options.jobs)):
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    ordered = tuple(sorted(outcomes, key=lambda o: str(o.source)))
    written = tuple(o for o in ordered if not o.error)
    platform = _platform(options, written) if written else None
    return FleetResult(ordered, platform)


def _refuse_duplicates(sources: tuple[Path, ...]) -> dict[Path, AppOutcome]:
    """A second input for an app already given, refused before any work (it would race the first).

    Only the app's name is read here (the load stage, no render); an input that cannot even be
    loaded is left to its worker, which reports the error as for any other bad input.
    """
    from herokube.errors import UserError
    from herokube.load import load_app, resolve_inputs

    first: dict[str, Path] = {}
    refused: dict[Path, AppOutcome] = {}
    for source in sources:
        try:
            name = load_app(resolve_inputs(source, None)).name
        except UserError:
            continue
        if name in first:
            line = f"{source}: the app {name!r} is already given as {first[name]}"
            refused[source] = AppOutcome(source, name=name, error=line)
        else:
            first[name] = source
    return refused


def _run(jobs: list[AppJob], workers: int | None) -> Iterator[AppOutcome]:
    """Outcomes as apps finish: in this process for one app or one worker, else in a pool."""
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count <= 1:
        _warm()
        yield from (render_app(job) for job in jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Spawn, not fork: this process may have loaded Helm's Go library already (a test run, a
    # validation), and a Go runtime does not survive a fork. Each worker pays herokube's imports
    # once, in parallel, and then serves many apps.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_warm) as pool:
        futures = [pool.submit(render_app, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


def _warm() -> None:
    """Import the pipeline and parse the blueprints once per worker, before its first app.

    (Compiled templates are kept by ``render_tree`` itself, for every render.)
    """
    import herokube.pipeline  # noqa: F401
    from herokube.blueprints import load_blueprints

    load_blueprints()


def _platform(options: FleetOptions, apps: tuple[AppOutcome, ...]) -> PlatformResult:
    from herokube.assess import Assessment, render
    from herokube.assess.fleet import summarise
    from herokube.blueprints import load_operators
    from herokube.fleet.platform import chosen_operators, platform_files, write_platform

    assessments = tuple(a.assessment for a in apps if a.assessment is not None)
    fleet = summarise(assessments)
    readme = _README_HEAD + render(Assessment(assessments, fleet), "markdown")
    chosen = chosen_operators(apps, load_operators())
    files = platform_files(apps, fleet, chosen, readme, options.platform)
    return write_platform(options.out, files, tuple(chosen))


_README_HEAD = """\
# Platform

The cluster side of the fleet herokube moved off Heroku, for Argo CD:

- `chart/` — one Argo CD Application per cluster operator the apps need (upstream charts at
  pinned versions), each app environment's namespace (Pod Security "restricted" enforced, a
  ResourceQuota and LimitRange sized from the assessment below) and one Application per app
  repository's `argocd/` folder, ordered by migration wave (`argocd.argoproj.io/sync-wave`).
- `argocd/root.yaml` — apply it once (`kubectl apply -n argocd -f argocd/root.yaml`); Argo CD
  takes it from there.

`herokube fleet` writes this repository; a re-run with changed inputs proposes the change on
branch `herokube/platform-update`. `herokube validate .` checks it offline.

"""
