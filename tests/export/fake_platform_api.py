"""A local HTTP server that answers like the Heroku Platform API (and the Scheduler API).

Shared by the tests and ``benchmarks/bench_export.py``. Every resource is stored with the
name of its ``definitions/<resource>`` in Heroku's schema, so the tests can check that the
fixtures have the real API's shape. Faults (status codes, Retry-After, delays) are queued per
path and consumed one per request, so "a 429, then success" is one line in a test.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import unquote, urlsplit

__all__ = [
    "SCHEDULER_PREFIX",
    "TOKEN",
    "AppFixture",
    "FakePlatformApi",
    "Fault",
    "build_app",
]

TOKEN = "hrku-test-0123456789abcdef0123456789abcdef"
SCHEDULER_PREFIX = "/particleboard"
HEROKU_ACCEPT = "application/vnd.heroku+json; version=3"
JSON_API = "application/vnd.api+json"
_T = "2024-05-01T12:00:00Z"


def uid(name: str) -> str:
    """A stable UUID per name, so fixtures are deterministic."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"herokube-test:{name}"))


@dataclass
class Fault:
    """Answer one request with ``status`` (and ``headers``), after sleeping ``delay`` seconds.

    ``status=None`` with a delay answers normally, only late (for timeout tests). ``body`` is
    sent as JSON, or as is when it is bytes.
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: Any = None


@dataclass
class Recorded:
    """One request the server saw; the Authorization header is kept only as 'ok' or 'bad'."""

    path: str
    headers: dict[str, str]
    auth_ok: bool


@dataclass
class AppFixture:
    """The routes of one app and the secret values hidden in them (for leak checks)."""

    name: str
    app_id: str
    routes: dict[str, tuple[str | None, Any]]
    secret_values: list[str]


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 drops the SYNs of a concurrent client's 6th connection, which
    # then waits a full second to retry: the exporter runs 8 requests at once.
    request_queue_size = 128
    daemon_threads = True


class FakePlatformApi:
    """A ThreadingHTTPServer on 127.0.0.1; use as a context manager or start()/stop()."""

    def __init__(self, *, token: str = TOKEN, page_size: int = 200):
        self.token = token
        self.page_size = page_size
        self.routes: dict[str, tuple[str | None, Any]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- setup ------------------------------------------------------------------------------

    def add(self, fixture: AppFixture) -> AppFixture:
        self.routes.update(fixture.routes)
        return fixture

    def put(self, path: str, data: Any, definition: str | None = None) -> None:
        self.routes[path] = (definition, data)

    def fail(self, path: str, *faults: Fault) -> None:
        with self._lock:
            self.faults.setdefault(path, []).extend(faults)

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def scheduler_url(self) -> str:
        return f"{self.url}{SCHEDULER_PREFIX}"

    def start(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # -- answering --------------------------------------------------------------------------

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        auth_ok = headers.get("authorization") == f"Bearer {self.token}"
        with self._lock:
            self.requests.append(
                Recorded(path, {k: v for k, v in headers.items() if k != "authorization"}, auth_ok)
            )
        fault = self._next_fault(path)
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status is not None:
                if isinstance(fault.body, bytes):  # raw, e.g. an HTML error page
                    return fault.status, dict(fault.headers), fault.body
                body = fault.body if fault.body is not None else {"id": "fault", "message": "x"}
                return fault.status, dict(fault.headers), json.dumps(body).encode()
        if not auth_ok:
            return _error(401, "unauthorized", "Invalid credentials provided.")
        wanted = JSON_API if path.startswith(SCHEDULER_PREFIX) else HEROKU_ACCEPT
        if headers.get("accept") != wanted:
            return _error(400, "bad_request", f"Accept must be {wanted}")
        if path not in self.routes:
            return _error(404, "not_found", "Couldn't find that resource.")
        data = self.routes[path][1]
        if isinstance(data, list):
            return self._page(data, headers.get("range"))
        return 200, {}, json.dumps(data).encode()

    def _page(
        self, items: list[Any], range_header: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        """Heroku-style ranges: ``id ]<cursor>..; max=N`` and ``version ..; max=N, order=desc``."""
        start, size = 0, self.page_size
        field_name = "id"
        if range_header:
            field_name = range_header.split()[0]
            if "order=desc" in range_header:
                items = list(reversed(items))
            cursor = re.search(r"\](\d+)\.\.", range_header)
            start = int(cursor.group(1)) if cursor else 0
            limit = re.search(r"max=(\d+)", range_header)
            size = min(int(limit.group(1)), 1000) if limit else size
        page = items[start : start + size]
        end = start + len(page)
        headers = {"Content-Range": f"{field_name} {start}..{end}; max={size}"}
        if end < len(items):
            headers["Next-Range"] = f"{field_name} ]{end}..; max={size}"
            return 206, headers, json.dumps(page).encode()
        return (206 if range_header else 200), headers, json.dumps(page).encode()


def _error(status: int, ident: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {}, json.dumps({"id": ident, "message": message}).encode()


def _handler(api: FakePlatformApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, body = api.answer(path, headers)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


# -- fixture builders: objects shaped like definitions/<resource> ------------------------------


def _ref(name: str, app_name: str) -> dict[str, str]:
    return {"id": uid(f"app:{app_name}"), "name": app_name}


def app_object(
    name: str, *, team: str | None = "acme", generation: str = "cedar"
) -> dict[str, Any]:
    return {
        "acm": True,
        "archived_at": None,
        "buildpack_provided_description": "Ruby/Rack",
        "build_stack": {"id": uid("stack:heroku-24"), "name": "heroku-24"},
        "created_at": _T,
        "generation": {"id": uid(f"gen:{generation}"), "name": generation},
        "git_url": f"https://git.heroku.com/{name}.git",
        "id": uid(f"app:{name}"),
        "internal_routing": False,
        "maintenance": False,
        "name": name,
        "owner": {"email": "owner@example.com", "id": uid("owner")},
        "organization": {"id": uid(f"team:{team}"), "name": team} if team else None,
        "team": {"id": uid(f"team:{team}"), "name": team} if team else None,
        "region": {"id": uid("region:eu"), "name": "eu"},
        "released_at": _T,
        "repo_size": None,
        "slug_size": 52428800,
        "space": None,
        "stack": {"id": uid("stack:heroku-24"), "name": "heroku-24"},
        "updated_at": _T,
        "web_url": f"https://{name}-1a2b3c4d5e6f.herokuapp.com/",
    }


def formation_object(app: str, kind: str, command: str, quantity: int, size: str) -> dict[str, Any]:
    return {
        "app": _ref("app", app),
        "command": command,
        "created_at": _T,
        "id": uid(f"formation:{app}:{kind}"),
        "quantity": quantity,
        "size": size,
        "dyno_size": {"id": uid(f"size:{size}"), "name": size},
        "type": kind,
        "updated_at": _T,
    }


def dyno_size_object(name: str, memory: float, compute: int, dedicated: bool) -> dict[str, Any]:
    return {
        "architecture": "amd64",
        "compute": compute,
        "cost": None,
        "dedicated": dedicated,
        "generation": {"id": uid("gen:cedar"), "name": "cedar"},
        "id": uid(f"size:{name}"),
        "memory": memory,
        "name": name,
        "precise_dyno_units": 1.0,
        "private_space_only": False,
    }


# Heroku's list prices of the plans the fake serves (cents a month).
PLAN_CENTS = {"heroku-postgresql:standard-0": 5000, "heroku-redis:premium-0": 1500}


def addon_object(
    app: str, name: str, service: str, plan: str, config_vars: list[str]
) -> dict[str, Any]:
    return {
        "actions": [],
        "addon_service": {"id": uid(f"service:{service}"), "name": service},
        "billing_entity": {"id": uid(f"app:{app}"), "name": app, "type": "app"},
        "app": _ref("app", app),
        "billed_price": {"cents": PLAN_CENTS.get(plan, 0), "contract": False, "unit": "month"},
        "config_vars": config_vars,
        "created_at": _T,
        "id": uid(f"addon:{name}"),
        "name": name,
        "plan": {"id": uid(f"plan:{plan}"), "name": plan},
        "provider_id": f"resource-{name}",
        "state": "provisioned",
        "updated_at": _T,
        "web_url": f"https://addons-sso.heroku.com/apps/{uid('app:' + app)}/addons/{uid('addon:' + name)}",
    }


def attachment_object(
    app: str, addon: str, name: str, billing_app: str | None = None
) -> dict[str, Any]:
    return {
        "addon": {
            "id": uid(f"addon:{addon}"),
            "name": addon,
            "app": _ref("app", billing_app or app),
        },
        "app": _ref("app", app),
        "created_at": _T,
        "id": uid(f"attachment:{app}:{name}"),
        "name": name,
        "namespace": None,
        "updated_at": _T,
        "web_url": None,
        "log_input_url": None,
    }


def domain_object(app: str, hostname: str, kind: str) -> dict[str, Any]:
    custom = kind == "custom"
    return {
        "acm_status": "cert issued" if custom else None,
        "acm_status_reason": None,
        "app": _ref("app", app),
        "cname": f"{hostname.split('.')[0]}-1234.herokudns.com" if custom else None,
        "created_at": _T,
        "hostname": hostname,
        "id": uid(f"domain:{hostname}"),
        "kind": kind,
        "updated_at": _T,
        "status": "succeeded",
        "sni_endpoint": None,
    }


def buildpack_object(ordinal: int, name: str) -> dict[str, Any]:
    return {"ordinal": ordinal, "buildpack": {"url": name, "name": name}}


def feature_object(name: str, enabled: bool) -> dict[str, Any]:
    return {
        "created_at": _T,
        "description": f"{name} feature",
        "doc_url": f"https://devcenter.heroku.com/articles/{name}",
        "enabled": enabled,
        "id": uid(f"feature:{name}"),
        "name": name,
        "state": "general",
        "updated_at": _T,
        "display_name": name,
        "feedback_email": "feedback@heroku.com",
    }


def log_drain_object(app: str, url: str, addon: str | None) -> dict[str, Any]:
    return {
        "addon": {"id": uid(f"addon:{addon}"), "name": addon, "app": _ref("app", app)}
        if addon
        else None,
        "app": _ref("app", app),
        "created_at": _T,
        "id": uid(f"drain:{url}"),
        "token": "d.01234567-89ab-cdef-0123-456789abcdef",
        "updated_at": _T,
        "url": url,
    }


def coupling_object(app: str, pipeline: str, stage: str) -> dict[str, Any]:
    return {
        "app": {"id": uid(f"app:{app}")},
        "created_at": _T,
        "id": uid(f"coupling:{app}"),
        "pipeline": {"id": uid(f"pipeline:{pipeline}")},
        "stage": stage,
        "updated_at": _T,
    }


def pipeline_object(name: str) -> dict[str, Any]:
    return {
        "created_at": _T,
        "id": uid(f"pipeline:{name}"),
        "name": name,
        "owner": {"id": uid("team:acme"), "type": "team"},
        "updated_at": _T,
        "generation": {"id": uid("gen:cedar"), "name": "cedar"},
    }


def release_object(
    app: str, version: int, *, current: bool, status: str = "succeeded"
) -> dict[str, Any]:
    slug = {"id": uid(f"slug:{app}:{version}")}
    return {
        "addon_plan_names": ["heroku-postgresql:standard-0"],
        "artifacts": [{"type": "slug", "id": slug["id"]}],
        "app": _ref("app", app),
        "created_at": _T,
        "description": f"Deploy {version:07x}",
        "id": uid(f"release:{app}:{version}"),
        "updated_at": _T,
        "slug": slug,
        "status": status,
        "user": {"id": uid("owner"), "email": "owner@example.com"},
        "version": version,
        "current": current,
        "output_stream_url": None,
        "eligible_for_rollback": True,
    }


def slug_object(
    app: str, version: int, process_types: dict[str, str], commit: str
) -> dict[str, Any]:
    return {
        "blob": {"method": "GET", "url": "https://slug-blobs.example/slug.tgz"},
        "buildpack_provided_description": "Ruby/Rack",
        "checksum": "SHA256:" + "0" * 64,
        "commit": commit,
        "commit_description": "fix: things",
        "created_at": _T,
        "id": uid(f"slug:{app}:{version}"),
        "process_types": process_types,
        "size": 52428800,
        "stack": {"id": uid("stack:heroku-24"), "name": "heroku-24"},
        "updated_at": _T,
    }


def review_app_config_object(pipeline: str) -> dict[str, Any]:
    return {
        "repo": {"id": 1296269},
        "automatic_review_apps": True,
        "deploy_target": None,
        "destroy_stale_apps": True,
        "stale_days": 5,
        "pipeline_id": uid(f"pipeline:{pipeline}"),
        "wait_for_ci": False,
        "base_name": pipeline,
    }


def scheduler_jobs_object(jobs: list[tuple[str, int, int, str]]) -> dict[str, Any]:
    return {
        "data": [
            {
                "id": uid(f"job:{command}"),
                "type": "jobs",
                "attributes": {
                    "command": command,
                    "dyno-size": size,
                    "every": every,
                    "at": at,
                    "created-at": _T,
                    "ran-at": None,
                },
            }
            for command, every, at, size in jobs
        ]
    }


_PROCESS_TYPES = {
    "web": "bundle exec puma -C config/puma.rb",
    "worker": "bundle exec sidekiq -C config/sidekiq.yml",
    "release": "bundle exec rails db:migrate",
}
_COMMIT = "60883d9e8947a57e04dc9124f25df004866a2051"


def _secret(label: str) -> str:
    # Long, distinctive and greppable: if any of these shows up in a file, it leaked.
    return f"s3cr3t{label}{uuid.uuid5(uuid.NAMESPACE_DNS, label).hex}"


def build_app(
    name: str = "acme-shop",
    *,
    addons: int = 3,
    config_vars: int = 4,
    domains: int = 3,
    pipeline: bool = True,
    scheduler: bool = True,
    releases: int = 3,
) -> AppFixture:
    """Routes for one app: a web/worker/release formation, ``addons`` add-ons (the first a
    Postgres database attached twice, the last Heroku Scheduler when ``scheduler``), ``config_vars``
    extra user vars, ``domains`` custom domains, a pipeline with a staging app."""
    app_id = uid(f"app:{name}")
    base = f"/apps/{name}"
    routes: dict[str, tuple[str | None, Any]] = {}
    secrets: list[str] = []

    def put(path: str, definition: str | None, data: Any) -> None:
        routes[path] = (definition, data)

    put(base, "app", app_object(name))
    put(f"/apps/{app_id}", "app", app_object(name))
    put(
        f"{base}/formation",
        "formation",
        [
            formation_object(name, "web", _PROCESS_TYPES["web"], 2, "Standard-2X"),
            formation_object(name, "worker", _PROCESS_TYPES["worker"], 1, "Standard-1X"),
            formation_object(name, "release", _PROCESS_TYPES["release"], 0, "Standard-1X"),
        ],
    )
    put("/dyno-sizes/Standard-1X", "dyno-size", dyno_size_object("Standard-1X", 0.5, 1, False))
    put("/dyno-sizes/Standard-2X", "dyno-size", dyno_size_object("Standard-2X", 1.0, 2, False))

    addon_list, attachment_list = [], []
    config: dict[str, str] = {
        "RAILS_ENV": "production",
        "WEB_CONCURRENCY": "2",
        "HEROKU_APP_NAME": name,
    }
    secret_key = _secret("SECRET_KEY_BASE")
    config["SECRET_KEY_BASE"] = secret_key
    secrets.append(secret_key)
    stripe = _secret("stripe")
    config["STRIPE_API_KEY"] = stripe
    secrets.append(stripe)
    for index in range(addons):
        if index == 0:
            addon, service, plan, attach = (
                "postgresql-curved-12345",
                "heroku-postgresql",
                "heroku-postgresql:standard-0",
                "DATABASE",
            )
        elif scheduler and index == addons - 1:
            addon, service, plan, attach = (
                "scheduler-nimble-33333",
                "scheduler",
                "scheduler:standard",
                "SCHEDULER",
            )
        else:
            addon, service, plan, attach = (
                f"redis-shallow-{index:05d}",
                "heroku-redis",
                "heroku-redis:premium-0",
                f"REDIS_{index}",
            )
        variables = [] if service == "scheduler" else [f"{attach}_URL"]
        addon_list.append(addon_object(name, addon, service, plan, variables))
        attachment_list.append(attachment_object(name, addon, attach))
        for var in variables:
            value = f"postgres://u{index}:{_secret(addon)}@db{index}.example.com:5432/d{index}"
            config[var] = value
            secrets.append(value)
        if index == 0:  # the same database under a second name, as `heroku addons:attach` does
            attachment_list.append(attachment_object(name, addon, "HEROKU_POSTGRESQL_CRIMSON"))
            config["HEROKU_POSTGRESQL_CRIMSON_URL"] = config["DATABASE_URL"]
    for index in range(config_vars):
        config[f"SETTING_{index:03d}"] = f"value-{index}"
    put(f"{base}/addons", "add-on", addon_list)
    put(f"{base}/addon-attachments", "add-on-attachment", attachment_list)
    put(f"{base}/config-vars", "config-var", config)

    domain_list = [domain_object(name, f"{name}-1a2b3c4d5e6f.herokuapp.com", "heroku")]
    domain_list += [domain_object(name, f"www{i}.acme.example", "custom") for i in range(domains)]
    put(f"{base}/domains", "domain", domain_list)
    put(
        f"{base}/buildpack-installations",
        "buildpack-installation",
        [buildpack_object(0, "heroku/nodejs"), buildpack_object(1, "heroku/ruby")],
    )
    put(
        f"{base}/features",
        "app-feature",
        [feature_object("preboot", True), feature_object("http-session-affinity", False)],
    )
    drain_token = _secret("drain")
    secrets.append(drain_token)
    put(
        f"{base}/log-drains",
        "log-drain",
        [
            log_drain_object(name, "syslog+tls://logs.papertrailapp.com:12345", None),
            log_drain_object(name, f"https://user:{drain_token}@logs.example.com/drain", None),
        ],
    )
    if pipeline:
        staging = f"{name}-staging"[:30]
        put(
            f"{base}/pipeline-couplings",
            "pipeline-coupling",
            coupling_object(name, name, "production"),
        )
        put(f"/pipelines/{uid('pipeline:' + name)}", "pipeline", pipeline_object(name))
        put(
            f"/pipelines/{uid('pipeline:' + name)}/pipeline-couplings",
            "pipeline-coupling",
            [coupling_object(staging, name, "staging"), coupling_object(name, name, "production")],
        )
        put(f"/apps/{uid('app:' + staging)}", "app", app_object(staging))
        put(
            f"/pipelines/{uid('pipeline:' + name)}/review-app-config",
            "review-app-config",
            review_app_config_object(name),
        )
    put(
        f"{base}/releases",
        "release",
        [release_object(name, v, current=(v == releases)) for v in range(1, releases + 1)],
    )
    put(
        f"{base}/slugs/{uid(f'slug:{name}:{releases}')}",
        "slug",
        slug_object(name, releases, dict(_PROCESS_TYPES), _COMMIT),
    )
    if scheduler:
        put(
            f"{SCHEDULER_PREFIX}/apps/{app_id}/jobs",
            None,
            scheduler_jobs_object(
                [
                    ("bundle exec rake feeds:refresh", 10, 0, "Standard-1X"),
                    ("bundle exec rake cleanup:daily", 1440, 150, "Standard-2X"),
                ]
            ),
        )
    return AppFixture(name, app_id, routes, secrets)


def iter_typed(routes: dict[str, tuple[str | None, Any]]) -> Iterator[tuple[str, str, Any]]:
    """(path, definition, object) for every object served, list items one by one."""
    for path, (definition, data) in sorted(routes.items()):
        if definition is None:
            continue
        for item in data if isinstance(data, list) else [data]:
            yield path, definition, item
