"""String and number checks of the Kubernetes API server, mirrored one function each.

Each function returns the API server's messages for a bad value (an empty list when the
value is valid), as ``k8s.io/apimachinery/pkg/util/validation/validation.go`` does, so a
finding reads like the error ``kubectl apply`` would print.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "DNS1035_LABEL_MAX",
    "DNS1123_LABEL_MAX",
    "DNS1123_SUBDOMAIN_MAX",
    "MAX_OBJECT_BYTES",
    "int_or_percent",
    "is_config_map_key",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_env_var_name",
    "is_label_value",
    "is_port_name",
    "is_port_number",
    "is_qualified_name",
    "is_wildcard_dns1123_subdomain",
    "parse_quantity",
]

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
DNS1035_LABEL_MAX = 63
# corev1.MaxSecretSize: the ConfigMap and Secret payload limit (and etcd's request limit).
MAX_OBJECT_BYTES = 1024 * 1024

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL = re.compile(rf"^{_LABEL}$")
_DNS1123_SUBDOMAIN = re.compile(rf"^{_LABEL}(\.{_LABEL})*$")
_WILDCARD_DNS1123_SUBDOMAIN = re.compile(rf"^\*\.{_LABEL}(\.{_LABEL})*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_PORT_NAME_CHARS = re.compile(r"^[-a-z0-9]+$")
_ENV_VAR_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_CONFIG_MAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
_SUFFIXES = {
    "": Decimal(1),
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "k": Decimal("1e3"),
    "M": Decimal("1e6"),
    "G": Decimal("1e9"),
    "T": Decimal("1e12"),
    "P": Decimal("1e15"),
    "E": Decimal("1e18"),
    "Ki": Decimal(2**10),
    "Mi": Decimal(2**20),
    "Gi": Decimal(2**30),
    "Ti": Decimal(2**40),
    "Pi": Decimal(2**50),
    "Ei": Decimal(2**60),
}


def _too_long(value: str, limit: int) -> list[str]:
    return [f"must be no more than {limit} characters"] if len(value) > limit else []


def _format_errors(value: str, pattern: re.Pattern[str], limit: int, message: str) -> list[str]:
    """Too long, and not the format. The whole value must match: Go's ``$`` (unlike Python's
    ``match``) does not accept a trailing newline, so neither does ``fullmatch``."""
    errors = _too_long(value, limit)
    if not pattern.fullmatch(value):
        errors.append(message)
    return errors


def is_dns1123_label(value: str) -> list[str]:
    """``IsDNS1123Label``: lower-case alphanumerics and '-', at most 63 characters."""
    return _format_errors(
        value,
        _DNS1123_LABEL,
        DNS1123_LABEL_MAX,
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
        "'-', and must start and end with an alphanumeric character",
    )


def is_dns1123_subdomain(value: str) -> list[str]:
    """``IsDNS1123Subdomain``: dot-separated DNS-1123 labels, at most 253 characters."""
    return _format_errors(
        value,
        _DNS1123_SUBDOMAIN,
        DNS1123_SUBDOMAIN_MAX,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
        "'-' or '.', and must start and end with an alphanumeric character",
    )


def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    """``IsWildcardDNS1123Subdomain``: ``*.`` followed by a DNS-1123 subdomain."""
    return _format_errors(
        value,
        _WILDCARD_DNS1123_SUBDOMAIN,
        DNS1123_SUBDOMAIN_MAX,
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
        "subdomain, which must consist of lower case alphanumeric characters, '-' or '.'",
    )


def is_dns1035_label(value: str) -> list[str]:
    """``IsDNS1035Label``: like a DNS-1123 label, but it must start with a letter."""
    return _format_errors(
        value,
        _DNS1035_LABEL,
        DNS1035_LABEL_MAX,
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
        "with an alphabetic character, and end with an alphanumeric character",
    )


def is_qualified_name(value: str) -> list[str]:
    """``IsQualifiedName``: an optional DNS-1123 subdomain prefix and '/', then a name of 63."""
    prefix, slash, name = value.rpartition("/")
    if value.count("/") > 1:
        return [
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an "
            "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    errors: list[str] = []
    if slash:
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend(f"prefix part {msg}" for msg in is_dns1123_subdomain(prefix))
    if not name:
        return [*errors, "name part must be non-empty"]
    errors.extend(f"name part {msg}" for msg in _too_long(name, 63))
    if not _QUALIFIED_NAME.fullmatch(name):
        errors.append(
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character"
        )
    return errors


def is_label_value(value: str) -> list[str]:
    """``IsValidLabelValue``: empty, or at most 63 alphanumerics, '-', '_' or '.'."""
    return _format_errors(
        value,
        _LABEL_VALUE,
        63,
        "a valid label must be an empty string or consist of alphanumeric characters, '-', "
        "'_' or '.', and must start and end with an alphanumeric character",
    )


def is_port_name(value: str) -> list[str]:
    """``IsValidPortName``: an IANA service name (RFC 6335), at most 15 characters."""
    errors = _too_long(value, 15)
    if not _PORT_NAME_CHARS.fullmatch(value):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if "--" in value:
        errors.append("must not contain consecutive hyphens")
    if not re.search(r"[a-z]", value):
        errors.append("must contain at least one letter (a-z)")
    if value.startswith("-") or value.endswith("-"):
        errors.append("must not begin or end with a hyphen")
    return errors


def is_port_number(value: Any) -> list[str]:
    """``IsValidPortNum``: an integer from 1 to 65535."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        return ["must be between 1 and 65535, inclusive"]
    return []


