"""Nothing is looked up in the catalogue at import time: a constant translated then would stay in
the language current at start, whoever later reads it."""

from __future__ import annotations

import subprocess
import sys

from tests.core.cli_support import REPOSITORY

IMPORT_EVERYTHING = """
import gettext, importlib, pkgutil, sys
from bot.i18n import Catalogues, use_catalogues

looked_up = []

class Counting(gettext.NullTranslations):
    def gettext(self, message):
        looked_up.append(message)
        return message

    def ngettext(self, singular, plural, count):
        looked_up.append(singular)
        return singular if count == 1 else plural

with use_catalogues(Catalogues({"en": Counting()})):
    for package in ("bot", "commands", "adapters", "scheduler"):
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, package + "."):
            if ".migrations." not in module.name and not module.name.endswith("__main__"):
                importlib.import_module(module.name)
print(len(sys.modules), looked_up)
"""


def test_importing_every_module_looks_up_no_message() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported, looked_up = result.stdout.split(" ", 1)
    assert int(imported) > 200  # the walk reached the packages' modules
    assert looked_up.strip() == "[]"
