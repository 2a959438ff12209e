"""Read a Heroku app from the Platform API and write its export file (heroku-app-export/v1).

``client`` speaks HTTP (auth, pagination, retries, timeouts), ``fetch`` gathers the answers
concurrently, ``document`` turns them into the export, ``writer`` validates and writes it.
"""

from __future__ import annotations

from herokube.heroku_api.exporter import DEFAULT_API_URL, ExportOptions, ExportResult, run_export

__all__ = ["DEFAULT_API_URL", "ExportOptions", "ExportResult", "run_export"]
