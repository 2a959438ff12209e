"""CronJob schedules and time zones, as the API server parses them.

The API server parses ``spec.schedule`` with ``cron.ParseStandard`` of robfig/cron v3
(``validateScheduleFormat`` in ``pkg/apis/batch/validation/validation.go``): five fields
(minute, hour, day of month, month, day of week) or a descriptor (``@hourly``, ...,
``@every 1h30m``); and it loads ``spec.timeZone`` with Go's ``time.LoadLocation``
(``validateTimeZone``), i.e. a name from the IANA time zone database.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

__all__ = ["schedule_errors", "time_zone_errors"]

_DESCRIPTORS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_DAYS = {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}
# (name, minimum, maximum, names) per field, robfig/cron's bounds.
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 6, _DAYS),
)
_DURATION = re.compile(r"^([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$")
_ZONE_PART = re.compile(r"^[A-Za-z\.\-_0-9+]{1,14}$")


def _number(text: str, names: dict[str, int]) -> int:
    if text.lower() in names:
        return names[text.lower()]
    if not text.isdigit():
        if text.startswith("-") and text[1:].isdigit():
            raise ValueError(f"negative number ({text}) not allowed")
        raise ValueError(f"failed to parse int from {text}")
    return int(text)


def _range_errors(expression: str, low: int, high: int, names: dict[str, int]) -> None:
    range_and_step = expression.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        if len(low_and_high) > 1:
            raise ValueError(f"too many hyphens: {expression}")
        start, end = low, high
    else:
        if len(low_and_high) > 2:
            raise ValueError(f"too many hyphens: {expression}")
        start = _number(low_and_high[0], names)
        end = _number(low_and_high[1], names) if len(low_and_high) == 2 else start
    if len(range_and_step) > 2:
        raise ValueError(f"too many slashes: {expression}")
    if len(range_and_step) == 2:
        step = _number(range_and_step[1], {})
        if step <= 0:
            raise ValueError(f"step of range should be a positive number: {expression}")
        if len(low_and_high) == 1 and low_and_high[0] not in ("*", "?"):
            end = high  # "N/step" means "N-max/step"
    if start < low:
        raise ValueError(f"beginning of range ({start}) below minimum ({low}): {expression}")
    if end > high:
        raise ValueError(f"end of range ({end}) above maximum ({high}): {expression}")
    if start > end:
        raise ValueError(f"beginning of range ({start}) beyond end of range ({end}): {expression}")


@cache
def schedule_errors(schedule: str) -> tuple[str, ...]:
    """The API server's complaints about a CronJob schedule (empty when it parses)."""
    text = schedule.strip()
    if not text:
        return ("empty spec string",)
    if "TZ" in schedule:
        return ("cannot use TZ or CRON_TZ in schedule, use timeZone field instead",)
    if text.startswith("@"):
        if text in _DESCRIPTORS:
            return ()
        if text.startswith("@every "):
            duration = text[len("@every ") :].strip()
            return () if _DURATION.fullmatch(duration) else (f"failed to parse duration {text}",)
        return (f"unrecognized descriptor: {text}",)
    fields = text.split()
    if len(fields) != 5:
        return (f"expected exactly 5 fields, found {len(fields)}: {text}",)
    for value, (name, low, high, names) in zip(fields, _FIELDS, strict=True):
        for expression in value.split(","):
            try:
                _range_errors(expression, low, high, names)
            except ValueError as error:
                return (f"{name}: {error}",)
    return ()


@cache
def _zone_known(zone: str) -> bool | None:
    """Whether the IANA database knows ``zone``; None without a database on this machine."""
    try:
        zoneinfo.ZoneInfo(zone)
    except zoneinfo.ZoneInfoNotFoundError:
        try:
            zoneinfo.ZoneInfo("UTC")
        except zoneinfo.ZoneInfoNotFoundError:
            return None
        return False
    except ValueError:
        return False
    return True


def time_zone_errors(zone: str) -> list[str]:
    """``validateTimeZone``: a non-empty IANA zone name other than ``Local``.

    Without a zone database on this machine (no tzdata) only the name's shape is checked.
    """
    if not zone:
        return ["timeZone must be nil or non-empty string"]
    for part in zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _ZONE_PART.fullmatch(part):
            return [f"unknown time zone {zone}"]
    if zone.lower() == "local":
        return [
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
        ]
    if _zone_known(zone) is False:
        return [f"unknown time zone {zone}"]
    return []
