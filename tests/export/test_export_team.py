"""``herokube export --team``: one export per app, failures alone, paced by the rate limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from herokube.heroku_api import ExportOptions
from herokube.heroku_api.client import RetryPolicy
from herokube.heroku_api.team import run_team_export

from .conftest import CliResult
from .fake_platform_api import TOKEN, FakePlatformApi, Fault, build_app, uid

_APPS = ("acme-billing", "acme-shop", "acme-web")
_REFILL_PER_SECOND = 75 / 60


def _serve_team(api: FakePlatformApi, team: str = "acme") -> None:
    for name in _APPS:
        api.add(build_app(name, pipeline=False, scheduler=False))
    api.put(f"/teams/{team}/apps", [{"id": uid(f"app:{n}"), "name": n} for n in _APPS], "team-app")


def _team_export(
    cli: Callable[..., CliResult], api: FakePlatformApi, *args: str, token: str = TOKEN
) -> CliResult:
    return cli(
        "export", "--team", "acme", "--api-url", api.url, *args, env={"HEROKU_API_KEY": token}
    )


def test_every_app_of_the_team_gets_its_own_export(
    cli: Callable[..., CliResult], api: FakePlatformApi, isolated: Path
) -> None:
    _serve_team(api)
    result = _team_export(cli, api, "--out", "exports")
    assert result.code == 0, result.err
    written = sorted(p.name for p in (isolated / "exports").iterdir())
    assert written == [f"{name}.export.json" for name in _APPS]
    for name in _APPS:
        document = json.loads((isolated / "exports" / f"{name}.export.json").read_text())
        assert document["app"]["name"] == name
    assert "Exported 3 of 3 apps of acme" in result.out
    assert [line for line in result.err.splitlines() if "exported" in line] == [
        f"herokube: exported {name} ({index}/3)" for index, name in enumerate(_APPS, start=1)
    ]


def test_an_app_that_fails_fails_alone(
    cli: Callable[..., CliResult], api: FakePlatformApi, isolated: Path
) -> None:
    _serve_team(api)
    api.routes.pop("/apps/acme-shop/formation")
    result = _team_export(cli, api)
    assert result.code == 1
    failures = [line for line in result.err.splitlines() if line.startswith("herokube: acme-shop")]
    assert len(failures) == 1 and "Traceback" not in result.err
    assert sorted(p.name for p in (isolated / "acme").iterdir()) == [
        "acme-billing.export.json",
        "acme-web.export.json",
    ]


def test_a_refused_token_stops_the_run(
    cli: Callable[..., CliResult], api: FakePlatformApi, isolated: Path
) -> None:
    _serve_team(api)
    result = _team_export(cli, api, token="wrong")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "401" in result.err


@pytest.mark.parametrize("arguments", [(), ("acme-shop", "--team", "acme")])
def test_exactly_one_of_app_and_team(
    cli: Callable[..., CliResult], arguments: tuple[str, ...]
) -> None:
    result = cli("export", *arguments)
    assert result.code == 2
    assert "give exactly one of APP and --team TEAM" in result.err


class _RateLimitedApi(FakePlatformApi):
    """Heroku's token bucket: a request spends one token, an empty bucket answers 429, and the
    bucket refills while the client sleeps (``refill`` is the client's sleep in these tests)."""

    def __init__(self, tokens: float):
        super().__init__()
        self.tokens = tokens
        self.statuses: list[int] = []

    def refill(self, seconds: float) -> None:
        with self._lock:
            self.tokens += seconds * _REFILL_PER_SECOND

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            if self.tokens < 1:
                self.statuses.append(429)
                body = {"id": "rate_limit", "message": "Your account reached the API rate limit"}
                return 429, {"RateLimit-Remaining": "0"}, json.dumps(body).encode()
            self.tokens -= 1
            left = int(self.tokens)
        status, answer_headers, body = super().answer(path, headers)
        with self._lock:
            self.statuses.append(status)
        return status, {**answer_headers, "RateLimit-Remaining": str(left)}, body


def test_a_large_team_is_paced_and_never_meets_429_twice_in_a_row(tmp_path: Path) -> None:
    # Three apps cost ~43 requests; a bucket of 30 makes the run wait for refills.
    with _RateLimitedApi(tokens=30) as api:
        _serve_team(api)
        options: dict[str, Any] = {"app": "", "out": tmp_path / "exports", "api_url": api.url}
        result = run_team_export(
            "acme",
            ExportOptions(**options),
            environ={"HEROKU_API_KEY": TOKEN},
            home=tmp_path,
            retry=RetryPolicy(attempts=2, rate_limit_attempts=3, backoff=0.0, max_wait=0.0),
            sleep=api.refill,
        )
        statuses = api.statuses
    assert len(result.written) == 3 and not result.failed
    assert result.paced_seconds > 0
    assert len(statuses) > 30
    assert not any(a == b == 429 for a, b in zip(statuses, statuses[1:], strict=False))
    assert 429 not in statuses


def test_the_rate_limit_answer_that_outlasts_every_retry_stops_the_run(tmp_path: Path) -> None:
    with FakePlatformApi() as api:
        _serve_team(api)
        api.fail("/apps/acme-billing", *[Fault(status=429)] * 10)
        with pytest.raises(Exception, match="429"):
            run_team_export(
                "acme",
                ExportOptions(app="", out=tmp_path / "exports", api_url=api.url),
                environ={"HEROKU_API_KEY": TOKEN},
                home=tmp_path,
                retry=RetryPolicy(attempts=2, rate_limit_attempts=2, backoff=0.0, max_wait=0.0),
                sleep=lambda _seconds: None,
            )
