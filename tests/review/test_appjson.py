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
            "review": {
                "env": {
                    "RAILS_LOG_LEVEL": "debug",
                    "FEATURE_FLAGS": {"value": "beta"},
                    "STRIPE_SECRET_KEY": "sk_test_abc",  # a credential by its name
                    "ADMIN_EMAIL": {"required": True},  # no value: the secret store's
                },
                "formation": {},
                "scripts": {"postdeploy": " ", "pr-predestroy": "bin/notify REDACTED"},
            }
        }
    }
    review, notices = review_environment(data, source="app.json")
    # A blank script is no script; a script that held a credential is not run half-redacted.
    assert review == ReviewEnvironment(env={"RAILS_LOG_LEVEL": "debug", "FEATURE_FLAGS": "beta"})
    assert [(n.code, n.source) for n in notices] == [
        ("review-setting-ignored", "app.json: environments.review.formation"),
        ("review-setting-ignored", "app.json: environments.review.scripts.pr-predestroy"),
        ("review-setting-ignored", "app.json: environments.review.env.STRIPE_SECRET_KEY"),
    ]


def test_no_app_json_no_review_environment() -> None:
    assert review_environment(None, source="app.json") == (None, ())
    review, _ = review_environment({"environments": "review"}, source="app.json")
    assert review == ReviewEnvironment()
