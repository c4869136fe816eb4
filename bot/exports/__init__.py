"""Participation exports: `/stats export` writes two CSV files a host gets privately.

`service.py` holds the rules (`ExportService`: the window, the files), `store.py` the queries
(one statement per figure for every member at once), `csv_files.py` the safe CSV writing
(formula-like cells made inert). Nothing is stored: a forgotten member's rows are gone already.
"""

from bot.exports.csv_files import FORMULA_STARTS, csv_bytes, inert
from bot.exports.service import (
    DEFAULT_DAYS,
    MAX_DAYS,
    Audience,
    ExportService,
    ParticipationExport,
    Window,
)

__all__ = [
    "DEFAULT_DAYS",
    "FORMULA_STARTS",
    "MAX_DAYS",
    "Audience",
    "ExportService",
    "ParticipationExport",
    "Window",
    "csv_bytes",
    "inert",
]
