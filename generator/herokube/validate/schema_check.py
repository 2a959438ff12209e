"""A JSON schema ready to check documents: a fast yes/no first, jsonschema only for errors.

Importing jsonschema costs about a third of a second (its format checkers pull in many
modules), more than checking a whole repository. A :class:`CompiledSchema` resolves
``$ref`` with ``referencing`` and answers "valid?" with :mod:`fastcheck`; jsonschema is
imported and its validator built only for a document that check does not pass, so the
errors reported are jsonschema's, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import referencing.jsonschema
from referencing import Registry

from herokube.validate.fastcheck import Check, compile_check

if TYPE_CHECKING:
    import jsonschema

__all__ = ["CompiledSchema"]

_LEGACY = (
    referencing.jsonschema.DRAFT3,
    referencing.jsonschema.DRAFT4,
    referencing.jsonschema.DRAFT6,
    referencing.jsonschema.DRAFT7,
)


class CompiledSchema:
    """One schema: ``check`` answers fast, ``iter_errors`` lists what jsonschema finds.

    ``default_draft`` applies when the schema names no ``$schema`` (draft 7, as
    ``jsonschema.validators.validator_for(..., default=Draft7Validator)``);
    ``force_draft`` overrides it (the Kubernetes schemas are read as draft 2020-12).
    """

    def __init__(
        self,
        schema: dict[str, Any],
        *,
        registry: Registry | None = None,
        force_draft: referencing.Specification[Any] | None = None,
    ) -> None:
        self.schema = schema
        self._given_registry = registry
        self._registry: Registry = registry if registry is not None else Registry()
        self._specification = force_draft or referencing.jsonschema.specification_with(
            str(schema.get("$schema", "")), default=referencing.jsonschema.DRAFT7
        )
        self._forced = force_draft is not None
        self._check: Check | None = None
        self._validator: Any = None

    def check(self, document: Any) -> bool:
        """True when the document is surely valid; False means "ask :meth:`iter_errors`"."""
        if self._check is None:
            resource = self._specification.create_resource(self.schema)
            resolver = self._registry.resolver_with_root(resource)
            self._check = compile_check(
                self.schema, resolver, legacy_ref=self._specification in _LEGACY
            )
        return self._check(document)

    def iter_errors(self, document: Any) -> Iterator[jsonschema.ValidationError]:
        """Every error jsonschema finds (the validator is built on first use)."""
        if self._validator is None:
            self._validator = self._build()
        errors: Iterator[jsonschema.ValidationError] = self._validator.iter_errors(document)
        return errors

    def _build(self) -> Any:
        import jsonschema  # only here: see the module docstring

        if self._forced:
            return jsonschema.Draft202012Validator(self.schema, registry=self._registry)
        factory: Callable[..., Any] = jsonschema.validators.validator_for(
            self.schema, default=jsonschema.Draft7Validator
        )
        if self._given_registry is None:
            return factory(self.schema)  # jsonschema's own default registry, as before
        return factory(self.schema, registry=self._given_registry)
