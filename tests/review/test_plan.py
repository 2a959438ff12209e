"""The review plan without rendering: routes, secrets and add-ons per choice."""

from __future__ import annotations

from herokube.model import ReviewEnvironment
from herokube.plan import PlanOptions, make_plan

from .conftest import review_app


def test_the_host_pattern_follows_the_route_choice() -> None:
    gateway = make_plan(review_app(), PlanOptions(ingress="gateway-api"))
    review = gateway.environment_values["review"]
    assert review["gateway"]["hostTemplate"] == "{{ .Release.Name }}.review.example.com"
    assert "ingress" not in review
    none = make_plan(review_app(), PlanOptions(ingress="none")).environment_values["review"]
    assert "hostTemplate" not in str(none)


def test_review_apps_without_add_ons_read_everything_from_the_secret_store() -> None:
    app = review_app(review_environment=ReviewEnvironment(postdeploy="bin/seed"))
    plan = make_plan(app, PlanOptions(postgres="cloudnative-pg", redis="in-cluster"))
    review = plan.environment_values["review"]
    # app.json gives review apps no database: none is made, as on Heroku.
    assert review["postgresCluster"] == {"enabled": False}
    assert review["redis"] == {"enabled": False}
    assert {"DATABASE_URL", "REDIS_URL"} <= set(review["externalSecrets"]["variables"])
    assert review["reviewApp"] == {
        "postdeploy": {
            "command": "bin/seed",
            "activeDeadlineSeconds": 3600,
            "resources": review["reviewApp"]["postdeploy"]["resources"],
        }
    }


def test_without_review_apps_nothing_changes() -> None:
    app = review_app(pipeline=None)
    plan = make_plan(app, PlanOptions())
    assert plan.review is None
    assert "review" not in plan.environment_values
    assert "review_apps" not in plan.answers
