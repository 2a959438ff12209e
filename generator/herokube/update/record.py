"""``.herokube/app.json``: what the planner was given, so ``herokube update`` can plan again.

The export file is not part of the generated repository, and the answers in
``.copier-answers.yml`` are the planner's *output*. To re-render with newer templates but the
same app, the repository records the planner's *input*: the typed ``App`` (the model holds
no secret value: a secret config var's value is ``None``; its sha256 is dropped here too),
the ``PlanOptions`` of ``herokube new`` and which inputs were given. Written as sorted-key
JSON, so the same app gives the same bytes.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from herokube.errors import UserError
from herokube.model import App
from herokube.plan import PlanOptions

__all__ = ["RECORD_PATH", "Record", "parse_record", "record_text", "write_record"]

RECORD_PATH = ".herokube/app.json"
_FORMAT = 1


@dataclass(frozen=True)
class Record:
    app: App
    options: PlanOptions
    from_export: bool
    from_source: bool


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _decode(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _decode(options[0], data) if len(options) == 1 else data
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        known = {f.name for f in fields(hint)}
        build: Any = hint
        return build(**{k: _decode(hints[k], v) for k, v in data.items() if k in known})
    if origin is tuple:
        return tuple(_decode(args[0], v) for v in data)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return {k: _decode(args[1], v) for k, v in data.items()}
    return data


def _without_secret_traces(app: App) -> App:
    # The planner never reads the hash; a hash of a short secret can be brute-forced.
    from herokube.secrets.drains import redact_drain_url

    return replace(
        app,
        config_vars=tuple(replace(v, sha256=None) for v in app.config_vars),
        # The loader marked them already; an App built elsewhere is marked here (idempotent).
        log_drains=tuple(redact_drain_url(d) for d in app.log_drains),
    )


def _options_without_credentials(options: PlanOptions) -> dict[str, Any]:
    """The options as recorded: URLs without credentials, --data answers scrubbed.

    The loader already took credentials out of the ``App``; the options come from the
    command line, so they are cleaned here, as the planner cleans what it writes.
    """
    from herokube.secrets.app import scrub_data
    from herokube.secrets.urls import strip_url

    cleaned = replace(
        options,
        repo_url=strip_url(options.repo_url) if options.repo_url else options.repo_url,
        app_repo=strip_url(options.app_repo) if options.app_repo else options.app_repo,
    )
    encoded: dict[str, Any] = _encode(cleaned)
    encoded["extra_answers"] = scrub_data(encoded.get("extra_answers") or {})
    return encoded


def record_text(app: App, options: PlanOptions, *, from_export: bool, from_source: bool) -> str:
    document = {
        "format": _FORMAT,
        "about": "Written by herokube: what `herokube update` plans from when no --export is given. No secret values.",
        "inputs": {"export": from_export, "source": from_source},
        "plan_options": _options_without_credentials(options),
        "app": _encode(_without_secret_traces(app)),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_record(
    destination: Path, app: App, options: PlanOptions, *, from_export: bool, from_source: bool
) -> None:
    path = destination / RECORD_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        record_text(app, options, from_export=from_export, from_source=from_source),
        encoding="utf-8",
    )


def parse_record(text: str, *, source: str = RECORD_PATH) -> Record:
    """The record, or UserError naming what is wrong with it."""
    try:
        document = json.loads(text)
        if document.get("format") != _FORMAT:
            raise UserError(
                f"unknown format {document.get('format')!r}; update herokube", source=source
            )
        inputs = document.get("inputs") or {}
        return Record(
            app=_decode(App, document["app"]),
            options=_decode(PlanOptions, document["plan_options"]),
            from_export=bool(inputs.get("export")),
            from_source=bool(inputs.get("source")),
        )
    except UserError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(
            f"cannot be read ({error}); restore it from the herokube/pristine branch", source=source
        ) from None
