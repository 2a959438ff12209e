"""Dyno size names → memory and CPU: the export's ``dyno_sizes`` first, the blueprints second."""

from __future__ import annotations

import re
from collections.abc import Mapping

from herokube.blueprints import Blueprints
from herokube.load.export import DynoSizeEntry
from herokube.model import DynoSize

__all__ = ["resolve_size"]

# Fir sizes state vCPUs and memory in their name: dyno-2c-4gb, dyno-1c-0.5gb.
_FIR_SIZE = re.compile(r"^dyno-(\d+)c-(\d+(?:\.\d+)?)gb$")
# A shared dyno's "compute" unit is a quarter core of guaranteed CPU (standard-1x = 250m).
_SHARED_MILLICORES_PER_COMPUTE = 250


def resolve_size(
    name: str, exported: Mapping[str, DynoSizeEntry], blueprints: Blueprints
) -> DynoSize | None:
    """The size called ``name`` (case-insensitive), or None when nothing knows it."""
    key = name.lower()
    known = blueprints.sizes.get(key)
    entry = next((e for n, e in exported.items() if n.lower() == key), None)
    fir = _FIR_SIZE.match(key)
    if fir:
        cores, memory_gb = int(fir.group(1)), float(fir.group(2))
        return DynoSize(key, int(memory_gb * 1024), cores * 1000, cores * 1000)
    if entry is not None and entry.memory_gb:
        memory_mb = int(entry.memory_gb * 1024)
        if known is not None:
            return DynoSize(key, memory_mb, known.cpu, known.cpu_limit)
        if entry.dedicated:
            # The API's compute is a relative figure, not cores; assume one core per 6 units
            # (Performance-M: 12x compute on 2 cores).
            cores = max(1, round((entry.compute or 6) / 6))
            return DynoSize(key, memory_mb, cores * 1000, cores * 1000)
        compute = entry.compute or 1
        return DynoSize(key, memory_mb, int(compute * _SHARED_MILLICORES_PER_COMPUTE), None)
    if known is not None:
        return DynoSize(key, known.memory_mb, known.cpu, known.cpu_limit)
    return None
