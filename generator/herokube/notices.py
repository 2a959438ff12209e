"""Every notice code the load and plan stages emit, with its severity and what it means.

A notice (:class:`herokube.model.Notice`) is something the input held that herokube did not
carry over, or an assumption it made. Its ``code`` is a public interface like a validate rule
id (``herokube.validate.catalog``): scripts read it from ``--output json``, ``assess`` turns
some into findings, and the commands print it after each warning. Add codes; never rename one.
``tests/test_notices.py`` checks that every code used in the code is here and every code here
is used.

Severity: ``warning`` when a person has to act or something is lost on the way; ``note`` when
herokube decided something a person may want to know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["NOTICES", "NoticeInfo", "NoticeSeverity"]

NoticeSeverity = Literal["warning", "note"]


@dataclass(frozen=True)
class NoticeInfo:
    """What a notice code means."""

    code: str
    severity: NoticeSeverity
    summary: str


_W: NoticeSeverity = "warning"
_N: NoticeSeverity = "note"

NOTICES: dict[str, NoticeInfo] = {
    info.code: info
    for info in (
        # The export file and app.json
        NoticeInfo(
            "export-unknown-key", _N, "a key the export format does not define; kept, unused"
        ),
        NoticeInfo("export-warning", _W, "the exporter could not read part of the app"),
        NoticeInfo("app-json-ignored", _W, "a part of app.json Heroku would not read either"),
        NoticeInfo("app-json-unknown-key", _N, "a key or script of app.json Heroku does not run"),
        NoticeInfo("ci-addon-skipped", _W, "a Heroku CI test add-on with no service container"),
        NoticeInfo("stack-unknown", _W, "the app's stack is not a Heroku stack herokube knows"),
        NoticeInfo("stack-eol", _W, "the app's Heroku stack reached end of life"),
        # Processes
        NoticeInfo("no-procfile", _N, "no Procfile: the buildpack's default processes are used"),
        NoticeInfo("procfile-path", _N, "PROCFILE_PATH names the Procfile that is read"),
        NoticeInfo("procfile-ignored", _N, "a Procfile variant Heroku does not read"),
        NoticeInfo("procfile-line-ignored", _W, "a Procfile line Heroku ignores"),
        NoticeInfo("procfile-duplicate", _W, "a process type defined twice; the last one wins"),
        NoticeInfo("process-not-in-formation", _N, "a Procfile process Heroku did not run"),
        NoticeInfo("process-renamed", _N, "a process type that is not a DNS label, renamed"),
        NoticeInfo(
            "command-credential-moved", _W, "a credential in a command now comes from the store"
        ),
        NoticeInfo("repository-ignored", _N, "a repository that is not a Git URL, left out"),
        NoticeInfo("domain-idn", _N, "an internationalised domain, written as punycode"),
        NoticeInfo("domain-wildcard", _W, "a wildcard domain: its certificate needs DNS-01"),
        NoticeInfo("procfile-latin-1", _N, "a Procfile that is not UTF-8, read as Latin-1"),
        NoticeInfo(
            "buildpack-partial", _W, "a buildpack's build step is reproduced, not its start script"
        ),
        NoticeInfo(
            "image-version-unpublished", _W, "no image for that exact version: the nearest is used"
        ),
        NoticeInfo("no-web-process", _N, "no web process: no Service or Ingress"),
        NoticeInfo("singleton-scaled-down", _N, "a scheduler process runs as one replica"),
        NoticeInfo("autoscaling-metric", _N, "the HPA scales on CPU, not Heroku's response time"),
        NoticeInfo("scheduler-jobs-unknown", _W, "Scheduler jobs are not in the export"),
        # Config vars
        NoticeInfo("config-var-platform", _N, "a variable Heroku or the chart sets; not carried"),
        NoticeInfo("config-var-build-time", _N, "a buildpack control; belongs to the build"),
        NoticeInfo("config-var-treated-as-secret", _W, "a credential-like variable from the store"),
        NoticeInfo("config-var-required", _W, "a required variable without a value"),
        NoticeInfo("jdbc-derived", _N, "JDBC_* variables the JVM buildpack derived"),
        # Add-ons
        NoticeInfo("addon-unknown", _W, "an add-on without a blueprint stays external"),
        NoticeInfo("addon-retired", _W, "a retired add-on; move to its successor"),
        NoticeInfo("addon-variables-unknown", _W, "an unknown add-on's variables are not known"),
        NoticeInfo("postgres-none", _N, "--postgres cloudnative-pg without Heroku Postgres"),
        NoticeInfo("postgres-extra", _N, "a second database stays external"),
        NoticeInfo("postgres-version-unknown", _W, "no Postgres version: the default major runs"),
        NoticeInfo("redis-none", _N, "--redis in-cluster without Heroku Redis"),
        NoticeInfo("redis-extra", _N, "a second Redis stays external"),
        NoticeInfo(
            "redis-plan-unknown", _W, "an unknown Redis plan: the in-cluster size is a guess"
        ),
        NoticeInfo("redis-queue-eviction", _W, "a job queue uses this Redis: eviction turned off"),
        # Review apps
        NoticeInfo("review-apps-skipped", _W, "review apps without a GitHub repository: none"),
        NoticeInfo("review-addon-shared", _N, "a review add-on not made per pull request"),
        NoticeInfo("review-setting-ignored", _W, "a part of environments.review not carried"),
        # --logging logging-operator
        NoticeInfo("logging-no-drains", _N, "no log drain: the Flow sends to cluster outputs"),
        NoticeInfo("log-drain-not-carried", _W, "a log drain no operator Output carries as is"),
        NoticeInfo("log-drain-json", _N, "an HTTPS drain receives JSON, not logplex frames"),
        NoticeInfo("load-test-no-web", _N, "--load-test k6 without a web process: no script"),
        # Runtime detection and the Dockerfile
        NoticeInfo(
            "runtime-guessed", _W, "no source tree or buildpack list: the language is guessed"
        ),
        NoticeInfo("runtime-unknown", _W, "no language found: the base image is chosen by hand"),
        NoticeInfo("runtime-multiple-languages", _N, "several languages' files; one is built"),
        NoticeInfo("runtime-file-unreadable", _W, "a runtime file that does not parse; ignored"),
        NoticeInfo("runtime-version-unreadable", _W, "a declared version herokube cannot read"),
        NoticeInfo("runtime-version-unresolved", _W, "no known release satisfies the version"),
        NoticeInfo("runtime-version-unknown", _W, "a version not in blueprints/runtimes.yaml"),
        NoticeInfo("runtime-version-conflict", _W, "two files declare different versions"),
        NoticeInfo("runtime-eol", _W, "the declared language version reached end of life"),
        NoticeInfo("buildpack-unknown", _W, "a buildpack herokube does not reproduce"),
        NoticeInfo("buildpack-without-manifest", _W, "a language buildpack without its manifest"),
        NoticeInfo("buildpack-system-packages", _N, "system buildpacks become Debian packages"),
        NoticeInfo("node-lockfiles", _W, "several Node lock files; Heroku's choice is used"),
        NoticeInfo("node-package-manager-unknown", _W, "an unknown package manager; npm is used"),
        NoticeInfo("build-step-needs-database", _W, "a build step that needs the database"),
        NoticeInfo("python-runtime-txt", _N, "runtime.txt is deprecated on Heroku"),
        NoticeInfo("python-requirements-missing", _W, "an included requirements file is missing"),
        NoticeInfo("python-lockfile-missing", _W, "no lock file: dependencies resolve at build"),
    )
}
