"""What every XLSX export shares."""

from typing import BinaryIO

import xlsxwriter


def xlsx_workbook(buffer: BinaryIO) -> xlsxwriter.Workbook:
    """A workbook written in memory in which text stays text: a name typed as "=HYPERLINK(…)"
    or "https://…" is not turned into a formula or a link when an official opens the file."""
    return xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
