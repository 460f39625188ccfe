"""Annex A as an Excel workbook: a sheet per list, the column names on the first row (frozen), a
row per child entry, dates as dates."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from consumers.returns.annex_a import Sheet

DATE_FORMAT = "dd/mm/yyyy"


def annex_a_workbook(sheets: list[Sheet], as_of: date, authority: str) -> bytes:
    book = Workbook()
    for index, sheet in enumerate(sheets):
        page = book.worksheets[0] if index == 0 else book.create_sheet()
        page.title = sheet.name[:31]  # Excel's limit on a sheet's name
        page.append(list(sheet.columns))
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append(list(row))
        for column, name in enumerate(sheet.columns, start=1):
            letter = get_column_letter(column)
            page.column_dimensions[letter].width = max(12, min(40, len(name) + 2))
            for cell in page[letter][1:]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
        page.freeze_panes = "A2"
    book.properties.title = f"Annex A as at {as_of.isoformat()}"
    book.properties.creator = authority
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
