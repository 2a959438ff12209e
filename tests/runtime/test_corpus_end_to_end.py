"""`herokube new <corpus app>` end to end: it succeeds and the Dockerfile has the expected base."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path("/work/shared/corpus")

# app → the runtime stage's base image (the same table as test_corpus.EXPECTED, kept apart so
# this file reads alone).
RUNTIME_IMAGE = {
    "errbit__errbit": "ruby:4.0.6-slim-trixie",
    "heroku__go-getting-started": "debian:bookworm-20241202-slim",
    "heroku__java-getting-started": "eclipse-temurin:17.0.13_11-jre-noble",
    "heroku__node-js-sample": "node:4.0.0-slim",
    "heroku__php-getting-started": "php:8.4.1-apache-bookworm",
    "heroku__python-getting-started": "python:3.14.0-slim-trixie",
    "heroku__ruby-getting-started": "ruby:3.4.1-slim-bookworm",
    "huginn__huginn": "ruby:4.0.6-slim-trixie",
    "miguelgrinberg__microblog": "python:3.13.1-slim-bookworm",
    "outline__outline": "node:26.3.0-trixie-slim",
    "parse-community__parse-server-example": "node:22.14.0-bookworm-slim",
    "sosedoff__pgweb": "debian:bookworm-20241202-slim",
    "wagtail__bakerydemo": "python:3.12.1-slim-bookworm",
}


@pytest.mark.parametrize("name", sorted(RUNTIME_IMAGE))
def test_herokube_new_on_corpus_app(name: str, tmp_path: Path) -> None:
    source = CORPUS / name
    if not source.is_dir():
        pytest.skip(f"corpus app {name} is not present at {CORPUS}")
    out = tmp_path / "repo"
    env = {**os.environ, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}
    result = subprocess.run(
        # A corpus tree is no Git checkout: the tag CI pushed is given, as a person would.
        [sys.executable, "-m", "herokube", "new", str(source), "--out", str(out)]
        + ["--image-tag", "1.0.0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    dockerfile = (out / "Dockerfile").read_text()
    assert f"FROM {RUNTIME_IMAGE[name]} AS runtime" in dockerfile
    assert dockerfile.rstrip().splitlines()[-2] == 'ENTRYPOINT ["/usr/bin/tini", "-g", "--"]'
    assert (out / ".dockerignore").is_file()
