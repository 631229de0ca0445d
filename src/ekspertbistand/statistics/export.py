"""CSV and XLSX of a statistics table: the same published cells as the page («<5», «x»), never
a hidden number. Numbers are written as numbers in XLSX so they can be summed."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from ekspertbistand.statistics.tables import StatTable


def _number(text: str) -> int | str:
    compact = text.replace("\u00a0", "")
    return int(compact) if compact.isdigit() else text


def to_csv(table: StatTable, filters_text: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([table.title])
    if filters_text:
        writer.writerow([filters_text])
    writer.writerow(table.header)
    for row in table.body:
        writer.writerow([cell.replace("\u00a0", "") for cell in row])
    for note in table.notes:
        writer.writerow([note])
    writer.writerow(["<5: færre enn fem. x: skjult for at en annen celle ikke skal kunne "
                     "regnes ut."])
    return out.getvalue()


def to_xlsx(table: StatTable, filters_text: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.key[:31]
    sheet.append([table.title])
    sheet.append([filters_text])
    sheet.append(list(table.header))
    for row in table.body:
        sheet.append([row[0], *(_number(c) if i + 1 in table.numeric_columns else c
                                for i, c in enumerate(row[1:]))])
    for note in table.notes:
        sheet.append([note])
    sheet.append(["<5: færre enn fem. x: skjult for at en annen celle ikke skal kunne regnes ut."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
