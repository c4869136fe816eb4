"""Figures against targets, printed as lines and carried in the benchmark's last JSON line.

`python3 dev.py bench` reads the `figures` key of each benchmark's last line and prints one table
of every figure beside its target.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measured figure: what it is, its value as read, its target, and whether it is met.

    `met` is None for a figure with no target (a baseline, a comparison).
    """

    name: str
    measured: str
    target: str = ""
    met: bool | None = None


def at_most(name: str, value: float, limit: float, unit: str, digits: int = 1) -> Figure:
    """A figure whose target is a ceiling (latency, seconds, memory)."""
    return Figure(name, f"{value:,.{digits}f} {unit}", f"< {limit:,g} {unit}", value < limit)


def at_least(name: str, value: float, floor: float, unit: str, digits: int = 0) -> Figure:
    """A figure whose target is a floor (a rate, a ratio)."""
    return Figure(name, f"{value:,.{digits}f} {unit}", f">= {floor:,g} {unit}", value >= floor)


def baseline(name: str, value: float, unit: str, digits: int = 0) -> Figure:
    """A figure measured beside the others for comparison, with no target of its own."""
    return Figure(name, f"{value:,.{digits}f} {unit}")


def emit(benchmark: str, figures: list[Figure], **details: Any) -> None:
    """Print each figure as a line, then the one JSON line (details and figures)."""
    for figure in figures:
        verdict = {True: "met", False: "MISSED", None: ""}[figure.met]
        target = f"  (target {figure.target}: {verdict})" if figure.target else ""
        print(f"  {figure.name}: {figure.measured}{target}")
    record = {"benchmark": benchmark, **details, "figures": [asdict(f) for f in figures]}
    print(json.dumps(record), flush=True)
