"""Hostile input (issue 11): every case of corpus/README.md, as a user runs herokube.

Refused input is exit 2, one line on stderr naming the file (and field), no traceback and
nothing written; accepted input gives a repository ``herokube validate`` accepts.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from herokube.model import App
from herokube_testing import CliRun

CORPUS = Path(__file__).parent / "corpus"
Cli = Callable[..., CliRun]


def assert_refused(run: CliRun, *expected: str) -> None:
    """Exit 2, exactly one line on stderr holding each of ``expected``, no traceback."""
    assert run.code == 2, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    for text in expected:
        assert text in lines[0], lines[0]


def assert_nothing_written(parent: Path) -> None:
    assert not any(parent.iterdir()), sorted(p.name for p in parent.iterdir())


@pytest.fixture(scope="module")
def plain_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository ``new`` writes for the plain export (made once, for update and validate)."""
    from herokube_testing import run_herokube

    out = tmp_path_factory.mktemp("plain") / "repo"
    done = run_herokube("new", CORPUS / "plain.export.json", "--out", out)
    assert done.code == 0, done.err
    return out


# --- exports: bounded reading, Heroku's rules ------------------------------------------------

REFUSED_EXPORTS = [
    ("deep-nesting.export.json", "nested deeper than 64 levels"),
    ("long-integer.export.json", "an integer of 5000 digits"),
    ("huge-float.export.json", "a number too large to carry"),
    ("nan.export.json", "NaN is not a JSON number"),
    ("latin1.export.json", "not UTF-8 text"),
    ("config-name-digit.export.json", "config_vars[0].name"),
    ("config-name-dunder.export.json", "config_vars[0].name"),
    ("config-name-yaml.export.json", "not a Heroku config var name"),
    ("bad-domain.export.json", "domains[0].hostname"),
    ("addon-config-var-name.export.json", "addons[0].config_vars[0]"),
]


@pytest.mark.parametrize(("name", "message"), REFUSED_EXPORTS)
def test_hostile_export_is_one_line_and_nothing_written(
    run_cli: Cli, tmp_path: Path, name: str, message: str
) -> None:
    export = CORPUS / name
    assert_refused(run_cli("new", export, "--out", tmp_path / "repo"), str(export), message)
    assert_nothing_written(tmp_path)


@pytest.mark.parametrize("name", ["deep-nesting.export.json", "long-integer.export.json"])
def test_assess_refuses_hostile_export_in_one_line(run_cli: Cli, name: str) -> None:
    assert_refused(run_cli("assess", CORPUS / name), name)


def test_update_refuses_a_deep_export_in_one_line(run_cli: Cli, plain_repository: Path) -> None:
    export = CORPUS / "deep-nesting.export.json"
    done = run_cli("update", plain_repository, "--export", export)
    assert_refused(done, "nested deeper than 64 levels")


def test_update_refuses_an_export_of_another_app(run_cli: Cli, plain_repository: Path) -> None:
    export = CORPUS / "other-app.export.json"
    done = run_cli("update", plain_repository, "--export", export)
    assert_refused(done, str(export), "app.name", "'other-app'", "'hostile-app'")
    chart = (plain_repository / "chart" / "Chart.yaml").read_text(encoding="utf-8")
    assert 'name: "hostile-app"' in chart


def test_bom_export_reads_as_utf8() -> None:
    from herokube.load import Inputs, load_app

    app = load_app(Inputs(CORPUS / "bom.export.json", None))
    assert app.name == "hostile-app"


# --- the guarantee: new exits 0 => validate exits 0 ------------------------------------------


def test_plain_export_validates(run_cli: Cli, plain_repository: Path) -> None:
    assert run_cli("validate", plain_repository).code == 0


