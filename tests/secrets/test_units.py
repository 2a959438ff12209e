"""The pure functions under the load stage's credential pass: values, URLs, commands, names."""

from __future__ import annotations

import pytest

from herokube.errors import UserError
from herokube.repositories import github_repository
from herokube.secrets import credential_kind, is_secret, strip_url
from herokube.secrets.commands import CommandRefused, move_credentials

from . import credentials as c


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (c.JWT, "JSON Web Token"),
        (c.PEM_IN_JSON, "Private Key"),
        (c.SLACK_WEBHOOK, "Slack Token"),
        (c.GITHUB_TOKEN, "GitHub Token"),
        (c.STRIPE_KEY, "Stripe Access Key"),
        (c.AWS_KEY, "AWS Access Key"),
        (c.URL_WITH_PASSWORD, "Basic Auth Credentials"),
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "High Entropy String"),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "High Entropy String"),
    ],
)
def test_credentials_are_recognised_by_value(value: str, kind: str) -> None:
    assert credential_kind(value) == kind
    assert is_secret("INNOCENT_NAME", value)


@pytest.mark.parametrize(
    "value",
    [
        "production",
        "api.example.com",
        "https://example.com/some/path?page=2",
        "America/New_York",
        "en_US.UTF-8",
        "123e4567-e89b-12d3-a456-426614174000",
        "-Xmx300m -Xss512k -XX:CICompilerCount=2",
        "my_feature_flag_name_version_2_enabled",
        "postgres://db.internal:5432/app",
        "12345678901234567890",
    ],
)
def test_ordinary_configuration_is_not_a_credential(value: str) -> None:
    assert credential_kind(value) is None
    assert not is_secret("SETTING", value)


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("https://user:pa55@host.example/x", "https://host.example/x"),
        ("https://tok3n@host.example/", "https://host.example/"),
        ("https://h.example/v1?api_key=abc&page=2", "https://h.example/v1?page=2"),
        ("https://h.example/v1?access_token=abc", "https://h.example/v1"),
        (c.SLACK_WEBHOOK, "https://hooks.slack.com/services/T0MARK123/B0MARK456/REDACTED"),
        ("syslog+tls://logs.example.com:12345", "syslog+tls://logs.example.com:12345"),
        ("https://github.com/acme/app", "https://github.com/acme/app"),
        # A flag or a number under a credential-like name is not a credential; the query is
        # left byte for byte when nothing is taken out.
        ("https://x.example/cb?signature_required=true&n=a%20b", None),
        ("https://x.example/cb?flag&token=abc", "https://x.example/cb?flag="),
    ],
)
def test_urls_lose_user_info_and_credential_parameters(url: str, stripped: str | None) -> None:
    assert strip_url(url) == (url if stripped is None else stripped)


def _named(part: str, assigned: str | None) -> str:
    return assigned or "HEROKUBE_SECRET_WEB_1"


@pytest.mark.parametrize(
    ("command", "moved", "secret"),
    [
        ("API_TOKEN=abc123xyz node s.js", 'API_TOKEN="${API_TOKEN}" node s.js', "abc123xyz"),
        (
            "curl -u admin:hunter22 https://x.example",
            'curl -u "${HEROKUBE_SECRET_WEB_1}" https://x.example',
            "admin:hunter22",
        ),
        (
            "curl 'https://bot:hunter22@x.example/$path'",
            'curl "https://${HEROKUBE_SECRET_WEB_1}@x.example/\\$path"',
            "bot:hunter22",
        ),
        (
            "bin/sync --password=hunter22",
            'bin/sync "--password=${HEROKUBE_SECRET_WEB_1}"',
            "hunter22",
        ),
        ("mysqldump -phunter22 db", 'mysqldump "-p${HEROKUBE_SECRET_WEB_1}" db', "hunter22"),
        ("redis-cli -a hunter22 ping", 'redis-cli -a "${HEROKUBE_SECRET_WEB_1}" ping', "hunter22"),
        (
            f"node w.js --token {c.GITHUB_TOKEN}",
            'node w.js --token "${HEROKUBE_SECRET_WEB_1}"',
            c.GITHUB_TOKEN,
        ),
        (
            f"node w.js {c.JWT}",
            'node w.js "${HEROKUBE_SECRET_WEB_1}"',
            c.JWT,
        ),
    ],
)
def test_command_credentials_move_into_variables(command: str, moved: str, secret: str) -> None:
    result = move_credentials(command, _named)
    assert result.command == moved
    assert list(result.moved.values()) == [secret]


@pytest.mark.parametrize(
    "command",
    [
        "RAILS_ENV=production bundle exec puma -C config/puma.rb",
        "AUTH_ENABLED=true WEB_CONCURRENCY=3 node s.js",
        "python manage.py migrate && gunicorn app:app --bind 0.0.0.0:$PORT",
        "curl -u user:$PASSWORD https://x.example",
        "echo 'it''s' \"$HOME\" | cat",
    ],
)
def test_commands_without_a_credential_are_unchanged(command: str) -> None:
    result = move_credentials(command, _named)
    assert (result.command, result.moved) == (command, {})


def test_a_credential_mixed_with_an_expansion_is_refused() -> None:
    with pytest.raises(CommandRefused):
        move_credentials('curl "https://bot:hunter22@x.example/$CHANNEL"', _named)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("https://github.com/acme/shop.git", "https://github.com/acme/shop"),
        ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
        ("https://github.com/acme/shop/tree/main", "https://github.com/acme/shop"),
        ("acme/shop", "https://github.com/acme/shop"),
        ("https://gitlab.com/acme/shop", None),
    ],
)
def test_github_repositories_are_read_as_owner_and_name(value: str, canonical: str | None) -> None:
    assert github_repository(value, source="app.json", field="repository") == canonical


def test_a_github_repository_with_another_shape_is_refused_with_one_line() -> None:
    with pytest.raises(UserError) as raised:
        github_repository("https://github.com/-acme/sh op", source="app.json", field="repository")
    assert raised.value.line().startswith("app.json: repository: not a GitHub repository")


def test_detection_never_reaches_a_network_and_leaves_requests_alone() -> None:
    """In a fresh interpreter: detect-secrets' verification has no ``requests`` to send with,
    and ``requests`` imported afterwards is the real one."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from herokube.secrets import credential_kind\n"
        f"assert credential_kind({c.GITHUB_TOKEN!r}) == 'GitHub Token'\n"
        "assert 'requests' not in sys.modules\n"
        "import detect_secrets.plugins.base as base\n"
        "try:\n"
        "    base.requests.get('https://api.github.com')\n"
        "except TypeError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('the stand-in sent a request')\n"
        "import requests\n"
        "assert callable(requests.get) and requests is not base.requests\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
