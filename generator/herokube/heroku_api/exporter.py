"""``herokube export``: token → API answers → export document → file."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from herokube import __version__
from herokube.errors import UserError
from herokube.heroku_api.auth import Token, resolve_token
from herokube.heroku_api.client import ApiClient, RetryPolicy
from herokube.heroku_api.document import build_document
from herokube.heroku_api.fetch import fetch_app
from herokube.heroku_api.pacing import RatePacer
from herokube.heroku_api.scheduler import DEFAULT_SCHEDULER_URL, JSON_API
from herokube.heroku_api.writer import check_target, write_export

__all__ = [
    "DEFAULT_API_URL",
    "ExportOptions",
    "ExportResult",
    "export_app",
    "make_clients",
    "run_export",
]

DEFAULT_API_URL = "https://api.heroku.com"
_PROGRESS_AFTER = 1.0
# An app is named by its name (the Platform API's pattern) or its UUID.
_APP_REF = re.compile(
    r"^([a-z][a-z0-9-]{1,28}[a-z0-9]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)


@dataclass(frozen=True)
class ExportOptions:
    """Everything ``herokube export`` was asked to do. ``out=None`` means ``<APP>.export.json``."""

    app: str
    out: Path | None = None
    api_url: str = DEFAULT_API_URL
    include_secrets: bool = False
    scheduler: bool = False
    scheduler_url: str = DEFAULT_SCHEDULER_URL
    timeout: float = 30.0
    progress: bool = False


@dataclass(frozen=True)
class ExportResult:
    """Where the export went and the warnings it holds."""

    path: Path
    warnings: list[dict[str, str]] = field(default_factory=list)


def _check_url(url: str, option: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise UserError(f"{option} must be an http(s) URL, got {url!r}")
    return url


@contextmanager
def _progress(enabled: bool, message: str) -> Iterator[None]:
    """Say what is going on, on stderr, only when the work takes longer than a second."""
    timer = threading.Timer(_PROGRESS_AFTER, lambda: print(message, file=sys.stderr, flush=True))
    timer.daemon = True
    if enabled:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()


def run_export(
    options: ExportOptions,
    *,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ExportResult:
    """Read ``options.app`` from the API and write its export file; ``UserError`` on any failure.

    Nothing is written unless every request succeeded and the document fits the schema.
    """
    if not _APP_REF.match(options.app):
        raise UserError(
            f"APP must be a Heroku app name (lower-case letters, digits, dashes) or id, "
            f"got {options.app!r}"
        )
    api_url = _check_url(options.api_url, "--api-url")
    out = options.out or Path(f"{options.app}.export.json")
    check_target(out)  # before any request: a bad --out should not cost a round of API calls
    token = resolve_token(environ, home)
    client, scheduler = make_clients(options, token, retry=retry, sleep=sleep)
    with _progress(options.progress, f"herokube: reading {options.app} from {api_url} …"):
        return export_app(client, scheduler, options, out, clock)


def make_clients(
    options: ExportOptions,
    token: Token,
    *,
    retry: RetryPolicy | None,
    sleep: Callable[[float], None],
    pacer: RatePacer | None = None,
) -> tuple[ApiClient, ApiClient | None]:
    """The Platform API client and, with ``--scheduler``, the Scheduler API's."""
    api_url = _check_url(options.api_url, "--api-url")
    client = ApiClient(
        api_url, token, timeout=options.timeout, retry=retry, sleep=sleep, pacer=pacer
    )
    if not options.scheduler:
        return client, None
    scheduler = ApiClient(
        _check_url(options.scheduler_url, "--scheduler-url"),
        token,
        accept=JSON_API,
        timeout=options.timeout,
        retry=retry,
        sleep=sleep,
        describe="the Heroku Scheduler API",
        pacer=pacer,
    )
    return client, scheduler


def export_app(
    client: ApiClient,
    scheduler: ApiClient | None,
    options: ExportOptions,
    out: Path,
    clock: Callable[[], datetime],
) -> ExportResult:
    """Read ``options.app`` and write its export at ``out`` (already checked)."""
    raw = fetch_app(client, options.app, scheduler=scheduler)
    document: dict[str, Any] = build_document(
        raw,
        include_secrets=options.include_secrets,
        scheduler_requested=options.scheduler,
        exported_at=clock().astimezone(UTC),
        version=__version__,
    )
    write_export(document, out, holds_secrets=options.include_secrets)
    return ExportResult(out, list(document.get("warnings", [])))
