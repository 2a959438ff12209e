"""What the exporter needs from each API answer, as small JSON schemas, checked where read.

These list only the fields the exporter uses (the Platform API sends more, and may add fields
at any time, so extra keys are fine). They mirror ``definitions/<resource>`` of Heroku's
hyper-schema; the test suite checks its fixtures against the real schema so both stay in step.
"""

from __future__ import annotations

from typing import Any

import jsonschema

from herokube.heroku_api.client import ApiError

__all__ = [
    "ADDONS",
    "APP",
    "ATTACHMENTS",
    "BUILDPACKS",
    "CONFIG_VARS",
    "COUPLING",
    "COUPLINGS",
    "DOMAINS",
    "DYNO_SIZE",
    "FEATURES",
    "FORMATION",
    "LOG_DRAINS",
    "OCI_IMAGE",
    "PIPELINE",
    "RELEASES",
    "SCHEDULER_JOBS",
    "SLUG",
    "check",
]

_STR: dict[str, Any] = {"type": "string"}
_OPT_STR: dict[str, Any] = {"type": ["string", "null"]}
_BOOL: dict[str, Any] = {"type": "boolean"}


def _obj(
    required: list[str], nullable: bool = False, **properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": required,
        "properties": properties,
    }


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


_NAMED = _obj(["name"], name=_STR)
_OPT_NAMED = _obj(["name"], nullable=True, name=_STR)
_WITH_ID = _obj(["id"], id=_STR)

APP = _obj(
    ["id", "name"],
    id=_STR,
    name=_STR,
    region=_OPT_NAMED,
    stack=_OPT_NAMED,
    generation=_OPT_NAMED,
    team=_OPT_NAMED,
    space=_obj(["name"], nullable=True, name=_STR, shield=_BOOL),
    acm=_BOOL,
    maintenance=_BOOL,
    web_url=_OPT_STR,
    buildpack_provided_description=_OPT_STR,
)
FORMATION = _list(
    _obj(
        ["type", "quantity"],
        type={"type": "string", "pattern": r"^[-\w]{1,128}$"},
        command=_STR,
        quantity={"type": "integer", "minimum": 0},
        dyno_size=_obj([], nullable=True, name=_STR),
        size=_STR,
    )
)
DYNO_SIZE = _obj(
    ["name"],
    name=_STR,
    memory={"type": "number"},
    compute={"type": "number"},
    dedicated=_BOOL,
    architecture=_OPT_STR,
)
ADDONS = _list(
    _obj(
        ["id", "name", "addon_service", "plan", "config_vars"],
        id=_STR,
        name=_STR,
        addon_service=_NAMED,
        plan=_NAMED,
        app=_OPT_NAMED,
        state=_STR,
        config_vars=_list(_STR),
        billed_price=_obj(
            ["cents"], nullable=True, cents={"type": "integer"}, contract=_BOOL, unit=_STR
        ),
    )
)
ATTACHMENTS = _list(
    _obj(
        ["name", "addon"],
        name=_STR,
        namespace=_OPT_STR,
        addon=_obj(["id", "name"], id=_STR, name=_STR),
        app=_OPT_NAMED,
    )
)
CONFIG_VARS = {
    "type": "object",
    "patternProperties": {r"^\w+$": _OPT_STR},
    "additionalProperties": False,
}
DOMAINS = _list(
    _obj(
        ["hostname"],
        hostname=_STR,
        kind=_STR,
        cname=_OPT_STR,
        acm_status=_OPT_STR,
        sni_endpoint=_OPT_NAMED,
    )
)
BUILDPACKS = _list(
    _obj(
        ["ordinal", "buildpack"],
        ordinal={"type": "integer"},
        buildpack=_obj(["url"], url=_STR, name=_OPT_STR),
    )
)
FEATURES = _list(_obj(["name", "enabled"], name=_STR, enabled=_BOOL))
LOG_DRAINS = _list(_obj(["url"], url=_STR, addon=_OPT_NAMED))
COUPLING = _obj(["pipeline", "stage"], pipeline=_WITH_ID, stage=_STR)
COUPLINGS = _list(_obj(["app", "stage"], app=_WITH_ID, stage=_STR))
PIPELINE = _obj(["id", "name"], id=_STR, name=_STR)
RELEASES = _list(
    _obj(
        ["version"],
        version={"type": "integer"},
        current=_BOOL,
        status=_STR,
        description=_STR,
        slug=_obj(["id"], nullable=True, id=_STR),
        artifacts=_list(_obj(["type", "id"], type=_STR, id=_STR)),
    )
)
SLUG = _obj(
    [],
    process_types={"type": ["object", "null"], "additionalProperties": _STR},
    commit=_OPT_STR,
)
OCI_IMAGE = _obj(
    [],
    process_types={
        "type": ["object", "null"],
        "additionalProperties": _obj([], display_cmd=_OPT_STR, command=_OPT_STR),
    },
    commit=_OPT_STR,
)
_INT_OR_STR: dict[str, Any] = {"type": ["integer", "string", "null"]}
SCHEDULER_JOBS = _obj(
    ["data"],
    data=_list(
        _obj(
            ["attributes"],
            attributes={
                **_obj(["command", "every"], command=_STR, every=_INT_OR_STR, at=_INT_OR_STR),
                # JSON:API attribute names are dashed, so this one cannot be a keyword argument.
                "properties": {
                    "command": _STR,
                    "every": _INT_OR_STR,
                    "at": _INT_OR_STR,
                    "dyno-size": _OPT_STR,
                },
            },
        )
    ),
)


def _where(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top)"


def _problem(error: jsonschema.ValidationError) -> str:
    # Never quote the instance: a config var value may be the thing that failed.
    if error.validator == "required":
        return str(error.message)
    if error.validator == "type":
        return f"expected {error.validator_value}"
    if error.validator == "additionalProperties":
        return "unexpected key"
    return f"fails {error.validator}"


def check(value: Any, shape: dict[str, Any], what: str) -> Any:
    """``value`` unchanged if it fits ``shape``, else an ``ApiError`` naming ``what`` and the key."""
    validator = jsonschema.Draft202012Validator(shape)
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is None:
        return value
    raise ApiError(
        f"{what} is not what the API schema says: {_where(error.absolute_path)}: {_problem(error)}"
    )
