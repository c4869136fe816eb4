"""Running a benchmark's parts each in a fresh process, as one bot process runs one app: in one
process, a part's app (frozen at its start by `bot.memory`, never freed) stayed under the next
part's timings."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any


def measured_apart(module: str, parts: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Run `python -m module --only part` for each part; yield each part with the JSON object
    its process printed last."""
    for part in parts:
        command = [sys.executable, "-m", module, "--only", part]
        ran = subprocess.run(command, capture_output=True, text=True, check=True)
        yield part, json.loads(ran.stdout.strip().splitlines()[-1])
