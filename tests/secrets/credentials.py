"""The credential shapes of issue 11, each a value a test can search for in what herokube wrote.

Every credential holds a ``MARK…`` part that appears nowhere else, so "the value appears nowhere"
is one substring search per shape.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


JWT_SIGNATURE = "sIgNaTuReJwTmark7Hq2ZpW9xR4vLk3NbYc8Ud1EaFo6Gi"
JWT = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'sub': 'jwtmark-user'})}.{JWT_SIGNATURE}"
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCpemMARK"
PEM_IN_JSON = json.dumps(
    {
        "type": "service_account",
        "private_key": f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----\n",
    }
)
SLACK_SECRET = "SlackHookMark0123456789ab"
SLACK_WEBHOOK = f"https://hooks.slack.com/services/T0MARK123/B0MARK456/{SLACK_SECRET}"
URL_PASSWORD = "UrlPassMark42"
URL_WITH_PASSWORD = f"https://deploy:{URL_PASSWORD}@internal.example.com/api"
URL_TOKEN = "UrlTokenMarkUser"
URL_WITH_TOKEN = f"https://{URL_TOKEN}@internal.example.com/"
API_KEY = "ApiKeyParamMark42"
URL_WITH_API_KEY = f"https://api.example.com/v1/items?api_key={API_KEY}&page=2"
GITHUB_TOKEN = "ghp_GitHubTokenMark0123456789abcdefABCDE"
STRIPE_KEY = "sk_live_StripeMark0123456789abcd"
AWS_KEY = "AKIAMARK0123456789AB"

# Config vars whose *names* say nothing: only the value gives them away.
VALUE_SHAPED: dict[str, tuple[str, str]] = {
    # name → (value, the part that must never be written)
    "SESSION_BLOB": (JWT, JWT_SIGNATURE),
    "GOOGLE_APPLICATION_JSON": (PEM_IN_JSON, PEM_BODY),
    "NOTIFY_HOOK": (SLACK_WEBHOOK, SLACK_SECRET),
    "UPSTREAM_URL": (URL_WITH_PASSWORD, URL_PASSWORD),
    "MIRROR_URL": (URL_WITH_TOKEN, URL_TOKEN),
    "ITEMS_ENDPOINT": (URL_WITH_API_KEY, API_KEY),
    "GH_ACCESS": (GITHUB_TOKEN, GITHUB_TOKEN),
    "BILLING": (STRIPE_KEY, STRIPE_KEY),
    "S3_ID": (AWS_KEY, AWS_KEY),
}

# Credentials inside commands, by the shapes the issue names.
COMMAND_PREFIX_SECRET = "CmdPrefixMark77"
CURL_PASSWORD = "CurlPassMark99"
SCHEDULER_PASSWORD = "SchedPassMark55"
OPTION_PASSWORD = "OptionPassMark33"
COMMANDS = {
    "web": f"API_TOKEN={COMMAND_PREFIX_SECRET} node server.js",
    "worker": f"curl -u admin:{CURL_PASSWORD} https://status.example.com/up && node worker.js",
    "sync": f"bin/sync --password={OPTION_PASSWORD} --verbose",
}
SCHEDULER_COMMAND = f"curl -fsS https://bot:{SCHEDULER_PASSWORD}@hooks.example.com/ping"

LOG_DRAIN_PASSWORD = "DrainPassMark11"
LOG_DRAIN_TOKEN = "DrainTokenMark22"
ADDON_PASSWORD = "AddonDetailMark44"
BUILDPACK_TOKEN = "BuildpackTokenMark66"
REPOSITORY_TOKEN = "RepositoryTokenMark88"
APP_JSON_SECRET = "AppJsonSecretMark12"
APP_JSON_PLAIN_NAMED = "AppJsonValueShapedMark"

NEVER_WRITTEN = sorted(
    {part for _, part in VALUE_SHAPED.values()}
    | {
        COMMAND_PREFIX_SECRET,
        CURL_PASSWORD,
        SCHEDULER_PASSWORD,
        OPTION_PASSWORD,
        LOG_DRAIN_PASSWORD,
        LOG_DRAIN_TOKEN,
        ADDON_PASSWORD,
        BUILDPACK_TOKEN,
        REPOSITORY_TOKEN,
        APP_JSON_SECRET,
    }
)


def hostile_export() -> dict[str, Any]:
    """An export that carries every shape at once, under names that do not say so."""
    return {
        "schema_version": "heroku-app-export/v1",
        "app": {"name": "leaky-app", "team": "acme"},
        "formation": [
            {"type": name, "command": command, "quantity": 1} for name, command in COMMANDS.items()
        ],
        "config_vars": [
            {"name": name, "value": value, "secret": False, "source": {"kind": "user"}}
            for name, (value, _) in VALUE_SHAPED.items()
        ]
        + [{"name": "RAILS_ENV", "value": "production", "secret": False}],
        "addons": [
            {
                "service": "papertrail",
                "name": "papertrail-flat-1",
                "plan": "papertrail:choklad",
                "details": {"webhook": f"https://ops:{ADDON_PASSWORD}@alerts.example.com/x"},
            },
            {"service": "scheduler", "name": "scheduler-1", "plan": "scheduler:standard"},
        ],
        "scheduler_jobs": [{"command": SCHEDULER_COMMAND, "every_minutes": 60, "at": 5}],
        "release": {"version": 1, "commit": "0123456789abcdef0123456789abcdef01234567"},
        "buildpacks": [
            {
                "url": f"https://bp:{BUILDPACK_TOKEN}@github.com/heroku/heroku-buildpack-nodejs",
                "ordinal": 0,
            }
        ],
        "log_drains": [
            {
                "url": f"https://drain:{LOG_DRAIN_PASSWORD}@logs.example.com/in?token={LOG_DRAIN_TOKEN}"
            }
        ],
        "source": {
            "repository": f"https://{REPOSITORY_TOKEN}@github.com/acme/leaky-app.git",
            "app_json": hostile_app_json(),
        },
    }


def hostile_app_json() -> dict[str, Any]:
    """app.json with a secret-named var that has a value, and a value-shaped one."""
    return {
        "name": "leaky-app",
        "repository": f"https://x:{REPOSITORY_TOKEN}@github.com/acme/leaky-app",
        "env": {
            "SECRET_KEY_BASE": {"value": APP_JSON_SECRET, "required": True},
            "RAILS_ENV": "production",
            # Every value-shaped credential, as plain strings and as {"value": ...} objects.
            **{
                name: value if index % 2 else {"value": value}
                for index, (name, (value, _)) in enumerate(VALUE_SHAPED.items())
            },
        },
        "buildpacks": [
            {"url": f"https://bp:{BUILDPACK_TOKEN}@github.com/heroku/heroku-buildpack-nodejs"}
        ],
        "scripts": {"postdeploy": f"curl -u admin:{CURL_PASSWORD} https://status.example.com/"},
    }
