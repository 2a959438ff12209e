"""The planner takes a hand-built App: each decision DESIGN.md names, one test each."""

from __future__ import annotations

from dataclasses import replace

import pytest

from herokube.errors import UserError
from herokube.model import (
    Addon,
    App,
    Autoscaling,
    ConfigVar,
    Domain,
    DynoSize,
    Pipeline,
    Process,
    Runtime,
    SchedulerJob,
)
from herokube.plan import PlanOptions, make_plan

SIZES = {
    "standard-1x": DynoSize("standard-1x", 512, 250),
    "standard-2x": DynoSize("standard-2x", 1024, 500),
    "performance-m": DynoSize("performance-m", 2560, 2000, 2000),
}


def make_app(**changes: object) -> App:
    app = App(
        name="shop",
        processes=(
            Process("web", "bundle exec puma -p $PORT", 3, "standard-2x"),
            Process("worker", "bundle exec sidekiq", 2, "standard-1x"),
        ),
        dyno_sizes=SIZES,
        runtime=Runtime(language="ruby", version="3.3.6"),
    )
    return replace(app, **changes)


def test_process_kinds() -> None:
    app = make_app(
        processes=(
            Process("web", "puma", 2, "standard-1x"),
            Process("sidekiq_critical", "sidekiq -q critical", 1, "standard-1x"),
            Process("clock", "clockwork clock.rb", 2, "standard-1x"),
            Process("release", "rails db:migrate", 0, "standard-1x"),
        )
    )
    plan = make_plan(app, PlanOptions())
    processes = plan.chart_values["processes"]
    assert {name: p["kind"] for name, p in processes.items()} == {
        "web": "web",
        "sidekiq-critical": "worker",
        "clock": "singleton",
    }
    assert processes["clock"]["replicas"] == 1
    assert plan.chart_values["release"] == {
        "enabled": True,
        "command": "exec rails db:migrate",
        "resources": {
            "requests": {"cpu": "250m", "memory": "512Mi"},
            "limits": {"memory": "512Mi"},
        },
        "env": {},
        "activeDeadlineSeconds": 3600,
    }
    assert {n.code for n in plan.notices} >= {"process-renamed", "singleton-scaled-down"}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("bundle exec puma", "exec bundle exec puma"),
        ("RAILS_MAX_THREADS=5 bundle exec puma", "RAILS_MAX_THREADS=5 exec bundle exec puma"),
        ("flask db upgrade; gunicorn app:app", "flask db upgrade; gunicorn app:app"),
        ("exec node server.js", "exec node server.js"),
        ("yes yes | python manage.py migrate", "yes yes | python manage.py migrate"),
    ],
)
def test_commands_exec_a_single_program_so_it_gets_sigterm(command: str, expected: str) -> None:
    plan = make_plan(
        make_app(processes=(Process("web", command, 1, "standard-1x"),)), PlanOptions()
    )
    assert plan.chart_values["processes"]["web"]["command"] == expected


def test_dyno_sizes_become_requests_and_limits() -> None:
    app = make_app(
        processes=(
            Process("web", "x", 1, "performance-m"),
            Process("worker", "y", 1, "standard-1x"),
        )
    )
    processes = make_plan(app, PlanOptions()).chart_values["processes"]
    assert processes["web"]["resources"] == {
        "requests": {"cpu": "2000m", "memory": "2560Mi"},
        "limits": {"memory": "2560Mi", "cpu": "2000m"},
    }
    assert "cpu" not in processes["worker"]["resources"]["limits"]  # shared dynos burst


def test_environments_from_the_pipeline_with_production_replicas() -> None:
    app = make_app(pipeline=Pipeline("shop", "production", ("staging", "production")))
    plan = make_plan(app, PlanOptions())
    assert plan.environments == ("staging", "production")
    assert plan.environment_values["production"]["processes"]["web"] == {"replicas": 3}
    assert plan.environment_values["staging"]["processes"]["web"] == {"replicas": 1}


def test_default_environments() -> None:
    plan = make_plan(make_app(), PlanOptions())
    assert plan.environments == ("dev", "staging", "prod")
    assert plan.production == "prod"


def test_an_environment_name_that_is_no_dns_label_is_refused() -> None:
    with pytest.raises(UserError):
        make_plan(make_app(), PlanOptions(environments=("Prod_1",)))


def test_autoscaling_becomes_an_hpa_only_in_production() -> None:
    app = make_app(processes=(Process("web", "x", 3, "standard-2x", Autoscaling(3, 8, 400)),))
    plan = make_plan(app, PlanOptions(environments=("staging", "production")))
    assert plan.chart_values["processes"]["web"]["autoscaling"] == {
        "enabled": True,
        "minReplicas": 3,
        "maxReplicas": 8,
        "targetCPUUtilizationPercentage": 70,
    }
    assert plan.environment_values["staging"]["processes"]["web"]["autoscaling"] == {
        "enabled": False
    }


