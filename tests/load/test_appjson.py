from herokube.load.appjson import read_app_json


def test_lenient_where_heroku_is() -> None:
    app_json, notices = read_app_json(
        {
            "env": {
                "PLAIN": "value",
                "GEN": {"generator": "secret"},
                "OPTIONAL": {"required": False},
            },
            "formation": [{"process": "web", "quantity": 2, "size": "Hobby"}],
            "addons": [
                "heroku-postgresql:essential-0",
                {"plan": "heroku-redis", "as": "CACHE"},
                42,
            ],
            "scripts": {"postdeploy": "rake db:seed", "pr-predeploy": "echo"},
            "mystery": True,
        },
        source="app.json",
    )
    assert [(e.name, e.value, e.required, e.generator) for e in app_json.env] == [
        ("PLAIN", "value", True, None),
        ("GEN", None, True, "secret"),
        ("OPTIONAL", None, False, None),
    ]
    assert app_json.formation["web"]["size"] == "Hobby"
    assert app_json.addons == (
        ("heroku-postgresql", "heroku-postgresql:essential-0", None),
        ("heroku-redis", None, "CACHE"),
    )
    assert sorted(n.source for n in notices) == [
        "app.json: addons[2]",
        "app.json: mystery",
        "app.json: scripts.pr-predeploy",
    ]


def test_not_an_object_is_a_notice_not_a_crash() -> None:
    app_json, notices = read_app_json(["no"], source="app.json")
    assert app_json.env == ()
    assert [n.code for n in notices] == ["app-json-ignored"]