def is_env_var_name(value: str, *, relaxed: bool) -> list[str]:
    """``IsEnvVarName``, or ``IsRelaxedEnvVarName`` when RelaxedEnvironmentVariableValidation is on."""
    if relaxed:
        if not value or any(not 32 <= ord(c) <= 126 or c == "=" for c in value):
            return [
                "a valid environment variable name must consist only of printable ASCII "
                "characters other than '='"
            ]
        return []
    if not _ENV_VAR_NAME.fullmatch(value):
        return [
            "a valid environment variable name must consist of alphabetic characters, digits, "
            "'_', '-', or '.', and must not start with a digit"
        ]
    return []


def is_config_map_key(value: str) -> list[str]:
    """``IsConfigMapKey``: alphanumerics, '-', '_' or '.', at most 253, not '.' or '..'."""
    errors = _too_long(value, DNS1123_SUBDOMAIN_MAX)
    if not _CONFIG_MAP_KEY.fullmatch(value):
        errors.append("a valid config key must consist of alphanumeric characters, '-', '_' or '.'")
    if value == ".":
        errors.append("must not be '.'")
    elif value == "..":
        errors.append("must not be '..'")
    elif value.startswith(".."):
        errors.append("must not start with '..'")
    return errors


def parse_quantity(value: Any) -> Decimal | None:
    """``resource.ParseQuantity``: the value of ``"250m"`` / ``"1Gi"`` / ``2``, None when invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = _QUANTITY.fullmatch(value.strip() if value == value.strip() else "\0")
    if not match:
        return None
    number, suffix = match.groups()
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    if suffix in _SUFFIXES:
        return amount * _SUFFIXES[suffix]
    exponent = re.fullmatch(r"[eE]([-+]?[0-9]+)", suffix)
    if exponent:
        return amount.scaleb(int(exponent.group(1)))
    return None


def int_or_percent(value: Any) -> tuple[int | None, bool, list[str]]:
    """``ValidatePositiveIntOrPercent`` + ``IsNotMoreThan100Percent``: (number, is_percent, errors)."""
    if isinstance(value, bool):
        return None, False, ["must be an integer or percentage (e.g '5%')"]
    if isinstance(value, int):
        return value, False, (["must be greater than or equal to 0"] if value < 0 else [])
    match = re.fullmatch(r"([0-9]+)%", str(value))
    if not match:
        return (
            None,
            False,
            [
                "a valid percent string must be a numeric string followed by an "
                "ending '%' (e.g. '1%',  or '93%')"
            ],
        )
    number = int(match.group(1))
    return number, True, (["must not be greater than 100%"] if number > 100 else [])
