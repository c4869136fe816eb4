"""CSV files as spreadsheets open them safely: the standard library's `csv`, every cell quoted,
and text that a spreadsheet would run as a formula made inert.

Display names are member-written: a name such as `=HYPERLINK("http://x", "click")` or `@SUM(...)`
would be a formula in Excel, LibreOffice or Google Sheets. As OWASP's "CSV injection" advises,
a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
quote, which those programs show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a cell must not begin with (OWASP, CSV injection)."""

Cell = str | int


def inert(value: Cell) -> Cell:
    """Return `value` as a spreadsheet shows it as text: a formula-like text gets a `'` first."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(note: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return a CSV file: `note` on its first line, then `header`, then `rows`.

    UTF-8 with a byte-order mark, so a spreadsheet reads names in any script correctly; lines
    end with CRLF as RFC 4180 writes them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([inert(note)])
    writer.writerow([inert(name) for name in header])
    writer.writerows([inert(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
