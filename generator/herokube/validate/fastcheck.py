"""A yes/no JSON-schema check compiled to closures, to skip jsonschema on valid documents.

``jsonschema`` walks the schema anew for every document and builds an error object for
every branch of every ``oneOf``; most rendered documents are valid, and for them only the
answer matters. :func:`compile_check` turns a schema into nested closures once (``$ref``
resolved once, recursion through a cell) that answer "valid?" fast. It is sound, never
exact about errors: a keyword it does not implement makes it answer False (the doubt is
raised through every ``not``/``anyOf``/``oneOf`` above it, never negated), and the caller
then asks jsonschema for the full list of errors, so findings stay the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["Check", "compile_check", "never"]

Check = Callable[[Any], bool]

# Keywords that only annotate (jsonschema does not assert them without a format checker).
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "default",
        "examples",
        "format",
        "$schema",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "definitions",
        "$defs",
        "nullable",
        "discriminator",
        "fields-to-discriminateBy",
        "contentEncoding",
        "contentMediaType",
    }
)
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


class _Unsure(Exception):
    """Raised by the check of a schema part this module cannot judge."""


def never(_: Any) -> bool:
    """The check of a schema this module cannot judge: the whole answer becomes "ask jsonschema".

    It raises rather than returning False, so no ``not``, ``anyOf`` or ``oneOf`` above it
    can turn the doubt into a wrong "valid".
    """
    raise _Unsure


def _always(_: Any) -> bool:
    return True


class _Compiler:
    def __init__(self, resolver: Any, legacy_ref: bool) -> None:
        self.resolver = resolver
        self.legacy_ref = legacy_ref  # drafts up to 7: "$ref" hides its sibling keywords
        self.cache: dict[int, list[Check]] = {}

    def compile(self, schema: Any, resolver: Any) -> Check:
        if schema is True or schema == {}:
            return _always
        if schema is False:
            return lambda _: False
        if not isinstance(schema, dict):
            return never
        known = self.cache.get(id(schema))
        if known is not None:
            return lambda value: known[0](value)  # recursion: filled in once compiled
        cell: list[Check] = [never]
        self.cache[id(schema)] = cell
        cell[0] = self._compile(schema, resolver)
        return cell[0]

    def lazy(self, schema: Any, resolver: Any) -> Check:
        """``compile`` deferred to the first document that reaches this part of the schema.

        A Deployment's schema reaches most of the API's definitions; documents use few.
        """
        cell: list[Check] = []

        def check(value: Any) -> bool:
            if not cell:
                cell.append(self.compile(schema, resolver))
            return cell[0](value)

        return check

    def _compile(self, schema: dict[str, Any], resolver: Any) -> Check:
        if "$id" in schema and schema is not self.root:
            return never  # a new base URI: leave it to jsonschema
        checks: list[Check] = []
        keys = ["$ref"] if self.legacy_ref and "$ref" in schema else list(schema)
        for key in keys:
            if key in _ANNOTATIONS or key.startswith("x-") or key == "$id":
                continue
            check = self._keyword(key, schema[key], schema, resolver)
            if check is None:
                return never
            checks.append(check)
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def _keyword(self, key: str, arg: Any, schema: dict[str, Any], resolver: Any) -> Check | None:
        handler = getattr(self, "_k_" + key.lstrip("$"), None)
        if handler is None:
            return None
        result: Check | None = handler(arg, schema, resolver)
        return result

    def _k_ref(self, ref: str, _schema: dict[str, Any], resolver: Any) -> Check | None:
        if resolver is None:
            return None
        resolved = resolver.lookup(ref)
        return self.lazy(resolved.contents, resolved.resolver)

    def _k_type(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        names = [arg] if isinstance(arg, str) else list(arg)
        if any(name not in _TYPES for name in names):
            return None
        tests = [_TYPES[name] for name in names]
        if len(tests) == 1:
            return tests[0]
        return lambda value: any(test(value) for test in tests)

    def _k_enum(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        options = list(arg)
        # jsonschema's equality: 1 == True is not equal, 1 == 1.0 is.
        return lambda value: any(
            value == option and isinstance(value, bool) == isinstance(option, bool)
            for option in options
        )

    def _k_const(self, arg: Any, schema: dict[str, Any], resolver: Any) -> Check | None:
        return self._k_enum([arg], schema, resolver)

    def _k_properties(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        compiled = {name: self.lazy(sub, resolver) for name, sub in arg.items()}

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name, item in value.items():
                test = compiled.get(name)
                if test is not None and not test(item):
                    return False
            return True

        return check

    def _k_patternProperties(
        self, arg: Any, _schema: dict[str, Any], resolver: Any
    ) -> Check | None:
        compiled = [(re.compile(p), self.lazy(sub, resolver)) for p, sub in arg.items()]
        return lambda value: (
            not isinstance(value, dict)
            or all(
                test(item)
                for name, item in value.items()
                for pattern, test in compiled
                if pattern.search(name)
            )
        )

    def _k_additionalProperties(
        self, arg: Any, schema: dict[str, Any], resolver: Any
    ) -> Check | None:
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        test = self.lazy(arg, resolver)

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name, item in value.items():
                if name in known or any(p.search(name) for p in patterns):
                    continue
                if not test(item):
                    return False
            return True

        return check

    def _k_required(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        names = list(arg)
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)

    def _k_items(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        if isinstance(arg, list):
            return None  # tuple validation (draft 4-7 "items" array): not used here
        test = self.lazy(arg, resolver)
        return lambda value: not isinstance(value, list) or all(test(item) for item in value)

    def _combined(self, arg: Any, resolver: Any) -> list[Check]:
        return [self.compile(sub, resolver) for sub in arg]

    def _k_allOf(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        tests = self._combined(arg, resolver)
        return lambda value: all(test(value) for test in tests)

    def _k_anyOf(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        tests = self._combined(arg, resolver)
        return lambda value: any(test(value) for test in tests)

    def _k_oneOf(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        tests = self._combined(arg, resolver)
        return lambda value: sum(1 for test in tests if test(value)) == 1

    def _k_not(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        test = self.compile(arg, resolver)
        return lambda value: not test(value)

    def _k_pattern(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        pattern = re.compile(arg)
        return lambda value: not isinstance(value, str) or pattern.search(value) is not None

    def _k_minLength(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, str) or len(value) >= arg

    def _k_maxLength(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, str) or len(value) <= arg

    def _k_minItems(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, list) or len(value) >= arg

    def _k_maxItems(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, list) or len(value) <= arg

    def _k_minProperties(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, dict) or len(value) >= arg

    def _k_maxProperties(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not isinstance(value, dict) or len(value) <= arg

    def _k_minimum(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not _TYPES["number"](value) or value >= arg

    def _k_maximum(self, arg: Any, _schema: dict[str, Any], _resolver: Any) -> Check | None:
        return lambda value: not _TYPES["number"](value) or value <= arg

    def _k_dependencies(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        """Drafts 4-7: a present property requires other properties, or a schema."""
        rules: list[tuple[str, list[str] | None, Check | None]] = []
        for name, need in arg.items():
            if isinstance(need, list):
                rules.append((name, list(need), None))
            else:
                rules.append((name, None, self.lazy(need, resolver)))

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name, names, test in rules:
                if name not in value:
                    continue
                if names is not None and any(other not in value for other in names):
                    return False
                if test is not None and not test(value):
                    return False
            return True

        return check

    def _k_dependentRequired(self, arg: Any, schema: dict[str, Any], resolver: Any) -> Check | None:
        return self._k_dependencies(arg, schema, resolver)

    def _k_dependentSchemas(self, arg: Any, schema: dict[str, Any], resolver: Any) -> Check | None:
        return self._k_dependencies(arg, schema, resolver)

    def _k_propertyNames(self, arg: Any, _schema: dict[str, Any], resolver: Any) -> Check | None:
        test = self.lazy(arg, resolver)
        return lambda value: not isinstance(value, dict) or all(test(name) for name in value)

    def _k_exclusiveMinimum(
        self, arg: Any, _schema: dict[str, Any], _resolver: Any
    ) -> Check | None:
        if isinstance(arg, bool):
            return None  # draft 4's boolean form
        return lambda value: not _TYPES["number"](value) or value > arg

    def _k_exclusiveMaximum(
        self, arg: Any, _schema: dict[str, Any], _resolver: Any
    ) -> Check | None:
        if isinstance(arg, bool):
            return None
        return lambda value: not _TYPES["number"](value) or value < arg

    root: Any = None


def compile_check(schema: Any, resolver: Any, *, legacy_ref: bool = False) -> Check:
    """A function answering whether a document is valid for ``schema`` (False when unsure).

    ``resolver`` is a ``referencing`` resolver for the schema's ``$ref`` (None: a ``$ref``
    makes the check unsure); ``legacy_ref`` gives drafts 4-7 their ``$ref`` semantics.
    """
    compiler = _Compiler(resolver, legacy_ref)
    compiler.root = schema
    compiled = compiler.compile(schema, resolver)

    def check(document: Any) -> bool:
        try:
            return compiled(document)
        except _Unsure:
            return False

    return check
