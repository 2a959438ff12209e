"""The prices the cost estimate uses: ``blueprints/prices.yaml``, a ``--prices`` file, options.

Money is held in whole cents so sums are exact ($1,125.00 is 112500, never 1124.9999).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herokube.assess.fleet import NodeSize
from herokube.errors import UserError
from herokube.resources import blueprints_dir
from herokube.yamlio import load_yaml_file

__all__ = [
    "IN_CLUSTER",
    "ManagedPrice",
    "Prices",
    "load_prices",
    "parse_managed_price",
    "parse_dollars",
    "parse_node_size",
    "to_cents",
]

IN_CLUSTER = "in-cluster"
ManagedPrice = int | None
"""Cents a month for one managed database; ``None``: it runs in the cluster instead."""

_NODE_SIZE = re.compile(
    r"^(?P<cpu>\d+(?:\.\d+)?)(?:cpu|vcpu)?(?:x|-)(?P<memory>\d+(?:\.\d+)?)(?:gi|gib|g)?$"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _NodeEntry(_Strict):
    size: str | None = None
    monthly: Decimal | None = Field(default=None, ge=0)
    allocatable: float | None = Field(default=None, gt=0, le=1)


class _KubernetesEntry(_Strict):
    node: _NodeEntry = _NodeEntry()
    postgres: Decimal | Literal["in-cluster"] | None = None
    redis: Decimal | Literal["in-cluster"] | None = None


class _PricesFile(_Strict):
    dynos: dict[str, Decimal] = {}
    kubernetes: _KubernetesEntry = _KubernetesEntry()


@dataclass(frozen=True)
class Prices:
    dynos: Mapping[str, int]
    """Cents per dyno a month, keyed by the lower-case size name."""
    node: NodeSize
    node_cents: int
    postgres: ManagedPrice
    redis: ManagedPrice
    source: str
    """Where the prices came from, for the assumptions under the figures."""


def to_cents(dollars: Decimal | float | int) -> int:
    return int((Decimal(str(dollars)) * 100).to_integral_value())


def parse_node_size(text: str, allocatable: float = 0.8) -> NodeSize:
    """``4cpu-16gi`` or ``4x16``: vCPUs and GiB of memory."""
    match = _NODE_SIZE.match(text.strip().lower())
    cpu = float(match["cpu"]) if match else 0.0
    memory = float(match["memory"]) if match else 0.0
    if cpu <= 0 or memory <= 0:
        raise UserError("expected vCPUs and GiB, e.g. 4cpu-16gi or 4x16", field=text)
    return NodeSize(int(cpu * 1000), int(memory * 1024), allocatable)


def parse_managed_price(text: str) -> ManagedPrice:
    """A monthly price in dollars (``47.45``) or ``in-cluster``."""
    if text.strip().lower() == IN_CLUSTER:
        return None
    return parse_dollars(text, "expected a monthly price in dollars, or in-cluster")


def parse_dollars(text: str, message: str = "expected a monthly price in dollars") -> int:
    """``140.16`` or ``$140.16`` as cents."""
    try:
        value = Decimal(text.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise UserError(message, field=text)
    return to_cents(value)


def _read(path: Path) -> _PricesFile:
    try:
        return _PricesFile.model_validate(load_yaml_file(path) or {})
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise UserError(first["msg"], source=str(path), field=field) from None


def _managed(value: Decimal | str | None, fallback: ManagedPrice) -> ManagedPrice:
    if value is None:
        return fallback
    return None if value == IN_CLUSTER else to_cents(Decimal(value))


def _merge(prices: Prices, layer: _PricesFile, source: str) -> Prices:
    node = layer.kubernetes.node
    allocatable = node.allocatable or prices.node.allocatable
    size = (
        parse_node_size(node.size, allocatable)
        if node.size
        else replace(prices.node, allocatable=allocatable)
    )
    return Prices(
        dynos={**prices.dynos, **{k.lower(): to_cents(v) for k, v in layer.dynos.items()}},
        node=size,
        node_cents=prices.node_cents if node.monthly is None else to_cents(node.monthly),
        postgres=_managed(layer.kubernetes.postgres, prices.postgres),
        redis=_managed(layer.kubernetes.redis, prices.redis),
        source=source,
    )


def load_prices(
    price_file: Path | None = None,
    *,
    node_size: str | None = None,
    node_price: str | None = None,
    postgres: str | None = None,
    redis: str | None = None,
) -> Prices:
    """The shipped prices, then ``price_file`` over them, then the options over both."""
    base = Prices({}, NodeSize(), 0, None, None, "")
    prices = _merge(base, _read(blueprints_dir() / "prices.yaml"), "blueprints/prices.yaml")
    if price_file is not None:
        if not price_file.is_file():
            raise UserError("no such file", source=str(price_file), field="--prices")
        prices = _merge(prices, _read(price_file), str(price_file))
    if node_size is not None:
        try:
            size = parse_node_size(node_size, prices.node.allocatable)
        except UserError as error:
            raise UserError(error.message, source="--node-size", field=node_size) from None
        prices = replace(prices, node=size)
    if node_price is not None:
        try:
            prices = replace(prices, node_cents=parse_dollars(node_price))
        except UserError as error:
            raise UserError(error.message, source="--node-price", field=node_price) from None
    if postgres is not None:
        prices = replace(prices, postgres=_option_price("--postgres-price", postgres))
    if redis is not None:
        prices = replace(prices, redis=_option_price("--redis-price", redis))
    return prices


def _option_price(option: str, text: str) -> ManagedPrice:
    try:
        return parse_managed_price(text)
    except UserError as error:
        raise UserError(error.message, source=option, field=text) from None
