"""``herokube fleet``: every app as ``new`` writes it, failures alone, the platform, re-runs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from git import Repo
from ruamel.yaml import YAML

from herokube_testing import EXAMPLES, CliRun, grow_bookshelf_export, run_herokube

_yaml = YAML(typ="safe", pure=True)


def _tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` but Git's own, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def _commits(repository: Path) -> int:
    return sum(1 for _ in Repo(repository).iter_commits("--all"))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of exports, as `herokube export --team` writes one."""
    folder = tmp_path_factory.mktemp("exports")
    shutil.copy(EXAMPLES / "bookshelf" / "export.json", folder / "bookshelf.json")
    # A team export carries each app's release; the bundled example has none (new --image-tag).
    hello = json.loads((EXAMPLES / "hello-minimal" / "export.json").read_text(encoding="utf-8"))
    hello["release"] = {"version": 3, "commit": "5d41402abc4b2a76b9719d911017c592abcdef01"}
    (folder / "hello-minimal.json").write_text(json.dumps(hello), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def notes_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notes-api tree as a Git checkout: its HEAD is the release the image is tagged with."""
    tree = tmp_path_factory.mktemp("notes") / "notes-api"
    shutil.copytree(EXAMPLES / "notes-api" / "src", tree)
    files = [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()]
    repo = Repo.init(tree)
    repo.index.add(files)
    repo.index.commit("notes-api")
    return tree


@pytest.fixture(scope="module")
def fleet_out(
    exports: Path, notes_src: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, CliRun]]:
    """One fleet run (two workers) that the tests below only read, or re-run unchanged."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as env:
        # The per-test HOME isolation does not reach a module fixture: isolate this run alike.
        env.setenv("HOME", str(home))
        env.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        env.setenv("GIT_CONFIG_NOSYSTEM", "1")
        out = tmp_path_factory.mktemp("fleet") / "out"
        yield out, run_herokube("fleet", exports, notes_src, "--out", out, "--jobs", "2")


def test_every_app_is_what_new_writes(
    fleet_out: tuple[Path, CliRun],
    exports: Path,
    notes_src: Path,
    tmp_path: Path,
    run_cli: Callable[..., CliRun],
) -> None:
    out, run = fleet_out
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == [
        "bookshelf",
        "hello-minimal",
        "notes-api",
        "platform",
    ]
    for name, source in (
        ("bookshelf", exports / "bookshelf.json"),
        ("notes-api", notes_src),
    ):
        alone = tmp_path / f"{name}-alone"
        assert run_cli("new", source, "--out", alone).code == 0
        fleet_tree, new_tree = _tree(out / name), _tree(alone)
        differing = sorted(
            path
            for path in fleet_tree.keys() | new_tree.keys()
            if fleet_tree.get(path) != new_tree.get(path)
        )
        assert not differing, f"{name} differs from herokube new in {differing}"
        assert not Repo(out / name).is_dirty(untracked_files=True)


def test_platform_repository_validates_and_lists_every_app(
    fleet_out: tuple[Path, CliRun], run_cli: Callable[..., CliRun]
) -> None:
    out, _ = fleet_out
    platform = out / "platform"
    check = run_cli("validate", platform, "--output", "json")
    assert check.code == 0, check.out
    summary = json.loads(check.out)["summary"]
    assert summary["errors"] == 0
    values = (platform / "chart" / "values.yaml").read_text()
    for app in ("bookshelf", "hello-minimal", "notes-api"):
        assert f"name: {app}\n" in values
    # Only the operators some app needs: custom domains need cert-manager, nobody asked for CNPG.
    assert "cert-manager:" in values and "external-secrets:" in values
    assert "cloudnative-pg" not in values and "kube-prometheus-stack" not in values
    assert (
        "pod-security.kubernetes.io/enforce: restricted"
        in (platform / "chart" / "templates" / "namespaces.yaml").read_text()
    )
    readme = (platform / "README.md").read_text()
    assert "bookshelf" in readme and str(out) not in readme


def test_operators_follow_the_options(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    out = tmp_path / "fleet"
    run = run_cli(
        "fleet",
        exports / "bookshelf.json",
        "--out",
        out,
        "--postgres",
        "cloudnative-pg",
        "--monitoring",
        "prometheus",
        "--output",
        "json",
    )
    assert run.code == 0, run.err
    operators = json.loads(run.out)["platform"]["operators"]
    assert operators == [
        "cert-manager",
        "cloudnative-pg",
        "external-secrets",
        "kube-prometheus-stack",
        "plugin-barman-cloud",
        "traefik",  # the Ingress controller of --ingress ingress, the default
    ]


def test_a_bad_export_fails_alone(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(exports, inputs)
    (inputs / "broken.json").write_text('{"schema_version": 1, "app": ', encoding="utf-8")
    out = tmp_path / "fleet"
    run = run_cli("fleet", inputs, "--out", out)
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if line.startswith("herokube: ")]
    assert len(errors) == 1 and "broken.json" in errors[0]
    assert "Traceback" not in run.err
    assert sorted(p.name for p in out.iterdir()) == ["bookshelf", "hello-minimal", "platform"]


def test_the_same_app_twice_is_refused_once(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    twin = tmp_path / "twin.json"
    shutil.copy(exports / "hello-minimal.json", twin)
    run = run_cli("fleet", exports / "hello-minimal.json", twin, "--out", tmp_path / "fleet")
    assert run.code == 1
    assert "already given" in run.err


def test_a_rerun_with_the_same_inputs_changes_nothing(
    fleet_out: tuple[Path, CliRun], exports: Path, notes_src: Path, run_cli: Callable[..., CliRun]
) -> None:
    out, _ = fleet_out
    before = {p.name: _commits(p) for p in out.iterdir()}
    again = run_cli("fleet", exports, notes_src, "--out", out)
    assert again.code == 0, again.err
    assert {p.name: _commits(p) for p in out.iterdir()} == before
    assert "unchanged" in again.out


def test_a_changed_export_is_brought_in_as_update_does(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(exports / "bookshelf.json", inputs / "bookshelf.json")
    out = tmp_path / "fleet"
    assert run_cli("fleet", inputs, "--out", out).code == 0
    data = json.loads((inputs / "bookshelf.json").read_text())
    grow_bookshelf_export(data)
    (inputs / "bookshelf.json").write_text(json.dumps(data), encoding="utf-8")
    run = run_cli("fleet", inputs, "--out", out, "--output", "json")
    assert run.code == 0, run.err
    app = json.loads(run.out)["apps"][0]
    assert app["update_branch"] and app["update_branch"].startswith("herokube/update-")
    repo = Repo(out / "bookshelf")
    assert repo.active_branch.name == "main"  # the team's branch is never touched
    assert app["update_branch"] in [head.name for head in repo.heads]


def test_no_input_is_a_usage_error(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli("fleet", empty, "--out", tmp_path / "fleet")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "holds no *.json export" in run.err


def test_compiled_templates_are_reused_without_changing_output(tmp_path: Path) -> None:
    """The fleet workers' compile memo: a second render compiles nothing, byte for byte the same."""
    from herokube.pipeline import NewOptions, create_repository
    from herokube.render import copier_speed

    source = EXAMPLES / "bookshelf" / "export.json"
    create_repository(NewOptions(source, tmp_path / "before"))
    copier_speed.install_compile_memo()
    try:
        create_repository(NewOptions(source, tmp_path / "first"))
        compiled = len(copier_speed._memo)
        create_repository(NewOptions(source, tmp_path / "second"))
        assert compiled > 0 and len(copier_speed._memo) == compiled
    finally:
        copier_speed.uninstall_compile_memo()
    assert _tree(tmp_path / "before") == _tree(tmp_path / "first") == _tree(tmp_path / "second")


def test_compiled_templates_are_kept_on_disk_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later `herokube new` compiles nothing: every template comes from the disk cache."""
    from jinja2 import Environment

    from herokube.pipeline import NewOptions, create_repository
    from herokube.render import copier_speed

    source = EXAMPLES / "bookshelf" / "export.json"
    copier_speed.uninstall_compile_memo()
    try:
        create_repository(NewOptions(source, tmp_path / "first"))
        assert any(copier_speed.default_cache_dir().iterdir())
        copier_speed.uninstall_compile_memo()  # a new process: nothing compiled in memory
        compiled: list[str] = []
        real = Environment.compile

        def counting(self: Environment, source: object, *args: object, **kwargs: object) -> object:
            # Template text only: Copier also hands Jinja a question's bare `True`, which no
            # cache keeps (nothing to parse).
            if isinstance(source, str):
                compiled.append(source[:60])
            return real(self, source, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Environment, "compile", counting)
        create_repository(NewOptions(source, tmp_path / "second"))
        assert compiled == []
        assert _tree(tmp_path / "first") == _tree(tmp_path / "second")
    finally:
        copier_speed.uninstall_compile_memo()


def _platform_objects(platform: Path) -> list[dict[str, Any]]:
    """Every object the platform chart renders (as Argo CD renders it), with its values."""
    from herokube.chartrepo import load_chart, read_values

    loaded = load_chart(platform / "chart", platform)
    values = read_values(platform / "chart" / "values.yaml").data or {}
    texts = [text for _, text in loaded.documents(loaded.render(values, "default"))]
    return [d for text in texts for d in _yaml.load_all(text) if isinstance(d, dict)]


def _operator(objects: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    found = [o for o in objects if o["kind"] == "Application" and o["metadata"]["name"] == name]
    return found[0] if found else None


def test_gateway_api_gets_traefik_and_the_gateway_the_routes_name(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    out = tmp_path / "fleet"
    run = run_cli(
        "fleet",
        exports / "bookshelf.json",
        "--out",
        out,
        "--ingress",
        "gateway-api",
    )
    assert run.code == 0, run.err
    platform = out / "platform"
    check = run_cli("validate", platform, "--output", "json")
    assert check.code == 0, check.out
    assert json.loads(check.out)["summary"]["errors"] == 0
    objects = _platform_objects(platform)
    route = _yaml.load((out / "bookshelf" / "chart" / "values.yaml").read_text())["gateway"]
    gateways = [o for o in objects if o["kind"] == "Gateway"]
    assert [(g["metadata"]["name"], g["metadata"]["namespace"]) for g in gateways] == [
        (route["name"], route["namespace"])
    ]
    gateway = gateways[0]
    assert gateway["spec"]["gatewayClassName"] == "traefik"
    https = {
        listener["hostname"]: listener
        for listener in gateway["spec"]["listeners"]
        if listener["protocol"] == "HTTPS"
    }
    assert set(https) == {"api.bookshelf.example", "www.bookshelf.example"}
    assert gateway["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == "letsencrypt"
    traefik = _operator(objects, "traefik")
    assert traefik is not None
    values = traefik["spec"]["source"]["helm"]["valuesObject"]
    assert values["providers"]["kubernetesGateway"]["enabled"] is True
    assert values["providers"]["kubernetesIngress"]["enabled"] is False
    assert values["gatewayClass"] == {"enabled": True, "name": "traefik"}
    assert values["gateway"]["enabled"] is False  # the platform's own Gateway, not the chart's
    cert_manager = _operator(objects, "cert-manager")
    assert cert_manager is not None
    config = cert_manager["spec"]["source"]["helm"]["valuesObject"]["config"]
    assert config["enableGatewayAPI"] is True


def test_ingress_gets_traefik_as_the_default_class_and_no_gateway(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    out = tmp_path / "fleet"
    assert run_cli("fleet", exports / "bookshelf.json", "--out", out).code == 0
    objects = _platform_objects(out / "platform")
    assert not [o for o in objects if o["kind"] == "Gateway"]
    traefik = _operator(objects, "traefik")
    assert traefik is not None
    assert traefik["spec"]["source"]["repoURL"] == "https://traefik.github.io/charts"
    values = traefik["spec"]["source"]["helm"]["valuesObject"]
    assert values["ingressClass"] == {"enabled": True, "isDefaultClass": True, "name": "traefik"}
    assert values["providers"]["kubernetesIngress"]["enabled"] is True
    assert values["providers"]["kubernetesGateway"]["enabled"] is False
    cert_manager = _operator(objects, "cert-manager")
    assert cert_manager is not None
    assert "config" not in cert_manager["spec"]["source"]["helm"]["valuesObject"]


def test_no_route_installs_no_controller(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    out = tmp_path / "fleet"
    run = run_cli(
        "fleet", exports / "bookshelf.json", "--out", out, "--ingress", "none", "-o", "json"
    )
    assert run.code == 0, run.err
    assert "traefik" not in json.loads(run.out)["platform"]["operators"]


def test_an_app_without_a_release_fails_alone(
    exports: Path, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    out = tmp_path / "fleet"
    run = run_cli(
        "fleet",
        exports / "bookshelf.json",
        EXAMPLES / "hello-minimal" / "export.json",
        "--out",
        out,
    )
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if line.startswith("herokube: ")]
    assert len(errors) == 1 and "--image-tag" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == ["bookshelf", "platform"]
