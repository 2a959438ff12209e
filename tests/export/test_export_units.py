"""The export's parts on their own: HTTP client, redaction, config var origins, token lookup."""

from __future__ import annotations

import json

import pytest

from herokube.errors import UserError
from herokube.heroku_api import writer
from herokube.heroku_api.auth import Token, resolve_token
from herokube.heroku_api.client import ApiClient, ApiError, NotFoundError, RetryPolicy
from herokube.heroku_api.config_vars import AddonVars, build_config_vars, classify
from herokube.heroku_api.redact import fingerprint
from herokube.secrets.drains import redact_drain_url

from .conftest import SHIPPED_SCHEMA
from .fake_platform_api import TOKEN, FakePlatformApi, Fault


def _client(api: FakePlatformApi, waits: list[float], **retry: float) -> ApiClient:
    policy = RetryPolicy(**{"attempts": 3, "rate_limit_attempts": 4, **retry})  # type: ignore[arg-type]
    return ApiClient(api.url, Token(TOKEN, "test"), timeout=2, retry=policy, sleep=waits.append)


# -- client ------------------------------------------------------------------------------------


def test_retry_after_is_honoured_and_capped(api):
    api.put("/x", {"ok": True})
    api.fail("/x", Fault(429, {"Retry-After": "3"}), Fault(429, {"Retry-After": "120"}))
    waits: list[float] = []
    assert _client(api, waits, max_wait=10).get_json("/x") == {"ok": True}
    assert waits == [3.0, 10.0]


def test_backoff_doubles_without_retry_after(api):
    api.put("/x", {"ok": True})
    api.fail("/x", Fault(500), Fault(502))
    waits: list[float] = []
    assert _client(api, waits, backoff=0.25).get_json("/x") == {"ok": True}
    assert waits == [0.25, 0.5]


def test_retries_are_bounded(api):
    api.put("/x", {"ok": True})
    api.fail("/x", *[Fault(500)] * 5)
    waits: list[float] = []
    with pytest.raises(ApiError) as raised:
        _client(api, waits, backoff=0).get_json("/x")
    assert raised.value.status == 500
    assert api.paths().count("/x") == 3


def test_rate_limit_is_bounded_too(api):
    api.put("/x", {"ok": True})
    api.fail("/x", *[Fault(429)] * 5)
    with pytest.raises(ApiError, match=r"kept rate-limiting GET /x \(429 after 4 tries\)"):
        _client(api, [], backoff=0).get_json("/x")


def test_client_errors_are_not_retried(api):
    with pytest.raises(NotFoundError):
        _client(api, []).get_json("/missing")
    assert api.paths() == ["/missing"]


def test_a_redirect_is_not_followed_so_the_token_stays_home(api):
    api.fail("/x", Fault(302, {"Location": f"{api.url}/elsewhere"}))
    with pytest.raises(ApiError, match="answered GET /x with 302"):
        _client(api, []).get_json("/x")
    assert api.paths() == ["/x"]


def test_pagination_stops_on_a_repeated_next_range(api):
    api.put("/list", [1])
    for _ in range(2):
        api.fail("/list", Fault(206, {"Next-Range": "id ]1..; max=1"}, body=[1]))
    with pytest.raises(ApiError, match="repeated the same Next-Range"):
        _client(api, []).get_list("/list")


def test_a_list_answer_that_is_not_a_list(api):
    api.put("/list", {"not": "a list"})
    with pytest.raises(ApiError, match="answered GET /list with an object, not a list"):
        _client(api, []).get_list("/list")


def test_non_json_is_an_api_error(api):
    api.fail("/x", Fault(200, body=b"<html>maintenance</html>"))
    with pytest.raises(ApiError, match="answered GET /x with something that is not JSON"):
        _client(api, []).get_json("/x")


def test_the_token_never_shows_in_repr_or_str():
    token = Token("abc-secret-123", "HEROKU_API_KEY")
    assert "abc-secret-123" not in repr(token)
    assert "abc-secret-123" not in str(token)
    assert "abc-secret-123" not in f"{token}"


# -- token lookup -------------------------------------------------------------------------------


def test_env_wins_over_netrc(tmp_path):
    (tmp_path / ".netrc").write_text("machine api.heroku.com login a password from-netrc\n")
    token = resolve_token({"HEROKU_API_KEY": "from-env"}, tmp_path)
    assert (token.value, token.origin) == ("from-env", "HEROKU_API_KEY")


