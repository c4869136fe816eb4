"""What the deployment tests share: the repository's files, a Dockerfile reader, a /healthz."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Instruction:
    """One Dockerfile instruction: its keyword (upper case) and its arguments as written."""

    keyword: str
    arguments: str


@dataclass(slots=True)
class Stage:
    """A build stage: its FROM line's image and name, and the instructions after it."""

    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        """Return the arguments of every `keyword` instruction in this stage, in order."""
        return [i.arguments for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> str | None:
        """Return the arguments of the stage's last `keyword` instruction (the one that counts)."""
        found = self.all(keyword)
        return found[-1] if found else None


@dataclass(slots=True)
class Dockerfile:
    """A Dockerfile read into its global instructions (before the first FROM) and stages."""

    preamble: list[Instruction]
    stages: list[Stage]


def read_dockerfile(text: str) -> Dockerfile:
    """Read a Dockerfile: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n(?:[ \t]*(?:#[^\n]*)?\n)*", " ", text)
    preamble: list[Instruction] = []
    stages: list[Stage] = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        instruction = Instruction(keyword.upper(), " ".join(arguments.split()))
        if instruction.keyword == "FROM":
            image, _, name = re.sub(r"--\S+\s*", "", instruction.arguments).partition(" AS ")
            stages.append(Stage(image.strip(), name.strip() or None))
        elif stages:
            stages[-1].instructions.append(instruction)
        else:
            preamble.append(instruction)
    return Dockerfile(preamble, stages)


class _Healthz(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        return


@contextmanager
def healthz_answering(status: int) -> Iterator[int]:
    """Serve /healthz with `status` on 127.0.0.1 (any free port) and yield the port."""
    handler = type("Handler", (_Healthz,), {"status": status})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def run_python_check(code: str, port: int | None) -> int:
    """Run a health check's `python -c` code with COHORT_HTTP_PORT set; return its exit code."""
    environment = {"PATH": "/usr/bin:/bin"}
    if port is not None:
        environment["COHORT_HTTP_PORT"] = str(port)
    finished = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, timeout=60
    )
    return finished.returncode
