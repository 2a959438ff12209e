"""GitHub Actions workflows: a strict YAML parse and the workflow JSON schema.

The schema is the one check-jsonschema vendors (SchemaStore's ``github-workflow.json``),
read from that package's files so nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from herokube.validate.catalog import rule_finding
from herokube.validate.findings import Finding, Resource
from herokube.validate.schema_check import CompiledSchema
from herokube.yamldocs import YamlSyntaxError, load_documents

__all__ = ["check_workflow", "workflow_files", "workflow_schema_path"]


def workflow_schema_path() -> Path:
    """``check_jsonschema/builtin_schemas/vendor/github-workflows.json`` in site-packages."""
    spec = importlib.util.find_spec("check_jsonschema")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("check-jsonschema is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    return base / "builtin_schemas" / "vendor" / "github-workflows.json"


@lru_cache(maxsize=1)
def _validator() -> CompiledSchema:
    return CompiledSchema(json.loads(workflow_schema_path().read_bytes()))


# app-workflows/ holds the image workflow the deployment repository ships for the app's own
# repository (docs/ci.md): checked here, as it runs there.
_WORKFLOW_FOLDERS = ("workflows", "app-workflows")


def workflow_files(repository: Path) -> list[Path]:
    """``.github/workflows/`` and ``.github/app-workflows/``: ``*.yml`` and ``*.yaml``, sorted."""
    found: list[Path] = []
    for name in _WORKFLOW_FOLDERS:
        folder = repository / ".github" / name
        if folder.is_dir():
            found += sorted(
                p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file()
            )
    return found


def _dotted(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def check_workflow(repository: Path, path: Path) -> list[Finding]:
    """Findings for one workflow file."""
    file = path.relative_to(repository).as_posix()
    try:
        documents = load_documents(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        where = Resource("", file, "Workflow", "")
        return [rule_finding(where, "yaml-syntax", error.message, line=error.line)]
    except (OSError, UnicodeDecodeError) as error:
        where = Resource("", file, "Workflow", "")
        return [rule_finding(where, "yaml-syntax", f"cannot read: {error}")]
    findings: list[Finding] = []
    for document in documents:
        data = document.data
        name = str(data.get("name") or "") if isinstance(data, dict) else ""
        where = Resource("", file, "Workflow", name)
        for duplicate in document.duplicates:
            findings.append(
                rule_finding(
                    where,
                    "yaml-duplicate-key",
                    f"duplicate key {duplicate.key!r}",
                    line=duplicate.line,
                )
            )
        try:
            validator = _validator()
        except (OSError, ValueError) as error:
            findings.append(rule_finding(where, "workflow-schema", f"no workflow schema: {error}"))
            continue
        if validator.check(data):
            continue  # surely valid: jsonschema is not even imported
        from jsonschema.exceptions import best_match

        for problem in validator.iter_errors(data):
            best = best_match([problem]) or problem
            field = _dotted(best.absolute_path)
            message = f"{field}: {best.message}" if field else best.message
            findings.append(
                rule_finding(
                    where,
                    "workflow-schema",
                    message,
                    field=field,
                    line=document.line,
                )
            )
    return findings
