"""Version constraints as the ecosystems write them, resolved against ``blueprints/runtimes.yaml``.

One small parser reads the dialects herokube meets in version files:

* npm ``engines`` (``^``, ``~``, ``x`` wildcards, hyphen ranges, ``||``),
* Composer (``^``, ``~`` with Composer's meaning, ``|`` and ``||``, ``,`` or space for AND),
* PEP 440 (``>=3.10,<3.13``, ``==3.12.*``, ``~=``),
* RubyGems (``'>= 3.2', '< 4.0'``, ``~>``),
* and bare versions (``3.12``, ``20``, ``4.0.6``): a partial version means "that line"
  (``3.12`` → any 3.12.x), a full one is an exact pin.

Resolution (``resolve``) picks one concrete version per language: an exact pin is used as is;
otherwise the newest ``latest`` of the blueprint's release lines that satisfies every
declaration. End of life is judged against the blueprint's ``as_of`` date, not the clock, so
the same input always gives the same notices.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from herokube.blueprints import LanguageBlueprint, RuntimesBlueprint, runtimes_blueprint
from herokube.model import Notice

__all__ = [
    "Constraint",
    "Declared",
    "Resolution",
    "parse_constraint",
    "parse_version",
    "resolve",
]

Version = tuple[int, int, int]
_NUM = re.compile(r"^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?")
_OPS = ("~>", ">=", "<=", "==", "!=", "~=", "^", "~", ">", "<", "=")


def parse_version(text: str) -> tuple[Version, int] | None:
    """``"3.12.1"`` → ``((3, 12, 1), 3)``: the padded version and how many parts were given.

    Wildcards (``x``, ``*``) end the given parts; pre-release and build suffixes are dropped.
    """
    match = _NUM.match(text.strip())
    if not match:
        return None
    parts: list[int] = []
    for group in match.groups():
        if group is None or not group.isdigit():
            break
        parts.append(int(group))
    given = len(parts)
    while len(parts) < 3:
        parts.append(0)
    return (parts[0], parts[1], parts[2]), given


def _bump(version: Version, index: int) -> Version:
    """The first version past the line of ``version`` at ``index`` (0 major, 1 minor, 2 patch)."""
    parts = list(version)
    parts[index] += 1
    for i in range(index + 1, 3):
        parts[i] = 0
    return (parts[0], parts[1], parts[2])


Predicate = Callable[[Version], bool]


def _between(low: Version, high: Version | None) -> Predicate:
    return lambda v: v >= low and (high is None or v < high)


def _comparator(op: str, text: str, dialect: str) -> Predicate:
    if text.strip() in ("*", "x", "X", "") and op in ("", "=", ">="):
        return lambda v: True
    parsed = parse_version(text)
    if parsed is None:
        raise ValueError(f"not a version: {text!r}")
    version, given = parsed
    if given == 0:  # "*", "x": anything
        return lambda v: True
    if op in ("", "=", "=="):
        if given == 3:
            return lambda v: v == version
        return _between(version, _bump(version, given - 1))
    if op == "!=":
        inner = _comparator("=", text, dialect)
        return lambda v: not inner(v)
    if op == ">=":
        return lambda v: v >= version
    if op == ">":
        # ">1.2" in npm means above the whole 1.2 line.
        edge = version if given == 3 else _bump(version, given - 1)
        return (lambda v: v > version) if given == 3 else (lambda v: v >= edge)
    if op == "<":
        return lambda v: v < version
    if op == "<=":
        edge = _bump(version, given - 1)
        return (lambda v: v <= version) if given == 3 else (lambda v: v < edge)
    if op == "^":
        first = next((i for i, p in enumerate(version) if p != 0), given - 1)
        return _between(version, _bump(version, min(first, given - 1)))
    if op in ("~>", "~="):
        # Pessimistic: the last given part may grow ("~> 3.2" → < 4.0, "~> 3.2.1" → < 3.3).
        return _between(version, _bump(version, max(given - 2, 0)))
    if op == "~":
        if dialect == "composer":
            return _between(version, _bump(version, max(given - 2, 0)))
        return _between(version, _bump(version, 0 if given == 1 else 1))
    raise ValueError(f"unknown operator {op!r}")


@dataclass(frozen=True)
class Constraint:
    """A parsed declaration: alternatives (OR) of comparator sets (AND)."""

    text: str
    alternatives: tuple[tuple[Predicate, ...], ...]
    exact: Version | None = None
    """Set when the declaration names one full version (``4.0.6``, ``==3.12.1``)."""

    def allows(self, version: Version) -> bool:
        return any(all(p(version) for p in group) for group in self.alternatives)


def parse_constraint(text: str, dialect: str = "npm") -> Constraint:
    """Parse ``text`` in ``dialect`` (npm, composer, pep440, gem, plain); raise ``ValueError``."""
    cleaned = text.strip().strip("'\"").replace("'", "").replace('"', "")
    if not cleaned:
        raise ValueError("empty version")
    alternatives = []
    exact: Version | None = None
    for alternative in re.split(r"\|\|?", cleaned):
        alternative = alternative.strip()
        hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", alternative)
        if hyphen:
            alternative = f">={hyphen.group(1)} <={hyphen.group(2)}"
        # Glue operators to their versions (">= 3.2" → ">=3.2"), then split on commas and spaces.
        alternative = re.sub(r"(~>|>=|<=|==|!=|~=|\^|~|>|<|=)\s+", r"\1", alternative)
        predicates = []
        tokens = [t for t in re.split(r"[,\s]+", alternative) if t]
        if not tokens:
            raise ValueError(f"empty alternative in {text!r}")
        for token in tokens:
            op = next((o for o in _OPS if token.startswith(o)), "")
            body = token[len(op) :]
            if dialect == "pep440" and body.endswith(".*"):
                body = body[:-2]
            predicates.append(_comparator(op, body, dialect))
            parsed = parse_version(body)
            if len(tokens) == 1 and op in ("", "=", "==") and parsed and parsed[1] == 3:
                exact = parsed[0]
        alternatives.append(tuple(predicates))
    if len(alternatives) > 1:
        exact = None
    return Constraint(cleaned, tuple(alternatives), exact)


@dataclass(frozen=True)
class Declared:
    """One version declaration found in a file: its text, the file, and how to read it."""

    text: str
    source: str
    dialect: str = "plain"


@dataclass(frozen=True)
class Resolution:
    declared: Declared | None
    """The declaration that decides (highest precedence), ``None`` for the default."""
    version: str
    """The concrete version the image will carry."""
    line: str
    eol: str | None
    notices: tuple[Notice, ...] = field(default=())


def _parsed(text: str) -> Version:
    parsed = parse_version(text)
    if parsed is None:
        raise ValueError(f"blueprints/runtimes.yaml: not a version: {text!r}")
    return parsed[0]


def _fmt(version: Version, parts: int = 3) -> str:
    return ".".join(str(p) for p in version[:parts])


def _line_of(version: Version, granularity: str) -> str:
    return _fmt(version, 1 if granularity == "major" else 2)


def _aliases(language: LanguageBlueprint, text: str) -> str:
    return language.aliases.get(text.strip().lower(), text)


def resolve(
    name: str,
    declarations: Sequence[Declared],
    *,
    hints: Sequence[Declared] = (),
    blueprint: RuntimesBlueprint | None = None,
) -> Resolution:
    """Pick the concrete version for language ``name`` from its declarations (highest first).

    ``hints`` (``requires-python``, ``<java.version>`` ...) never pick a version: they only
    steer the choice within a range and raise ``runtime-version-conflict`` when not met.
    """
    data = blueprint or runtimes_blueprint()
    language = data.languages[name]
    lines = language.lines
    granularity = language.line
    notices: list[Notice] = []
    parsed: list[tuple[Declared, Constraint]] = []
    checked: list[tuple[Declared, Constraint]] = []
    for declared in [*declarations, *hints]:
        try:
            entry = (
                declared,
                parse_constraint(_aliases(language, declared.text), declared.dialect),
            )
            (checked if declared in hints else parsed).append(entry)
        except ValueError:
            notices.append(
                Notice(
                    "runtime-version-unreadable",
                    declared.source,
                    f"cannot read version {declared.text!r}; ignored",
                )
            )
    known = sorted((_parsed(spec.latest) for spec in lines.values()), reverse=True)

    chosen: Version | None = None
    primary = parsed[0] if parsed else None
    if primary is not None:
        if primary[1].exact is not None:
            chosen = primary[1].exact
        else:
            # A lower-precedence exact pin that fits the range says more than "newest".
            chosen = next(
                (c.exact for _, c in parsed[1:] if c.exact and primary[1].allows(c.exact)), None
            )
            if chosen is None:
                fits_all = [v for v in known if all(c.allows(v) for _, c in [*parsed, *checked])]
                fits_primary = [v for v in known if primary[1].allows(v)]
                fits = fits_all or fits_primary
                chosen = fits[0] if fits else None
            if chosen is None:
                notices.append(
                    Notice(
                        "runtime-version-unresolved",
                        primary[0].source,
                        f"no {name} release in blueprints/runtimes.yaml satisfies {primary[0].text!r}; "
                        f"using the default {language.default}",
                    )
                )
    if chosen is None:
        primary = None
        chosen = _parsed(lines[language.default].latest)
        fits = [v for v in known if all(c.allows(v) for _, c in checked)]
        if checked and fits and not all(c.allows(chosen) for _, c in checked):
            chosen = fits[0]  # the default would not do; the newest that the hints allow will
    for declared, constraint in [*(parsed[1:] if primary else parsed), *checked]:
        if not constraint.allows(chosen):
            notices.append(
                Notice(
                    "runtime-version-conflict",
                    declared.source,
                    f"declares {name} {declared.text!r} but {_fmt(chosen)} is used"
                    + (f" (from {primary[0].source})" if primary else " (the default)"),
                )
            )
    line = _line_of(chosen, granularity)
    spec = lines.get(line)
    if spec is None:
        notices.append(
            Notice(
                "runtime-version-unknown",
                primary[0].source if primary else "blueprints/runtimes.yaml",
                f"{name} {line} is not in blueprints/runtimes.yaml; its image tag is guessed from the newest line's pattern",
            )
        )
    eol = spec.eol if spec else None
    as_of = data.as_of
    if eol and as_of and eol <= as_of:
        notices.append(
            Notice(
                "runtime-eol",
                primary[0].source if primary else "blueprints/runtimes.yaml",
                f"{name} {line} reached end of life on {eol}; kept as declared (upgrade it as a separate change)",
            )
        )
    return Resolution(primary[0] if primary else None, _fmt(chosen), line, eol, tuple(notices))
