"""A small HTTP client for the Heroku Platform API: auth, pagination, retries and timeouts.

Only GET is needed: the exporter reads and never changes anything on Heroku.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from typing import Any

from herokube.errors import UserError
from herokube.heroku_api.auth import Token
from herokube.heroku_api.pacing import RatePacer

__all__ = [
    "DEFAULT_RETRY",
    "HEROKU_ACCEPT",
    "ApiClient",
    "ApiError",
    "NotFoundError",
    "Response",
    "RetryPolicy",
]

HEROKU_ACCEPT = "application/vnd.heroku+json; version=3"

# A list longer than this many pages is a server bug (a Next-Range that never ends), not an app.
_MAX_PAGES = 1000


class ApiError(UserError):
    """The API refused, failed or answered something unexpected; ``status`` is the HTTP code."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class NotFoundError(ApiError):
    """404: the resource does not exist (or the token may not see it)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. Waits go through the client's ``sleep`` (tests inject one).

    ``attempts`` bounds tries for 5xx answers, timeouts and connection errors;
    ``rate_limit_attempts`` bounds tries for 429. A wait is ``Retry-After`` when the server
    sends one, else ``backoff`` doubled per try, never longer than ``max_wait``.
    """

    attempts: int = 4
    rate_limit_attempts: int = 6
    backoff: float = 0.5
    max_wait: float = 20.0

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before try ``attempt + 1`` (``attempt`` counts from 1)."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_wait))
        return float(min(self.backoff * (2 ** (attempt - 1)), self.max_wait))


DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Response:
    """One answer: status, headers (case-insensitive) and the raw body."""

    status: int
    headers: Message
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would resend the Authorization header to wherever a redirect points. The API
    # never redirects a GET, so a redirect is treated as an error and the token stays home.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _retry_after(headers: Message | None) -> float | None:
    raw = headers.get("Retry-After") if headers is not None else None
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" in an HTTP date means UTC, and parses as naive
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


class ApiClient:
    """GETs JSON from one base URL with a bearer token.

    ``describe`` names the service in error messages ("the Heroku API"). Every request has a
    ``timeout``; 429, 5xx, timeouts and connection errors are retried per ``retry``.
    """

    def __init__(
        self,
        base_url: str,
        token: Token,
        *,
        accept: str = HEROKU_ACCEPT,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        describe: str = "the Heroku API",
        pacer: RatePacer | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._accept = accept
        self.timeout = timeout
        self.retry = retry or DEFAULT_RETRY
        self._sleep = sleep
        self.describe = describe
        self._pacer = pacer
        self._opener = urllib.request.build_opener(_NoRedirect())

    # -- public -----------------------------------------------------------------------------

    def get_json(self, path: str, *, headers: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON body of ``GET path``."""
        return self._decode(self.request(path, headers=headers), path)

    def get_list(self, path: str, *, headers: Mapping[str, str] | None = None) -> list[Any]:
        """Every item of a list resource, following ``Next-Range`` while the API answers 206."""
        items: list[Any] = []
        extra = dict(headers or {})
        seen: set[str] = set()
        for _ in range(_MAX_PAGES):
            response = self.request(path, headers=extra)
            page = self._decode(response, path)
            if not isinstance(page, list):
                raise ApiError(
                    f"{self.describe} answered GET {path} with {_kind(page)}, not a list"
                )
            items.extend(page)
            next_range = response.headers.get("Next-Range")
            if response.status != 206 or not next_range:
                return items
            if next_range in seen:
                raise ApiError(f"{self.describe} repeated the same Next-Range for GET {path}")
            seen.add(next_range)
            extra["Range"] = next_range
        raise ApiError(f"{self.describe} sent more than {_MAX_PAGES} pages for GET {path}")

    def request(self, path: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """``GET path`` with retries; raises ``ApiError`` for anything but a 2xx in the end."""
        failures = 0
        limited = 0
        while True:
            if self._pacer is not None:
                self._pacer.before_request()
            outcome = self._once(path, headers)
            if isinstance(outcome, Response):
                if self._pacer is not None:
                    self._pacer.observe(outcome.headers)
                return outcome
            error, retry_after, rate_limited = outcome
            if rate_limited:
                if self._pacer is not None:
                    self._pacer.limited()
                limited += 1
                if limited >= self.retry.rate_limit_attempts:
                    raise ApiError(
                        f"{self.describe} kept rate-limiting GET {path} (429 after {limited} "
                        "tries); wait a few minutes and run again",
                        status=429,
                    )
                self._sleep(self.retry.wait(limited, retry_after))
                continue
            failures += 1
            if failures >= self.retry.attempts:
                raise error
            self._sleep(self.retry.wait(failures, retry_after))

    # -- internals ----------------------------------------------------------------------------

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {
            "Accept": self._accept,
            "Authorization": f"Bearer {self._token.value}",
            "User-Agent": "herokube-export",
        }
        headers.update(extra or {})
        return headers

    def _once(
        self, path: str, extra: Mapping[str, str] | None
    ) -> Response | tuple[ApiError, float | None, bool]:
        """One try: a Response, or (the error to raise if out of tries, Retry-After, is 429)."""
        url = f"{self.base_url}{path}"
        request = urllib.request.Request(url, headers=self._headers(extra), method="GET")
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            with error:
                status = error.code
                headers = error.headers
                body = _safe_read(error)
            if status == 429:
                return ApiError("rate limited", status=429), _retry_after(headers), True
            failure = self._http_error(path, status, body)
            if status >= 500:
                return failure, _retry_after(headers), False
            raise failure from None
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
                message = (
                    f"{self.describe} at {self.base_url} did not answer GET {path} within "
                    f"{self.timeout:g}s ({self.retry.attempts} tries)"
                )
            else:
                message = (
                    f"cannot reach {self.describe} at {self.base_url}: "
                    f"{_reason(reason)} ({self.retry.attempts} tries)"
                )
            return ApiError(message), None, False

    def _http_error(self, path: str, status: int, body: bytes) -> ApiError:
        detail = _heroku_error_id(body)
        suffix = f" [{detail}]" if detail else ""
        if status == 401:
            return ApiError(
                f"{self.describe} at {self.base_url} refused the token from "
                f"{self._token.origin} (401 Unauthorized){suffix}: run `heroku login` or set "
                "HEROKU_API_KEY to a valid token",
                status=status,
            )
        if status == 403:
            return ApiError(
                f"{self.describe} denied GET {path} (403 Forbidden){suffix}: the token from "
                f"{self._token.origin} may not read this app",
                status=status,
            )
        if status == 404:
            return NotFoundError(
                f"{self.describe} has no {path} (404 Not Found){suffix}", status=status
            )
        if status >= 500:
            return ApiError(
                f"{self.describe} kept failing on GET {path} ({status} after "
                f"{self.retry.attempts} tries); try again later",
                status=status,
            )
        return ApiError(f"{self.describe} answered GET {path} with {status}{suffix}", status=status)

    def _decode(self, response: Response, path: str) -> Any:
        try:
            return json.loads(response.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ApiError(
                f"{self.describe} answered GET {path} with something that is not JSON"
            ) from None


def _safe_read(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _heroku_error_id(body: bytes) -> str | None:
    """The ``id`` of a Heroku error body (``not_found``, ``unauthorized``): short and safe to show."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    if isinstance(ident, str) and ident.replace("_", "").isalnum() and len(ident) <= 64:
        return ident
    return None


def _reason(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return " ".join(str(text).split())


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else "a value"
