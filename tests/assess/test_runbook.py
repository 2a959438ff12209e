"""The runbook each example gets: every add-on, custom domain and secret key of its app, by name,
and the cutover's steps in the only safe order."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from herokube.pipeline import NewOptions, create_repository
from herokube.plan import PlanOptions
from herokube_testing import EXAMPLE_BY_NAME

from .conftest import REPO

EXAMPLES = {
    "bookshelf": (REPO / "examples/bookshelf/export.json", REPO / "examples/bookshelf/src"),
    "notes-api": (REPO / "examples/notes-api/src", None),
    "hello-minimal": (REPO / "examples/hello-minimal/export.json", None),
}
SECTIONS = [
    "## 1. What moves",
    "## 2. Build and push",
    "## 3. Create the secrets",
    "## 4. Deploy before the cutover: web only",
    "## 5. Rehearse the data move",
    "## 6. Prepare the domains",
    "## 7. Cut over",
    "## 8. Roll back",
    "## 9. On call",
    "## 10. After the move",
]


def _runbook(tmp_path: Path, example: str, **options: str) -> tuple[str, object]:
    source, paired = EXAMPLES[example]
    result = create_repository(
        NewOptions(
            source=source,
            out=tmp_path / "repo",
            paired_source=paired,
            plan=PlanOptions(image_tag=EXAMPLE_BY_NAME[example].image_tag, **options),
        )
    )
    return (result.path / "docs" / "migration.md").read_text(encoding="utf-8"), result.plan


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following >= 0 else len(text)]


def _in_order(text: str, needles: list[str]) -> list[int]:
    """Where each needle first occurs; fails naming a missing one."""
    positions = []
    for needle in needles:
        assert needle in text, needle
        positions.append(text.index(needle))
    return positions


def _steps(section: str) -> list[str]:
    """The bold names of the numbered steps, in the order they are numbered."""
    found = re.findall(r"^(\d+)\. \*\*([^*]+)\*\*", section, flags=re.MULTILINE)
    assert [int(number) for number, _ in found] == list(range(1, len(found) + 1))
    return [name.rstrip(":.") for _, name in found]


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_the_runbook_names_every_addon_domain_and_secret(example: str, tmp_path: Path) -> None:
    text, plan = _runbook(tmp_path, example)
    app = plan.app  # type: ignore[attr-defined]
    for addon in app.addons:
        assert f"`{addon.name}`" in text, addon.name
        assert f"heroku addons:destroy {addon.name} --app {app.name}" in text
    for domain in app.domains:
        if domain.kind == "custom":
            assert (
                f"`{domain.hostname}`" in text
                and f"-w '%{{http_code}}\\n' https://{domain.hostname}/` prints 200" in text
            )
    for key in plan.secret_keys:  # type: ignore[attr-defined]
        assert f"- `{key}`" in text, key
    assert "{{" not in text and "{%" not in text
    positions = _in_order(text, SECTIONS)
    assert positions == sorted(positions)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_the_cutover_steps_come_in_the_only_safe_order(example: str, tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, example)
    assert _steps(_section(text, "## 6. Prepare the domains")) == [
        "Lower the DNS TTL",
        "Issue the certificates before DNS moves",
    ]
    assert _steps(_section(text, "## 7. Cut over")) == [
        "Maintenance on Heroku",
        "Stop every Heroku process and the Scheduler",
        "Final backup",
        "Restore",
        "Verify",
        "The cutover commit",
        "Smoke test",
        "DNS",
        "Leave Heroku stopped",
    ]
    # Rehearsal and timing, then TTLs and certificates, all before the window opens.
    positions = _in_order(
        text,
        [
            "**time it**",
            "**Lower the DNS TTL**",
            "one Certificate per host",
            'heroku maintenance:on --app "$HEROKU_APP"',
        ],
    )
    assert positions == sorted(positions)


def test_the_commands_of_the_window_come_in_order(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    window = _section(text, "## 7. Cut over")
    positions = _in_order(
        window,
        [
            'heroku maintenance:on --app "$HEROKU_APP"',
            'heroku ps:scale web=0 worker=0 sidekiq_critical=0 clock=0 --app "$HEROKU_APP"',
            'heroku addons:open scheduler --app "$HEROKU_APP"',
            'heroku pg:backups:capture DATABASE_URL --app "$HEROKU_APP"',
            "--file docs/verify-data.sql > heroku.txt",
            "diff heroku.txt kubernetes.txt",
            "force-sync=",
            "`migration: {cutover: true}`",
            'herokube diff . --env "$ENV"',
            'argocd app sync bookshelf-"$ENV"',
            "curl -fsS --resolve api.bookshelf.example:443:",
            "curl -sS -o /dev/null -w '%{http_code}\\n' https://api.bookshelf.example/",
            "curl -sS -o /dev/null -w '%{http_code}\\n' https://www.bookshelf.example/",
        ],
    )
    assert positions == sorted(positions)
    # Heroku Scheduler keeps running in maintenance mode: every job is named for deletion.
    for job in ("rake-catalog-sync", "rake-reports-hourly", "rake-cleanup-nightly"):
        assert f"`{job}`" in window
    # One Certificate per host, each checked as its host moves.
    for secret in ("bookshelf-tls-api-bookshelf-example", "bookshelf-tls-www-bookshelf-example"):
        assert secret in window
    # staging first (the rehearsal of production), each with its own namespace.
    environments = _in_order(
        window,
        [
            "ENV=staging NS=bookshelf-staging",
            "ENV=production NS=bookshelf-production HEROKU_APP=bookshelf",
        ],
    )
    assert environments == sorted(environments)


def test_rollback_stops_kubernetes_before_heroku_takes_traffic(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    rollback = _section(text, "## 8. Roll back")
    assert _steps(rollback) == [
        "Stop writes on Kubernetes",
        "The cutover back",
        "Data written since the cutover",
        "DNS back",
        "Heroku back",
    ]
    positions = _in_order(
        rollback,
        [
            "`maintenance: {enabled: true}`",
            "git revert <the cutover commit>",
            "`SUSPEND True`",
            "docs/verify-data.sql",
            "heroku domains",
            'heroku ps:scale web=4 worker=2 sidekiq_critical=1 clock=1 --app "$HEROKU_APP"',
            'heroku maintenance:off --app "$HEROKU_APP"',
        ],
    )
    assert positions == sorted(positions)


def test_every_heroku_command_has_its_kubernetes_equivalent(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    rows = {
        row.split("|")[1].strip(): row.split("|", 2)[2]
        for row in _section(text, "## 9. On call").splitlines()
        if row.startswith("| `heroku")
    }

    def row(command: str) -> str:
        [match] = [value for key, value in rows.items() if key.startswith(f"`{command}")]
        return match

    assert "kubectl debug" in row("heroku run bash") and "--copy-to=" in row("heroku run bash")
    assert "/bin/sh -c" in row("heroku run <command>")
    assert 'kubectl exec -it -n "$NS" deploy/bookshelf-web' in row("heroku ps:exec")
    assert "kubectl rollout restart" in row("heroku ps:restart")
    assert "replicas: N" in row("heroku ps:scale") and "commit, sync" in row("heroku ps:scale")
    assert "git revert" in row("heroku rollback") and "argocd app sync" in row("heroku rollback")
    assert "kubectl logs" in row("heroku logs --tail")
    assert "maintenance: {enabled: true}" in row("heroku maintenance:on")


def test_the_repository_ships_the_verification_script(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    script = (tmp_path / "repo" / "docs" / "verify-data.sql").read_text(encoding="utf-8")
    assert "count(*)" in script and "pg_sequences" in script
    # Both sides print the same format whatever psql's defaults, so diff compares data only.
    assert "\\pset format unaligned" in script and "\\pset tuples_only on" in script
    assert "ORDER BY" in script
    assert text.count("docs/verify-data.sql") >= 3


def test_postgres_commands_carry_the_heroku_version(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    assert "Heroku runs **PostgreSQL 16**" in text
    assert "heroku pg:backups:capture postgresql-silent-40221 --app bookshelf" in text
    assert "pg_restore --verbose --clean --if-exists --no-acl --no-owner" in text


def test_in_cluster_targets_change_the_runbook(tmp_path: Path) -> None:
    text, plan = _runbook(
        tmp_path,
        "bookshelf",
        postgres="cloudnative-pg",
        redis="in-cluster",
        monitoring="prometheus",
    )
    assert "DATABASE_URL" not in plan.secret_keys and "REDIS_URL" not in plan.secret_keys  # type: ignore[attr-defined]
    assert "- `HEROKU_DATABASE_PASSWORD`" in text
    assert "- `POSTGRES_BACKUP_ACCESS_KEY_ID` and `POSTGRES_BACKUP_SECRET_ACCESS_KEY`" in text
    assert "CloudNativePG secret `bookshelf-db-app`" in text
    assert "postgresCluster: {import: {enabled: true, host: ..., user: ..., dbname: ...}}" in text
    assert 'kubectl delete cluster.postgresql.cnpg.io/bookshelf-db -n "$NS"' in text
    assert "cnpg.io/cluster=bookshelf-db,cnpg.io/instanceRole=primary" in text
    # The secret store keeps no database URL to switch: the cutover commit is the only change.
    assert "force-sync=" not in _section(text, "## 7. Cut over")
    assert 'kubectl port-forward -n "$NS" svc/bookshelf-redis 6379:6379' in text
    assert "PrometheusRule alerts on 504/5xx rates" in text


def _postgres_command(*args: str) -> list[str]:
    """Postgres refuses to run as root: run its server tools as the postgres user there."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@pytest.fixture