@pytest.mark.parametrize(
    ("name", "host", "notice"),
    [
        ("wildcard-domain.export.json", "*.example.com", "DNS-01"),
        ("idn-domain.export.json", "xn--bcher-kva.example", "bücher.example is written as"),
    ],
)
def test_valid_heroku_domains_are_carried_and_validate(
    run_cli: Cli, tmp_path: Path, name: str, host: str, notice: str
) -> None:
    out = tmp_path / "repo"
    done = run_cli("new", CORPUS / name, "--out", out)
    assert done.code == 0, done.err
    assert notice in done.err
    production = (out / "environments" / "prod" / "values.yaml").read_text(encoding="utf-8")
    assert host in production
    checked = run_cli("validate", out)
    assert checked.code == 0, checked.out


def test_new_refuses_what_validate_would_reject(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository that fails validate is never moved into place (a chart made invalid here)."""
    from herokube.render import repository

    real_render = repository.render_tree

    def render_broken(plan: object, destination: Path, template: object) -> None:
        real_render(plan, destination, template)  # type: ignore[arg-type]
        values = destination / "environments" / "prod" / "values.yaml"
        values.write_text(values.read_text(encoding="utf-8") + "replicas: many\n", "utf-8")

    monkeypatch.setattr("herokube.pipeline.render_tree", render_broken)
    done = run_cli("new", CORPUS / "plain.export.json", "--out", tmp_path / "repo")
    assert_refused(done, "fails herokube validate", "nothing written", "environments/prod")
    assert_nothing_written(tmp_path)


# --- source trees ------------------------------------------------------------------------------


def test_procfile_symlinked_out_of_the_tree_is_refused(run_cli: Cli, tmp_path: Path) -> None:
    tree = tmp_path / "app"
    tree.mkdir()
    outside = tmp_path / "elsewhere"
    outside.write_text("web: cat /etc/shadow\n", encoding="utf-8")
    (tree / "Procfile").symlink_to(outside)
    (tree / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    done = run_cli("new", tree, "--out", tmp_path / "repo")
    assert_refused(done, "Procfile", "a symlink that leaves the source tree")
    assert not (tmp_path / "repo").exists()


def test_runtime_file_symlinked_out_of_the_tree_is_refused(run_cli: Cli, tmp_path: Path) -> None:
    tree = tmp_path / "app"
    tree.mkdir()
    (tree / "Procfile").write_text("web: node server.js\n", encoding="utf-8")
    outside = tmp_path / "package.json"
    outside.write_text('{"name": "x"}', encoding="utf-8")
    (tree / "package.json").symlink_to(outside)
    assert_refused(run_cli("assess", tree), "package.json", "a symlink that leaves the source tree")


def _load_tree(name: str) -> App:
    from herokube.load import Inputs, load_app

    return load_app(Inputs(None, CORPUS / name))


def test_latin1_procfile_is_read_byte_for_byte() -> None:
    app = _load_tree("latin1-procfile")
    assert [p.command for p in app.processes] == ["node café.js"]
    assert "procfile-latin-1" in {n.code for n in app.notices}


def test_byte_order_marks_are_dropped() -> None:
    app = _load_tree("bom-procfile")
    assert app.name == "bom-procfile"
    assert [p.name for p in app.processes] == ["web"]
    assert app.runtime.language == "node"


def test_latin1_app_json_is_read() -> None:
    assert _load_tree("latin1-app-json").name == "latin1"


def test_numeric_app_name_starts_with_a_letter() -> None:
    """Found by the property test: app.json ``name: "0"`` made labels the number 0."""
    assert _load_tree("app-json-numeric-name").name == "app-0"


def test_deep_runtime_file_is_a_notice() -> None:
    app = _load_tree("deep-package-json")
    notices = [n for n in app.notices if n.code == "runtime-file-unreadable"]
    assert notices and "nested deeper" in notices[0].message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("app-json-env-name-yaml", r"env.'X: y\n---\nkind: Pod'"),
        ("app-json-big-env", "Heroku caps an app's config vars at 64 KB"),
        ("app-json-addon-alias", "addons[0].as"),
    ],
)
def test_app_json_env_breaking_herokus_rules(
    run_cli: Cli, tmp_path: Path, name: str, message: str
) -> None:
    done = run_cli("new", CORPUS / name, "--out", tmp_path / "repo")
    assert_refused(done, "app.json", message)
    assert_nothing_written(tmp_path)


# --- --out and --data ----------------------------------------------------------------------------


def test_out_under_a_file(run_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = run_cli("new", CORPUS / "plain.export.json", "--out", tmp_path / "file" / "repo")
    assert_refused(done, "--out", "a parent of this path is a file")


def test_out_in_proc(run_cli: Cli) -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc here")
    done = run_cli("new", CORPUS / "plain.export.json", "--out", "/proc/herokube-test/repo")
    assert_refused(done, "/proc/herokube-test/repo", "--out", "cannot write here")


def test_out_on_a_read_only_file_system(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("herokube.render.repository.tempfile.mkdtemp", read_only)
    out = tmp_path / "new" / "folders" / "repo"
    done = run_cli("new", CORPUS / "plain.export.json", "--out", out)
    assert_refused(done, "--out", "Read-only file system")
    assert_nothing_written(tmp_path)  # the parents it created are gone too


def test_out_on_a_full_file_system(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fills_the_disk(plan: object, destination: Path, template: object) -> None:
        (destination / "half-written.yaml").write_text("a: 1\n", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("herokube.pipeline.render_tree", fills_the_disk)
    done = run_cli("new", CORPUS / "plain.export.json", "--out", tmp_path / "repo")
    assert_refused(done, "--out", "no space left on the device")
    assert_nothing_written(tmp_path)


def test_out_symlink_to_an_empty_folder_is_followed(run_cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    done = run_cli("new", CORPUS / "plain.export.json", "--out", tmp_path / "link")
    assert done.code == 0, done.err
    assert (tmp_path / "link").is_symlink()
    assert (real / "chart" / "Chart.yaml").is_file()


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("app_name=../../x", "is not a DNS label"),
        ("app_nmae=shop", "the template asks no such question"),
        ("chart_version=banana", "a semantic version"),
        ("environments=[{name: ../x, namespace: x}]", "environments[0].name"),
        ("deploy_in_app_repo=maybe", "expected true or false"),
        ("argocd_server=https://x\n  evil: true", "control characters"),
    ],
)
def test_data_answers_are_checked(run_cli: Cli, tmp_path: Path, pair: str, message: str) -> None:
    done = run_cli("new", CORPUS / "plain.export.json", "--out", tmp_path / "r", "--data", pair)
    assert_refused(done, "--data", message)
    assert_nothing_written(tmp_path)


def test_data_string_answers_keep_the_text_as_typed() -> None:
    from herokube.data_option import parse_data

    assert parse_data(["chart_version=1.10.0", "app_name=shop"]) == {
        "chart_version": "1.10.0",
        "app_name": "shop",
    }


def test_data_yaml_answers_are_bounded() -> None:
    from herokube.data_option import parse_data
    from herokube.errors import UserError

    with pytest.raises(UserError, match="not a value herokube reads"):
        parse_data([f"runbook={'9' * 5000}"])


# --- signals -------------------------------------------------------------------------------------


def test_sigterm_removes_the_staging_folder(tmp_path: Path) -> None:
    """SIGTERM while the repository is staged: exit 143 and no folder left behind."""
    herokube = Path(sys.executable).with_name("herokube")
    out = tmp_path / "repo"
    process = subprocess.Popen(
        [herokube, "new", CORPUS / "plain.export.json", "--out", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not any(tmp_path.glob(".repo.herokube-*")) and process.poll() is None:
        assert time.monotonic() < deadline, "herokube never staged the repository"
        time.sleep(0.01)
    if process.poll() is not None:
        pytest.skip("herokube finished before the signal could be sent (machine too fast)")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert_nothing_written(tmp_path)
