#!/usr/bin/env python3
"""Generate herokube's CRD JSON schemas from CustomResourceDefinition YAML files.

    python scripts/build_crd_schemas.py                       # /work/shared/schemas → package
    python scripts/build_crd_schemas.py --source DIR --out DIR [--no-strict]

Reads the CRD files herokube ships schemas for (``SHIPPED``: the kinds a generated repository or
the fleet's platform repository writes; ``--all`` reads every ``*/*.yaml``), and
writes ``{group}/{kind}_{version}.json`` (kind in lower case) for each served version into
``generator/herokube/schemas/crds/``. The conversion lives in ``herokube.validate.crds`` so the
test that compares the shipped files with a fresh conversion runs the very same code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generator"))

from herokube.validate.crds import (  # noqa: E402
    CRD_SCHEMA_DIR,
    crd_to_schemas,
    has_additional_properties_false,
)

DEFAULT_SOURCE = Path("/work/shared/schemas")

# Only the kinds herokube writes: a schema for a kind it never writes would be dead weight in the
# wheel, and a missing one would let a typo through validate.
SHIPPED = (
    "argocd/application-crd.yaml",
    "argocd/applicationset-crd.yaml",
    "argocd/appproject-crd.yaml",
    "cert-manager/cert-manager.io_certificates.yaml",
    "cert-manager/cert-manager.io_clusterissuers.yaml",
    "cert-manager/cert-manager.io_issuers.yaml",
    "cloudnative-pg/postgresql.cnpg.io_backups.yaml",
    "cloudnative-pg/postgresql.cnpg.io_clusters.yaml",
    "cloudnative-pg/postgresql.cnpg.io_databases.yaml",
    "cloudnative-pg/postgresql.cnpg.io_poolers.yaml",
    "cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml",
    "external-secrets/external-secrets.io_clustersecretstores.yaml",
    "external-secrets/external-secrets.io_externalsecrets.yaml",
    "external-secrets/external-secrets.io_secretstores.yaml",
    "gateway-api/gateway.networking.k8s.io_gateways.yaml",
    "gateway-api/gateway.networking.k8s.io_httproutes.yaml",
    "k6-operator/k6.io_testruns.yaml",
    "logging-operator/logging.banzaicloud.io_clusteroutputs.yaml",
    "logging-operator/logging.banzaicloud.io_flows.yaml",
    "logging-operator/logging.banzaicloud.io_outputs.yaml",
    "plugin-barman-cloud/barmancloud.cnpg.io_objectstores.yaml",
    "prometheus-operator/monitoring.coreos.com_podmonitors.yaml",
    "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml",
    "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
)


def build(source: Path, out: Path, *, strict: bool = True, every: bool = False) -> list[Path]:
    """Convert the ``SHIPPED`` CRDs (``every``: all) under ``source``; write schemas to ``out``."""
    yaml = YAML(typ="safe", pure=True)
    written: list[Path] = []
    files = sorted(source.glob("*/*.yaml")) if every else [source / name for name in SHIPPED]
    for crd_file in files:
        for crd in yaml.load_all(crd_file.read_text(encoding="utf-8")):
            if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
                continue
            if has_additional_properties_false(crd):
                # herokube.validate.crds.loosen relies on this never happening.
                raise SystemExit(
                    f"{crd_file}: sets additionalProperties: false; loosen() would be lossy"
                )
            for relative, schema in crd_to_schemas(crd, strict=strict).items():
                target = out / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(
                    json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8"
                )
                written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="folder of <project>/<crd>.yaml"
    )
    parser.add_argument(
        "--out", type=Path, default=CRD_SCHEMA_DIR, help="where to write the JSON schemas"
    )
    parser.add_argument(
        "--all", action="store_true", help="every CRD under --source, not only SHIPPED"
    )
    parser.add_argument(
        "--no-strict", action="store_true", help="leave objects open to unknown fields"
    )
    args = parser.parse_args()
    if not args.source.is_dir():
        print(f"build_crd_schemas: {args.source}: not a directory", file=sys.stderr)
        return 2
    written = build(args.source, args.out, strict=not args.no_strict, every=args.all)
    for path in written:
        print(path.relative_to(args.out) if path.is_relative_to(args.out) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
