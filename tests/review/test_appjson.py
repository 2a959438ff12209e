"""app.json's review environment, read as Heroku reads it for a review app."""

from __future__ import annotations

from herokube.load.appjson import review_environment
from herokube.model import ReviewEnvironment


def test_environments_review_overrides_the_top_level() -> None:
    data = {
        "addons": ["heroku-redis", {"plan": "heroku-postgresql:standard-0"}],
        "scripts": {"postdeploy": "bin/setup", "pr-predestroy": "bin/teardown", "test": "rspec"},
        "environments": {
            "review": {
                "addons": [{"plan": "heroku-postgresql:essential-0", "as": "DATABASE"}],
                "scripts": {"postdeploy": "bin/rails db:seed"},
            }
        },
    }
    review, notices = review_environment(data, source="app.json")
    assert review == ReviewEnvironment(
        addons=("heroku-postgresql",),
        postdeploy="bin/rails db:seed",
        pr_predestroy="bin/teardown",
    )
    assert notices == ()


def test_without_environments_review_the_top_level_applies() -> None:
    data = {"addons": ["heroku-postgresql", "heroku-postgresql:mini", "papertrail"]}
    review, _ = review_environment(data, source="app.json")
    assert review == ReviewEnvironment(addons=("heroku-postgresql", "papertrail"))


def test_what_review_apps_do_not_carry_is_a_notice() -> None:
    data = {
        "environments": {
            "review": {"env": {"A": "1"}, "formation": {}, "scripts": {"postdeploy": " "}}
        }
    }
    review, notices = review_environment(data, source="app.json")
    assert review == ReviewEnvironment()  # a blank script is no script
    assert [(n.code, n.source) for n in notices] == [
        ("review-setting-ignored", "app.json: environments.review.env"),
        ("review-setting-ignored", "app.json: environments.review.formation"),
    ]


def test_no_app_json_no_review_environment() -> None:
    assert review_environment(None, source="app.json") == (None, ())
    review, _ = review_environment({"environments": "review"}, source="app.json")
    assert review == ReviewEnvironment()
