"""Credentials inside process and scheduler commands, moved into variables the command reads.

``API_TOKEN=abc123 bundle exec sidekiq``, ``curl -u user:pass https://…``, a URL with
``user:password@``, ``--password=…``, ``mysql -pSECRET``, a JWT or a GitHub token as an argument:
the value leaves the command, the command reads ``"${NAME}"`` instead, and ``NAME`` becomes a
secret key of the ExternalSecret (the team stores the value). Only words whose value the shell
does not expand are rewritten; a credential mixed with ``$…`` or backquotes cannot be moved
safely, and the command is refused (``CommandRefused``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from herokube.secrets.detect import (
    PRIVATE_KEY,
    credential_kind,
    credentials_in,
    findings,
    high_entropy,
    longest_first,
)
from herokube.secrets.urls import url_credentials, url_has_password

__all__ = ["CommandRefused", "MovedCommand", "move_credentials"]

_OPERATORS = ";&|<>()"
_BLANK = " \t\n"
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.+)$", re.DOTALL)
# --password=…, --api-key …, --token …: options whose value is a credential, for any program.
_SECRET_OPTION = re.compile(
    r"^--?(?:[a-z0-9]+-)*(pass|password|passwd|token|secret|api-?key|access-?key|auth-token|"
    r"access-token|client-secret|private-key|credentials?)$",
    re.IGNORECASE,
)
# Short options that take a credential, per program (the word after them).
_TOOL_OPTIONS = {
    "curl": {"-u", "--user", "--proxy-user", "-U"},
    "wget": {"--password", "--http-password", "--ftp-password"},
    "redis-cli": {"-a", "--pass", "--askpass"},
    "sshpass": {"-p"},
    "mongo": {"-p"},
    "mongosh": {"-p"},
    "mongodump": {"-p"},
    "mongorestore": {"-p"},
    "mongoexport": {"-p"},
    "mongoimport": {"-p"},
}
# mysql -pSECRET: the password is glued to the flag.
_GLUED_PASSWORD_TOOLS = {"mysql", "mysqldump", "mysqladmin", "mysqlimport", "mariadb"}
_HEADER_OPTIONS = {"-H", "--header"}
_PLAIN_VALUES = {"true", "false", "yes", "no", "on", "off", "none", "null", ""}


class CommandRefused(Exception):
    """A credential sits where herokube cannot move it without changing what the shell runs."""


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    literal: str | None
    """The word after quote removal; None when the shell expands something in it."""
    operator: bool = False


@dataclass
class MovedCommand:
    command: str
    moved: dict[str, str] = field(default_factory=dict)
    """Variable name → the credential it now holds (never written anywhere)."""


def _double_quoted(segment: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", segment)


def _scan_word(command: str, i: int) -> tuple[int, str | None]:
    """One shell word from ``i``: its end and its literal value (None when it expands)."""
    value: list[str] = []
    static = True
    n = len(command)
    while i < n and command[i] not in _BLANK + _OPERATORS:
        char = command[i]
        if char == "'":
            close = command.find("'", i + 1)
            if close < 0:
                raise CommandRefused("an unbalanced quote")
            value.append(command[i + 1 : close])
            i = close + 1
        elif char == '"':
            i += 1
            while i < n and command[i] != '"':
                if command[i] == "\\" and i + 1 < n and command[i + 1] in '$`"\\\n':
                    value.append(command[i + 1])
                    i += 2
                    continue
                static = static and command[i] not in "$`"
                value.append(command[i])
                i += 1
            if i >= n:
                raise CommandRefused("an unbalanced quote")
            i += 1
        elif char == "\\":
            value.append(command[i + 1 : i + 2])
            i += 2
        else:
            static = static and char not in "$`"
            value.append(char)
            i += 1
    return i, "".join(value) if static else None


def _words(command: str) -> list[_Word]:
    words: list[_Word] = []
    i = 0
    while i < len(command):
        char = command[i]
        if char in _BLANK:
            i += 1
        elif char in _OPERATORS:
            words.append(_Word(i, i + 1, char, operator=True))
            i += 1
        elif char == "#":
            words.append(_Word(i, len(command), None))  # a comment: checked, never rewritten
            break
        else:
            end, literal = _scan_word(command, i)
            words.append(_Word(i, end, literal))
            i = end
    return words


def _trivial(value: str) -> bool:
    return value.lower() in _PLAIN_VALUES or value.isdigit()


def _credential_spans(literal: str, tool: str, previous: str | None) -> list[str]:
    """The parts of one word's value that are credentials, by where they stand and how they look."""
    from herokube.secrets import secret_name

    assignment = _ASSIGNMENT.match(literal)
    if assignment and not _trivial(assignment.group(2)):
        name, value = assignment.groups()
        if secret_name(name) or credential_kind(value) or url_credentials(value):
            return [value]
        return []
    if literal.startswith("-") and "=" in literal:
        option, _, value = literal.partition("=")
        if value and _SECRET_OPTION.match(option) and not _trivial(value):
            return [value]
    if previous is not None and not _trivial(literal):
        if _SECRET_OPTION.match(previous) or previous in _TOOL_OPTIONS.get(tool, ()):
            return [literal]
        if previous in _HEADER_OPTIONS and re.match(r"(?i)\s*(authorization|x-api-key)", literal):
            return [literal.partition(":")[2].strip()] if ":" in literal else [literal]
    if tool in _GLUED_PASSWORD_TOOLS and literal.startswith("-p") and len(literal) > 2:
        return [literal[2:]]
    if "://" in literal:
        return [part for part in url_credentials(literal) if part]
    hits = findings(literal)  # one scan: its first kind is what credential_kind would say
    if hits and hits[0][0] == PRIVATE_KEY:
        return [literal]
    found = list(longest_first(hits))
    found += [w for w in re.split(r"[=:,]", literal) if high_entropy(w) and "/" not in w]
    return found


