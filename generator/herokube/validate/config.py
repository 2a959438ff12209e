"""``.herokube.yaml`` at the repository root: which validate rules are switched off.

    validate:
      disable: [pdb, network-policy, hadolint/DL3008]

Disabling ``hadolint`` switches off every hadolint check; ``hadolint/DL3008`` one of them.
Other top-level keys belong to other commands and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from herokube.errors import UserError
from herokube.validate.catalog import is_known_rule
from herokube.validate.findings import Finding
from herokube.yamldocs import YamlSyntaxError, load_documents

__all__ = ["CONFIG_FILE", "ValidateConfig", "load_config"]

CONFIG_FILE = ".herokube.yaml"


@dataclass(frozen=True)
class ValidateConfig:
    """The ``validate`` section of ``.herokube.yaml``."""

    disable: frozenset[str] = frozenset()

    def enabled(self, finding: Finding) -> bool:
        """False when the finding's rule (or its family, ``hadolint``) is switched off."""
        family = finding.rule.partition("/")[0]
        return finding.rule not in self.disable and family not in self.disable


def load_config(repository: Path) -> ValidateConfig:
    """Read ``.herokube.yaml``; a missing file means nothing is disabled.

    Raises:
        UserError: the file is not YAML, has the wrong shape, or names an unknown rule.
    """
    path = repository / CONFIG_FILE
    if not path.is_file():
        return ValidateConfig()
    try:
        documents = load_documents(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        raise UserError(error.message, source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read: {error}", source=str(path)) from None
    if not documents:
        return ValidateConfig()
    root = documents[0].data
    if not isinstance(root, dict):
        raise UserError("must be a mapping", source=str(path))
    section = root.get("validate")
    if section is None:
        return ValidateConfig()
    if not isinstance(section, dict):
        raise UserError("must be a mapping", source=str(path), field="validate")
    unknown = sorted(str(key) for key in section if key != "disable")
    if unknown:
        raise UserError(
            f"unknown key {unknown[0]!r}; known: disable", source=str(path), field="validate"
        )
    disable = section.get("disable") or []
    if not isinstance(disable, list) or not all(isinstance(item, str) for item in disable):
        raise UserError("must be a list of rule ids", source=str(path), field="validate.disable")
    for rule_id in disable:
        if not is_known_rule(rule_id):
            raise UserError(
                f"unknown rule id {rule_id!r} (see docs/validate.md)",
                source=str(path),
                field="validate.disable",
            )
    return ValidateConfig(frozenset(disable))
