from herokube.load.procfile import parse_procfile


def test_reads_types_in_order_and_keeps_commands_byte_for_byte() -> None:
    text = (
        "# a comment\n"
        "\n"
        "web: bundle exec puma -p ${PORT:-3000}\n"
        "worker:   RAILS_MAX_THREADS=5 bundle exec sidekiq  \n"
        "release: env FOO=bar ./bin/release | tee /tmp/log; echo $PORT\n"
    )
    processes, notices = parse_procfile(text, source="Procfile")
    assert processes == {
        "web": "bundle exec puma -p ${PORT:-3000}",
        "worker": "RAILS_MAX_THREADS=5 bundle exec sidekiq",
        "release": "env FOO=bar ./bin/release | tee /tmp/log; echo $PORT",
    }
    assert notices == ()


def test_lines_heroku_ignores_are_reported_not_parsed() -> None:
    processes, notices = parse_procfile("// web: nope\nweb: node server.js\n", source="Procfile")
    assert processes == {"web": "node server.js"}
    assert [n.code for n in notices] == ["procfile-line-ignored"]
    assert notices[0].source == "Procfile:1"


def test_a_repeated_type_keeps_the_last_command_with_a_notice() -> None:
    processes, notices = parse_procfile("web: a\nweb: b\n", source="Procfile")
    assert processes == {"web": "b"}
    assert [n.code for n in notices] == ["procfile-duplicate"]