def postgres() -> Iterator[Path]:
    """A throwaway Postgres server on a Unix socket in a temporary folder; its socket folder."""
    tools = [shutil.which(name) for name in ("initdb", "pg_ctl", "psql")]
    if not all(tools) or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("no Postgres server tools on this machine")
    # Directly under the system's temporary folder: pytest's own is closed to other users.
    folder = Path(tempfile.mkdtemp(prefix="herokube-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    data = folder / "data"
    run = functools.partial(subprocess.run, check=True, capture_output=True)
    run(_postgres_command(str(tools[0]), "-D", str(data), "-A", "trust", "-U", "postgres"))
    options = f"-k {folder} -c listen_addresses=''"
    # The server's output goes to a log file: a pipe held open by it would never reach EOF.
    log = str(folder / "server.log")
    start = [str(tools[1]), "-D", str(data), "-o", options, "-l", log, "-w", "start"]
    subprocess.run(
        _postgres_command(*start),
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    try:
        yield folder
    finally:
        run(_postgres_command(str(tools[1]), "-D", str(data), "-m", "fast", "-w", "stop"))
        shutil.rmtree(folder)


def test_the_verification_script_finds_a_missing_row(postgres: Path, tmp_path: Path) -> None:
    _, _ = _runbook(tmp_path, "hello-minimal")
    script = tmp_path / "repo" / "docs" / "verify-data.sql"

    def psql(database: str, *args: str) -> str:
        command = ["psql", "-h", str(postgres), "-U", "postgres", "-d", database, *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    schema = (
        "CREATE TABLE books (id bigserial PRIMARY KEY, title text);"
        "CREATE TABLE shelves (id serial PRIMARY KEY);"
        "INSERT INTO books (title) SELECT 'b' || n FROM generate_series(1, 3) AS n;"
    )
    for database in ("heroku", "target"):
        psql("postgres", "-c", f"CREATE DATABASE {database}")
        psql(database, "-c", schema)
    heroku = psql("heroku", "--file", str(script))
    assert heroku.splitlines() == [
        "table public.books 3",
        "table public.shelves 0",
        "sequence public.books_id_seq 3",
        "sequence public.shelves_id_seq unused",
    ]
    assert psql("target", "--file", str(script)) == heroku
    # A row written on one side only: the outputs differ, in the count and the sequence.
    psql("target", "-c", "INSERT INTO books (title) VALUES ('late')")
    target = psql("target", "--file", str(script)).splitlines()
    assert sorted(set(target) - set(heroku.splitlines())) == [
        "sequence public.books_id_seq 4",
        "table public.books 4",
    ]
