"""Issue 17 (logging): which parts of a Heroku log drain URL are credentials, and which Output
the planner makes of each drain for ``--logging logging-operator``."""

from __future__ import annotations

import pytest

from herokube.errors import UserError
from herokube.model import App, Notice, Process
from herokube.plan.logging import DEFAULT_CLUSTER_OUTPUT, drain_outputs, logging_values
from herokube.secrets.drains import drain_token_like, redact_drain_url

TOKEN = "aB3dE5fG7hJ9kL1mN3pQ5rS"
DD_KEY = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("url", "marked"),
    [
        # Papertrail: the host and port name the account's destination, but are an address.
        (
            "syslog+tls://logs3.papertrailapp.com:12345",
            "syslog+tls://logs3.papertrailapp.com:12345",
        ),
        (
            "https://drain:pa55word@logs.example.com/in",
            "https://REDACTED:REDACTED@logs.example.com/in",
        ),
        (f"https://{TOKEN}@logs.example.com/", "https://REDACTED@logs.example.com/"),
        (
            f"https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key={DD_KEY}&ddsource=heroku",
            "https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=REDACTED&ddsource=heroku",
        ),
        (
            f"https://in.logs.betterstack.com/?source_token={TOKEN}",
            "https://in.logs.betterstack.com/?source_token=REDACTED",
        ),
        # Logtail's and other providers' tokens in the path: by shape, whatever the name.
        (f"https://in.logtail.com/heroku/{TOKEN}", "https://in.logtail.com/heroku/REDACTED"),
        (
            "https://logs.example.com/ingest/5f2b8c1e-9a4d-4e7b-b1c3-2d8e6f0a9b7c",
            "https://logs.example.com/ingest/REDACTED",
        ),
        # Ordinary paths and queries stay byte for byte.
        (
            "https://logs.example.com/api/v2/application-logs?format=json",
            "https://logs.example.com/api/v2/application-logs?format=json",
        ),
        # What is not a URL is withheld whole.
        ("not a url", "REDACTED"),
        ("https://[::1", "REDACTED"),
    ],
)
def test_drain_credentials_are_marked_where_they_stood(url: str, marked: str) -> None:
    assert redact_drain_url(url) == marked


def test_the_export_s_marks_survive_a_second_pass() -> None:
    exported = "https://REDACTED:REDACTED@logs.example.com/in?token=REDACTED"
    assert redact_drain_url(exported) == exported
    assert not drain_token_like("REDACTED")
    assert not drain_token_like("application-logs") and not drain_token_like("v2")


def _app(*drains: str) -> App:
    return App(name="shop", processes=(Process("web", "node server.js", 1),), log_drains=drains)


def _plan(*drains: str) -> tuple[dict, list[Notice]]:
    notices: list[Notice] = []
    app = _app(*(redact_drain_url(d) for d in drains))
    return logging_values(app, "logging-operator", notices), notices


def test_none_plans_nothing_and_an_unknown_choice_is_refused() -> None:
    assert logging_values(_app("syslog://logs.example.com"), "none", []) == {}
    with pytest.raises(UserError) as error:
        logging_values(_app(), "fluent-bit", [])
    assert "--logging" in error.value.line()


def test_syslog_drains_become_syslog_outputs_with_heroku_s_transport() -> None:
    values, notices = _plan(
        "syslog+tls://logs3.papertrailapp.com:12345", "syslog://logs.example.com"
    )
    assert values["drains"] == [
        {
            "name": "drain-1",
            "syslog": {"host": "logs3.papertrailapp.com", "port": 12345, "transport": "tls"},
        },
        {
            "name": "drain-2",
            "syslog": {"host": "logs.example.com", "port": 514, "transport": "tcp"},
        },
    ]
    assert values["globalOutputRefs"] == [] and notices == []


def test_an_https_drain_reads_its_user_and_password_from_the_store() -> None:
    values, notices = _plan("https://drain:pa55word@logs.example.com/in")
    [drain] = values["drains"]
    assert drain == {
        "name": "drain-1",
        "http": {"endpoint": "https://logs.example.com/in"},
        "basicAuth": {
            "username": "HEROKUBE_LOG_DRAIN_1_USERNAME",
            "password": "HEROKUBE_LOG_DRAIN_1_PASSWORD",
        },
    }
    assert [n.code for n in notices] == ["log-drain-json"]


def test_a_datadog_intake_reads_its_api_key_from_the_store() -> None:
    values, _ = _plan(
        f"https://http-intake.logs.datadoghq.eu/api/v2/logs?dd-api-key={DD_KEY}&ddsource=heroku&service=shop"
    )
    assert values["drains"] == [
        {
            "name": "drain-1",
            "datadog": {
                "host": "http-intake.logs.datadoghq.eu",
                "apiKey": "HEROKUBE_LOG_DRAIN_1_API_KEY",
                "ddSource": "heroku",
                "service": "shop",
            },
        }
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"https://in.logtail.com/heroku/{TOKEN}",
        f"https://in.logs.betterstack.com/?source_token={TOKEN}",
        "ftp://logs.example.com/",
        "not a url",
    ],
)
def test_a_drain_no_output_can_carry_gets_a_warning_not_a_half_output(url: str) -> None:
    values, notices = _plan("syslog://logs.example.com:514", url)
    assert [d["name"] for d in values["drains"]] == ["drain-1"]
    [notice] = notices
    assert notice.code == "log-drain-not-carried" and notice.source == "log_drains[1]"
    assert TOKEN not in notice.message


def test_without_drains_the_flow_sends_to_the_named_cluster_outputs() -> None:
    values, notices = _plan()
    assert values == {"enabled": True, "globalOutputRefs": [DEFAULT_CLUSTER_OUTPUT], "drains": []}
    assert [n.code for n in notices] == ["logging-no-drains"]


def test_the_runbook_lists_each_output_and_the_keys_it_reads() -> None:
    values, _ = _plan(
        "syslog+tls://logs3.papertrailapp.com:12345", "https://u:p4ss@logs.example.com/in"
    )
    assert drain_outputs(values) == [
        {
            "name": "drain-1",
            "kind": "syslog",
            "target": "logs3.papertrailapp.com:12345 (tls)",
            "store_keys": [],
        },
        {
            "name": "drain-2",
            "kind": "http",
            "target": "https://logs.example.com/in",
            "store_keys": ["HEROKUBE_LOG_DRAIN_2_USERNAME", "HEROKUBE_LOG_DRAIN_2_PASSWORD"],
        },
    ]


def test_the_record_marks_drain_credentials_even_of_an_app_not_from_the_loader() -> None:
    from herokube.plan import PlanOptions
    from herokube.update.record import parse_record, record_text

    app = _app(f"https://in.logtail.com/heroku/{TOKEN}", "https://u:pa55word@logs.example.com/in")
    text = record_text(
        app, PlanOptions(logging="logging-operator"), from_export=True, from_source=False
    )
    assert TOKEN not in text and "pa55word" not in text
    assert parse_record(text).app.log_drains == (
        "https://in.logtail.com/heroku/REDACTED",
        "https://REDACTED:REDACTED@logs.example.com/in",
    )
