"""`herokube export` end to end against the fake Platform API: exit codes, stderr, the file."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import jsonschema
import pytest

from herokube.heroku_api import ExportOptions, exporter, run_export

from .conftest import SHARED_SCHEMA, SHIPPED_SCHEMA, load, needs_shared
from .fake_platform_api import SCHEDULER_PREFIX, TOKEN, FakePlatformApi, Fault, build_app

SCHEDULER_NOT_READ = (
    "herokube: warning: the app uses Heroku Scheduler but its jobs were not read; run again "
    "with --scheduler or copy them from the Heroku Dashboard\n"
)


def _validate(doc: dict, schema_path: Path) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_writes_the_export_and_prints_its_path(export, app_fixture, isolated):
    result = export()
    assert (result.code, result.out, result.err) == (
        0,
        "acme-shop.export.json\n",
        SCHEDULER_NOT_READ,
    )
    doc = load(isolated / "acme-shop.export.json")
    _validate(doc, SHIPPED_SCHEMA)
    assert doc["schema_version"] == "heroku-app-export/v1"
    assert doc["exporter"] == {"tool": "herokube", "version": "0.1.0", "secrets": "redacted"}
    assert doc["app"]["name"] == "acme-shop"
    assert [(f["type"], f["quantity"], f["size"]) for f in doc["formation"]] == [
        ("release", 0, "Standard-1X"),
        ("web", 2, "Standard-2X"),
        ("worker", 1, "Standard-1X"),
    ]
    assert doc["dyno_sizes"]["Standard-2X"] == {
        "memory_gb": 1.0,
        "compute": 2,
        "dedicated": False,
        "architecture": "amd64",
    }
    assert doc["source"]["procfile"] == (
        "web: bundle exec puma -C config/puma.rb\n"
        "worker: bundle exec sidekiq -C config/sidekiq.yml\n"
        "release: bundle exec rails db:migrate\n"
    )
    assert doc["release"]["version"] == 3
    assert doc["pipeline"] == {
        "name": "acme-shop",
        "stage": "production",
        "apps": [
            {"name": "acme-shop-staging", "stage": "staging"},
            {"name": "acme-shop", "stage": "production"},
        ],
        "review_apps": True,
    }
    assert "scheduler_jobs" not in doc
    assert doc["warnings"][0]["code"] == "scheduler-not-read"


@needs_shared
def test_the_file_validates_against_the_shared_schema_too(export, app_fixture, isolated):
    assert export().code == 0
    _validate(load(isolated / "acme-shop.export.json"), SHARED_SCHEMA)


def test_config_vars_carry_their_origin(export, app_fixture, isolated):
    assert export().code == 0
    by_name = {v["name"]: v for v in load(isolated / "acme-shop.export.json")["config_vars"]}
    assert by_name["RAILS_ENV"] == {
        "name": "RAILS_ENV",
        "value": "production",
        "secret": False,
        "source": {"kind": "user"},
    }
    assert by_name["HEROKU_APP_NAME"]["source"] == {"kind": "heroku"}
    assert by_name["DATABASE_URL"]["source"] == {
        "kind": "addon",
        "addon": "postgresql-curved-12345",
        "attachment": "DATABASE",
    }
    assert by_name["HEROKU_POSTGRESQL_CRIMSON_URL"]["source"] == {
        "kind": "addon",
        "addon": "postgresql-curved-12345",
        "attachment": "HEROKU_POSTGRESQL_CRIMSON",
    }
    secret = by_name["SECRET_KEY_BASE"]
    assert (secret["value"], secret["redacted"], secret["secret"], len(secret["sha256"])) == (
        None,
        True,
        True,
        64,
    )


def test_no_secret_value_or_token_anywhere_in_the_file(export, app_fixture, isolated):
    result = export()
    assert result.code == 0
    data = (isolated / "acme-shop.export.json").read_bytes()
    assert app_fixture.secret_values  # the fixture does hide secrets
    for value in [*app_fixture.secret_values, TOKEN]:
        assert value.encode() not in data
        assert value not in result.out + result.err
    assert b"https://REDACTED:REDACTED@logs.example.com/drain" in data


def test_redacted_export_has_the_usual_file_mode(export, app_fixture, isolated):
    assert export().code == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((isolated / "acme-shop.export.json").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_include_secrets_writes_values_with_mode_0600_and_warns(export, app_fixture, isolated):
    result = export("--include-secrets", "--out", "secret.json")
    assert result.code == 0
    assert result.out == "secret.json\n"
    assert result.err == SCHEDULER_NOT_READ + (
        "herokube: warning: secret.json holds secret values in clear text (mode 0600); "
        "never commit it and delete it when done\n"
    )
    path = isolated / "secret.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = load(path)
    assert doc["exporter"]["secrets"] == "included"
    values = {v["name"]: v for v in doc["config_vars"]}
    assert values["SECRET_KEY_BASE"]["value"] in app_fixture.secret_values
    assert values["SECRET_KEY_BASE"]["secret"] is True
    assert TOKEN.encode() not in path.read_bytes()
    _validate(doc, SHIPPED_SCHEMA)


def test_follows_next_range_over_several_pages(cli, isolated):
    with FakePlatformApi(page_size=2) as api:
        api.add(build_app(domains=8, addons=5))
        result = cli("export", "acme-shop", "--api-url", api.url, env={"HEROKU_API_KEY": TOKEN})
        domain_requests = [r for r in api.requests if r.path == "/apps/acme-shop/domains"]
    assert result.code == 0
    doc = load(isolated / "acme-shop.export.json")
    assert len(doc["domains"]) == 9
    assert len(doc["addons"]) == 5
    assert [r.headers.get("range") for r in domain_requests] == [
        None,
        "id ]2..; max=2",
        "id ]4..; max=2",
        "id ]6..; max=2",
        "id ]8..; max=2",
    ]


def test_every_request_sends_the_version_and_the_token(export, app_fixture, api):
    assert export().code == 0
    assert api.requests
    assert all(r.auth_ok for r in api.requests)
    assert all(
        r.headers["accept"] == "application/vnd.heroku+json; version=3" for r in api.requests
    )


def test_a_429_is_retried(export, app_fixture, api, isolated):
    api.fail("/apps/acme-shop/config-vars", Fault(429, {"Retry-After": "0"}))
    result = export()
    assert (result.code, result.err) == (0, SCHEDULER_NOT_READ)
    assert api.paths().count("/apps/acme-shop/config-vars") == 2
    assert (isolated / "acme-shop.export.json").exists()


def test_a_500_is_retried(export, app_fixture, api, isolated):
    api.fail("/apps/acme-shop/formation", Fault(500))
    result = export()
    assert (result.code, result.err) == (0, SCHEDULER_NOT_READ)
    assert api.paths().count("/apps/acme-shop/formation") == 2


def test_a_500_that_persists_fails_cleanly(export, app_fixture, api, isolated):
    api.fail("/apps/acme-shop/formation", Fault(503), Fault(503))
    result = export()
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "herokube: the Heroku API kept failing on GET /apps/acme-shop/formation (503 after 2 "
        "tries); try again later\n"
    )
    assert list(isolated.iterdir()) == []


def test_a_bad_token_is_one_line_and_exit_2(export, app_fixture, api, isolated):
    result = export(token="not-the-token")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"herokube: the Heroku API at {api.url} refused the token from HEROKU_API_KEY "
        "(401 Unauthorized) [unauthorized]: run `heroku login` or set HEROKU_API_KEY to a "
        "valid token\n"
    )
    assert "not-the-token" not in result.err
    assert list(isolated.iterdir()) == []


def test_forbidden_is_one_line_and_exit_2(export, app_fixture, api, isolated):
    api.fail("/apps/acme-shop", Fault(403, body={"id": "forbidden", "message": "no"}))
    result = export()
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "herokube: the Heroku API denied GET /apps/acme-shop (403 Forbidden) [forbidden]: the "
        "token from HEROKU_API_KEY may not read this app\n"
    )


def test_an_unknown_app_is_one_line_and_exit_2(export, app_fixture, api, isolated):
    result = export(app="no-such-app")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"herokube: app 'no-such-app' not found at {api.url} (404): check the name with "
        "`heroku apps` and that the token's account can see it\n"
    )
    assert list(isolated.iterdir()) == []


def test_a_timeout_is_one_line_and_exit_2(export, app_fixture, api, isolated):
    api.fail("/apps/acme-shop/domains", Fault(delay=0.6), Fault(delay=0.6))
    result = export("--timeout", "0.2")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"herokube: the Heroku API at {api.url} did not answer GET /apps/acme-shop/domains "
        "within 0.2s (2 tries)\n"
    )
    assert list(isolated.iterdir()) == []


def test_an_unreachable_api_is_one_line_and_exit_2(cli, isolated):
    with FakePlatformApi() as api:
        url = api.url  # the port is free again once the server stops
    result = cli("export", "acme-shop", "--api-url", url, env={"HEROKU_API_KEY": TOKEN})
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"herokube: cannot reach the Heroku API at {url}: Connection refused (2 tries)\n"
    )


def test_an_answer_of_the_wrong_shape_is_one_line_and_exit_2(export, app_fixture, api, isolated):
    formation = api.routes["/apps/acme-shop/formation"][1]
    formation[1]["quantity"] = "two"
    result = export()
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "herokube: the Heroku API's answer to GET /apps/acme-shop/formation is not what the API "
        "schema says: [1].quantity: expected integer\n"
    )
    assert list(isolated.iterdir()) == []


def test_a_config_var_of_the_wrong_type_does_not_leak_its_value(export, app_fixture, api):
    config = api.routes["/apps/acme-shop/config-vars"][1]
    config["SECRET_KEY_BASE"] = {"nested": app_fixture.secret_values[0]}
    result = export()
    assert result.code == 2
    assert result.err == (
        "herokube: the Heroku API's answer to GET /apps/acme-shop/config-vars is not what the "
        "API schema says: SECRET_KEY_BASE: expected ['string', 'null']\n"
    )


def test_netrc_supplies_the_token(export, app_fixture, isolated, tmp_path):
    netrc = tmp_path / "home" / ".netrc"
    netrc.write_text(f"machine api.heroku.com\n  login me@example.com\n  password {TOKEN}\n")
    netrc.chmod(0o600)
    result = export(token=None)
    assert (result.code, result.out) == (0, "acme-shop.export.json\n")


def test_netrc_for_another_machine_is_not_used(export, app_fixture, isolated, tmp_path):
    netrc = tmp_path / "home" / ".netrc"
    netrc.write_text(f"machine git.heroku.com login me password {TOKEN}\n")
    netrc.chmod(0o600)
    result = export(token=None)
    assert result.code == 2
    assert result.err == (
        f"herokube: no Heroku API token: {netrc} has no password for machine api.heroku.com; "
        "set HEROKU_API_KEY or run `heroku login`\n"
    )


def test_no_token_at_all(export, app_fixture, api, tmp_path):
    result = export(token=None)
    assert result.code == 2
    assert result.err == (
        "herokube: no Heroku API token: set HEROKU_API_KEY or run `heroku login` "
        f"(which writes {tmp_path / 'home' / '.netrc'})\n"
    )
    assert api.requests == []


def test_scheduler_jobs_are_read_with_the_flag(export, app_fixture, api, isolated):
    result = export("--scheduler", "--scheduler-url", api.scheduler_url)
    assert (result.code, result.err) == (0, "")
    doc = load(isolated / "acme-shop.export.json")
    assert doc["scheduler_jobs"] == [
        {
            "command": "bundle exec rake feeds:refresh",
            "every_minutes": 10,
            "at": 0,
            "dyno_size": "Standard-1X",
        },
        {
            "command": "bundle exec rake cleanup:daily",
            "every_minutes": 1440,
            "at": 150,
            "dyno_size": "Standard-2X",
        },
    ]
    assert "warnings" not in doc
    jobs = [r for r in api.requests if r.path.startswith(SCHEDULER_PREFIX)]
    assert [r.headers["accept"] for r in jobs] == ["application/vnd.api+json"]


@pytest.mark.parametrize("status", [401, 404, 500])
def test_scheduler_failure_becomes_a_warning(export, app_fixture, api, isolated, status):
    path = f"{SCHEDULER_PREFIX}/apps/{app_fixture.app_id}/jobs"
    api.fail(path, Fault(status), Fault(status))
    result = export("--scheduler", "--scheduler-url", api.scheduler_url)
    assert (result.code, result.out) == (0, "acme-shop.export.json\n")
    doc = load(isolated / "acme-shop.export.json")
    assert "scheduler_jobs" not in doc
    assert [w["code"] for w in doc["warnings"]] == ["scheduler-unreadable"]
    message = doc["warnings"][0]["message"]
    assert result.err == f"herokube: warning: {message}\n"
    assert message.startswith("Heroku Scheduler jobs could not be read (")
    assert message.endswith("); copy them from the Heroku Dashboard by hand")
    _validate(doc, SHIPPED_SCHEMA)


def test_an_unpipelined_app_has_pipeline_null(export, api, isolated):
    api.add(build_app(pipeline=False, scheduler=False))
    result = export()
    assert (result.code, result.err) == (0, "")
    assert load(isolated / "acme-shop.export.json")["pipeline"] is None


def test_out_replaces_an_earlier_export(export, app_fixture, isolated):
    assert export().code == 0
    first = (isolated / "acme-shop.export.json").read_bytes()
    assert export().code == 0
    assert (isolated / "acme-shop.export.json").read_bytes().startswith(first[:30])
    assert sorted(p.name for p in isolated.iterdir()) == ["acme-shop.export.json"]


def test_out_never_overwrites_another_file(export, app_fixture, api, isolated):
    mine = isolated / "notes.json"
    mine.write_text('{"mine": true}\n')
    result = export("--out", "notes.json")
    assert (result.code, result.err) == (
        2,
        "herokube: notes.json: exists and is not a herokube export; refusing to overwrite\n",
    )
    assert mine.read_text() == '{"mine": true}\n'
    assert api.requests == []


def test_an_invalid_app_name_is_refused_before_any_request(export, app_fixture, api):
    result = export(app="Not_An_App")
    assert (result.code, result.err) == (
        2,
        (
            "herokube: APP must be a Heroku app name (lower-case letters, digits, dashes) or "
            "id, got 'Not_An_App'\n"
        ),
    )
    assert api.requests == []


def test_help_teaches(cli):
    result = cli("export", "--help")
    assert result.code == 0
    for needle in (
        "HEROKU_API_KEY",
        ".netrc",
        "--include-secrets",
        "HEROKUBE_API_URL",
        "herokube export acme-shop --scheduler",
    ):
        assert needle in result.out


def test_independent_requests_run_concurrently(export, app_fixture, api):
    slow = [
        "/apps/acme-shop/formation",
        "/apps/acme-shop/addons",
        "/apps/acme-shop/config-vars",
        "/apps/acme-shop/domains",
        "/apps/acme-shop/features",
        "/apps/acme-shop/log-drains",
    ]
    for path in slow:
        api.fail(path, Fault(delay=0.3))
    start = time.perf_counter()
    assert export().code == 0
    # One after the other these would take 1.8 s.
    assert time.perf_counter() - start < 1.2


def test_progress_shows_on_stderr_when_work_is_slow(api, app_fixture, monkeypatch, capsys):
    monkeypatch.setattr(exporter, "_PROGRESS_AFTER", 0.05)
    api.fail("/apps/acme-shop/formation", Fault(delay=0.3))
    options = ExportOptions(app="acme-shop", api_url=api.url, progress=True)
    run_export(options, environ={"HEROKU_API_KEY": TOKEN})
    assert capsys.readouterr().err == f"herokube: reading acme-shop from {api.url} …\n"


def test_the_export_feeds_the_loader_of_herokube_new(export, app_fixture, isolated):
    load_module = pytest.importorskip("herokube.load", reason="the load stage is not there yet")
    assert export().code == 0
    path = isolated / "acme-shop.export.json"
    loaded = load_module.load_app(load_module.resolve_inputs(path))
    assert loaded.name == "acme-shop"