def test_a_broken_netrc_names_the_line_not_the_content(tmp_path):
    path = tmp_path / ".netrc"
    path.write_text("machine api.heroku.com\n  bogus topsecretvalue\n")
    path.chmod(0o600)
    with pytest.raises(UserError) as raised:
        resolve_token({}, tmp_path)
    assert "topsecretvalue" not in raised.value.line()
    assert raised.value.line().startswith(f"{path}: cannot parse line ")


def test_a_token_with_a_line_break_is_refused_without_echo():
    with pytest.raises(UserError) as raised:
        resolve_token({"HEROKU_API_KEY": "abc\r\nX-Evil: 1"}, None)
    assert "abc" not in raised.value.line()


# -- redaction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("syslog+tls://logs.papertrailapp.com:12345", "syslog+tls://logs.papertrailapp.com:12345"),
        (
            "https://user:pa55@logs.example.com/drain",
            "https://REDACTED:REDACTED@logs.example.com/drain",
        ),
        ("https://tok3n@logs.example.com/", "https://REDACTED@logs.example.com/"),
        (
            "https://in.example.com/v1/input/0123456789abcdef0123456789abcdef?host=x",
            "https://in.example.com/v1/input/REDACTED?host=x",
        ),
        (
            "https://in.example.com/logs?api_key=short&region=eu",
            "https://in.example.com/logs?api_key=REDACTED&region=eu",
        ),
        ("https://in.example.com/logs#frag", "https://in.example.com/logs#REDACTED"),
        # An ingest token in the path, which detect-secrets does not know: a drain's rule.
        (
            "https://logs.example.com/heroku/k8Zq2LmN4pR7sT9vW1xY",
            "https://logs.example.com/heroku/REDACTED",
        ),
        ("http://[::1", "REDACTED"),
    ],
)
def test_a_drain_url_is_exported_with_its_credentials_marked(url, expected):
    assert redact_drain_url(url) == expected


def test_fingerprint_is_hex_sha256():
    assert fingerprint("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# -- config var origins ------------------------------------------------------------------------


def test_a_shared_addon_attached_under_another_name_owns_its_vars():
    # Billed to another app, where it sets DATABASE_URL; attached here as HEROKU_POSTGRESQL_RED.
    shared = AddonVars("postgresql-shared-1", ("DATABASE_URL",), ("HEROKU_POSTGRESQL_RED",))
    origins = classify(["HEROKU_POSTGRESQL_RED_URL", "HEROKU_APP_ID", "DATABASE_POOL"], [shared])
    assert origins["HEROKU_POSTGRESQL_RED_URL"].as_json() == {
        "kind": "addon",
        "addon": "postgresql-shared-1",
        "attachment": "HEROKU_POSTGRESQL_RED",
    }
    assert origins["HEROKU_APP_ID"].kind == "heroku"
    assert origins["DATABASE_POOL"].kind == "user"


def test_an_addon_var_is_secret_even_with_a_plain_name():
    entries = build_config_vars(
        {"SENDGRID_USERNAME": "apikey", "LOG_LEVEL": "debug"},
        [AddonVars("sendgrid-flat-2", ("SENDGRID_USERNAME",), ("SENDGRID",))],
        include_secrets=False,
    )
    assert entries == [
        {"name": "LOG_LEVEL", "value": "debug", "secret": False, "source": {"kind": "user"}},
        {
            "name": "SENDGRID_USERNAME",
            "value": None,
            "redacted": True,
            "sha256": fingerprint("apikey"),
            "secret": True,
            "source": {"kind": "addon", "addon": "sendgrid-flat-2", "attachment": "SENDGRID"},
        },
    ]


# -- schema ------------------------------------------------------------------------------------


def test_the_package_reads_its_own_schema_copy():
    writer.export_schema.cache_clear()
    assert writer.export_schema() == json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))


def test_retry_after_as_an_http_date(api):
    api.put("/x", {"ok": True})
    api.fail("/x", Fault(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 -0000"}))
    waits: list[float] = []
    assert _client(api, waits).get_json("/x") == {"ok": True}
    assert waits == [0.0]  # a date in the past: retry at once
