#!/usr/bin/env python3
"""Set up a virtual environment when needed, then run Cohort or its tests.

    python3 dev.py run [cohort arguments...]   start the bot (the console when no token is set)
    python3 dev.py test [pytest arguments...]  run the whole test suite
    python3 dev.py lint                        ruff check, then mypy
    python3 dev.py bench [name] [options]      run the benchmarks (or one, with its options)
    python3 dev.py catalogue                   pybabel extract and update (catalogues follow code)

Only the Python standard library is used here, so this works on a fresh machine with Python 3.11+.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".cohort-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on whatever python3 is
        print("Cohort needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    task, *rest = argv or ["run"]
    if task not in ("run", "test", "lint", "bench", "catalogue"):
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment()
    python = str(BIN / "python")
    if task == "run":
        return call([python, "-m", "bot", *rest], cwd=None)
    if task == "test":
        # One worker per core (pytest-xdist), each taking the next test as it finishes one;
        # `-n 0` among the arguments runs everything in this one process instead.
        return call([python, "-m", "pytest", "-n", "auto", "--dist", "worksteal", *rest])
    if task == "catalogue":
        return call([python, "-m", "bot.i18n.maintain"])
    if task == "lint":
        return call([python, "-m", "ruff", "check", str(ROOT), *rest]) or call(
            [python, "-m", "mypy"]
        )
    # Run as modules: a script named benchmarks/commands.py would shadow the commands package.
    # Arguments that are not benchmark names go to the chosen ones (`bench scale --quick`).
    names = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__")
    wanted = [arg for arg in rest if arg in names]
    options = [arg for arg in rest if arg not in names]
    chosen = [name for name in names if not wanted or name in wanted]
    results = [run_benchmark([python, "-m", f"benchmarks.{name}", *options]) for name in chosen]
    print_table([(name, figures) for name, (_code, figures) in zip(chosen, results, strict=True)])
    return max((code for code, _figures in results), default=0)


def run_benchmark(command: list[str]) -> tuple[int, list[dict[str, object]]]:
    """Run one benchmark, echoing its output; return its exit code and the figures of its last
    JSON line (none when it printed none)."""
    last = ""
    try:
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            for line in process.stdout:
                print(line, end="", flush=True)
                last = line if line.strip() else last
    except KeyboardInterrupt:
        return 130, []
    try:
        figures = json.loads(last).get("figures", [])
    except (json.JSONDecodeError, AttributeError):
        figures = []
    return process.returncode, figures


def print_table(results: list[tuple[str, list[dict[str, object]]]]) -> None:
    """Print every benchmark's figures against their targets as one table."""
    rows = [("benchmark", "figure", "measured", "target", "")]
    for name, figures in results:
        for figure in figures:
            met = figure.get("met")
            verdict = "met" if met is True else "MISSED" if met is False else ""
            cells = (str(figure.get(key, "")) for key in ("name", "measured", "target"))
            rows.append((name, *cells, verdict))
    if len(rows) == 1:
        return
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    print()
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def ensure_environment() -> None:
    """Create .venv and install the project with its dev extra; reinstall when pyproject changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Cohort and its dependencies into .venv ...", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--editable", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def call(command: list[str], cwd: Path | None = ROOT) -> int:
    try:
        return subprocess.call(command, cwd=cwd)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