def test_config_split_by_origin_and_values_kept_byte_for_byte() -> None:
    tricky = 'say "hi" {{ .Values.x }}\n  *not: yaml* #'
    app = make_app(
        config_vars=(
            ConfigVar("GREETING", tricky, False),
            ConfigVar("API_TOKEN", None, True),
            ConfigVar("DATABASE_URL", None, True, "addon", addon="postgresql-x"),
            ConfigVar("HEROKU_APP_NAME", "shop", False, "heroku"),
            ConfigVar("HEROKU_SLUG_COMMIT", "abc", False, "heroku"),
            ConfigVar("PORT", "5000", False),
            ConfigVar("NPM_CONFIG_PRODUCTION", "true", False),
        )
    )
    plan = make_plan(app, PlanOptions())
    assert plan.chart_values["config"] == {"GREETING": tricky, "HEROKU_APP_NAME": "shop"}
    assert plan.chart_values["externalSecrets"]["variables"] == ["API_TOKEN", "DATABASE_URL"]
    codes = [n.code for n in plan.notices]
    assert codes.count("config-var-platform") == 2 and "config-var-build-time" in codes


def test_buildpack_boot_env_is_set_where_the_buildpack_set_it() -> None:
    python = make_app(
        runtime=Runtime(language="python"),
        processes=(Process("web", "gunicorn app", 1, "standard-2x"),),
    )
    assert make_plan(python, PlanOptions()).chart_values["processes"]["web"]["env"] == {
        "WEB_CONCURRENCY": "4"
    }
    java = make_app(
        runtime=Runtime(language="java"),
        processes=(Process("web", "java -jar app.jar", 1, "standard-1x"),),
        config_vars=(ConfigVar("DATABASE_URL", None, True, "addon"),),
    )
    plan = make_plan(java, PlanOptions())
    assert plan.chart_values["processes"]["web"]["env"] == {
        "JAVA_TOOL_OPTIONS": "-Xmx300m -Xss512k -XX:CICompilerCount=2"
    }
    assert plan.chart_values["processes"]["web"]["startupSeconds"] == 90
    assert "JDBC_DATABASE_URL" in plan.secret_keys


def test_scheduler_jobs_become_cron_jobs_in_utc() -> None:
    app = make_app(
        scheduler_jobs=(
            SchedulerJob("bundle exec rake feeds:refresh", 10),
            SchedulerJob("bundle exec rake reports:hourly", 60, 30),
            SchedulerJob("bundle exec rake cleanup:daily", 1440, 150, "standard-2x"),
        )
    )
    jobs = make_plan(app, PlanOptions()).chart_values["cronJobs"]
    assert {name: job["schedule"] for name, job in jobs.items()} == {
        "rake-feeds-refresh": "*/10 * * * *",
        "rake-reports-hourly": "30 * * * *",
        "rake-cleanup-daily": "30 2 * * *",
    }
    assert jobs["rake-cleanup-daily"]["resources"]["requests"]["memory"] == "1024Mi"


def test_custom_domains_only_and_only_in_production() -> None:
    app = make_app(
        domains=(Domain("shop-123.herokuapp.com", "heroku"), Domain("www.shop.example", "custom"))
    )
    plan = make_plan(app, PlanOptions(environments=("staging", "production")))
    assert plan.environment_values["production"]["ingress"]["hosts"] == ["www.shop.example"]
    assert plan.environment_values["staging"]["ingress"]["hosts"] == []


def test_addon_targets_from_the_blueprints_and_unknown_ones_kept() -> None:
    app = make_app(
        addons=(
            Addon("heroku-postgresql", "postgresql-a", config_vars=("DATABASE_URL",)),
            Addon("zeta-widgets", "zeta-b", config_vars=("ZETA_URL",)),
            Addon("heroku-connect", "connect-c"),
        )
    )
    plan = make_plan(app, PlanOptions())
    targets = {a.service: (a.target, a.known) for a in plan.addons}
    assert targets == {
        "heroku-postgresql": ("managed", True),
        "zeta-widgets": ("saas", False),
        "heroku-connect": ("blocked", True),
    }
    assert any(n.code == "addon-unknown" for n in plan.notices)


def test_every_addon_in_the_blueprints_has_a_target_and_variables_list() -> None:
    from herokube.blueprints import load_blueprints

    for service, blueprint in load_blueprints().addons.items():
        plan = make_plan(make_app(addons=(Addon(service, f"{service}-1"),)), PlanOptions())
        assert plan.addons[0].target == blueprint.target
        assert plan.addons[0].variables == blueprint.variables


def test_heroku_app_name_keeps_the_app_name() -> None:
    app = make_app(config_vars=(ConfigVar("HEROKU_APP_NAME", None, False, "heroku"),))
    assert make_plan(app, PlanOptions()).chart_values["config"] == {"HEROKU_APP_NAME": "shop"}