def _rewrite(literal: str, parts: list[str], variable_for: Callable[[str], str]) -> str:
    """The word again, double-quoted, with each credential part read from its variable."""
    assignment = _ASSIGNMENT.match(literal)
    prefix, body = (f"{assignment.group(1)}=", assignment.group(2)) if assignment else ("", literal)
    pieces = [body]
    for part in sorted(set(parts), key=len, reverse=True):
        split: list[str] = []
        for piece in pieces:
            if piece.startswith("\0"):
                split.append(piece)
                continue
            chunks = piece.split(part)
            for index, chunk in enumerate(chunks):
                if index:
                    split.append("\0" + variable_for(part))
                split.append(chunk)
        pieces = split
    text = "".join(
        "${" + piece[1:] + "}" if piece.startswith("\0") else _double_quoted(piece)
        for piece in pieces
    )
    return f'{prefix}"{text}"'


_REFERENCE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
_URL = re.compile(r"[A-Za-z][\w+.\-]*://[^\s\"'`]+")
_WRAPPERS = {"exec", "env", "nice", "nohup", "time", "command", "sudo"}


def _leaks(text: str) -> bool:
    """What is left of a credential once variable references are taken out."""
    bare = _REFERENCE.sub("", text)
    if credentials_in(bare):
        return True
    for match in _URL.finditer(bare):
        url = match.group(0)
        # A user name alone (git@…, or what is left of user:${PASSWORD}@) is not a credential.
        without_user = re.sub(r"^([^:]+://)[^/@]*@", r"\1", url)
        if url_has_password(url) or url_credentials(without_user):
            return True
    return False


def _name_for(
    result: MovedCommand,
    variable_for: Callable[[str, str | None], str],
    assigned: tuple[str, str] | None,
    part: str,
) -> str:
    name = assigned[0] if assigned is not None and part == assigned[1] else None
    variable = variable_for(part, name)
    result.moved[variable] = part
    return variable


def move_credentials(command: str, variable_for: Callable[[str, str | None], str]) -> MovedCommand:
    """``command`` with every credential replaced by a variable reference.

    ``variable_for(credential, assigned_name)`` names the variable for one credential
    (``assigned_name`` is ``NAME`` when the credential is the whole value of ``NAME=value``).
    Raises ``CommandRefused`` when a credential cannot be moved.
    """
    result = MovedCommand(command)
    pieces: list[str] = []
    cursor = 0
    tool, previous, at_start = "", None, True
    for word in _words(command):
        if word.operator:
            tool, previous, at_start = "", None, True
            continue
        literal = word.literal
        parts = _credential_spans(literal, tool, previous) if literal is not None else []
        if literal is not None and parts:
            match = _ASSIGNMENT.match(literal)
            assigned = (match.group(1), match.group(2)) if match else None
            name = partial(_name_for, result, variable_for, assigned)
            pieces += [command[cursor : word.start], _rewrite(literal, parts, name)]
            cursor = word.end
        if literal is not None and at_start and not _ASSIGNMENT.match(literal):
            if literal not in _WRAPPERS:
                tool, at_start = literal.rsplit("/", 1)[-1], False
        previous = literal
    pieces.append(command[cursor:])
    result.command = "".join(pieces)
    if _leaks(result.command):
        raise CommandRefused("a credential is mixed with shell expansions")
    return result
