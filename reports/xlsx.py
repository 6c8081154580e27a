"""The evaluation sheet as an XLSX workbook (openpyxl).

Sheet 1 holds the figures with their definitions, sheet 2 the posts behind them. Numbers
are stored as numbers with a number format (Excel shows them in the reader's locale, so an
Indonesian Excel writes 1.234,5), dates as dates, unknown as an empty cell, never 0. Every
text cell is neutralised: text starting with =, +, -, @, tab or CR gets a leading single
quote (OWASP's rule for CSV/spreadsheet injection), so a caption such as
``=cmd|' /C calc'!A0`` stays text; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outreach.texts import area_texts, day

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit per cell
FORMATS = {
    "count": "#,##0",
    "ratio": "#,##0.0",
    "rate": "0.00%",
    "score": "+0.00;-0.00;0.00",
    "date": "yyyy-mm-dd",
    "relative": "+0.0%;-0.0%;0.0%",
    "points": "+0.00;-0.00;0.00",
    "progress": "0%",
    "datetime": "yyyy-mm-dd hh:mm",
}
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
POST_COUNTS = (
    "views", "reach", "likes", "comments", "shares", "saves", "reposts", "replies", "link_clicks", "profile_visits",
    "engagements",
)  # fmt: skip


def safe_text(value: str) -> str:
    """Text as a cell may hold it: no XML-illegal characters, within Excel's length, and
    never read as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[: MAX_CELL_TEXT - 1]
    return "'" + value if value.startswith(FORMULA_START) else value


def _put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return  # unknown stays an empty cell
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # never a formula, whatever openpyxl would guess
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = FORMATS["datetime"]
    elif isinstance(value, date):
        cell.number_format = FORMATS["date"]
    elif number_format:
        cell.number_format = number_format


def _header(sheet: Worksheet, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        _put(sheet, row, column, name)
        cell = sheet.cell(row=row, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def evaluation_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of one evaluation sheet (``Evaluation.as_dict(native=True)``) as bytes."""
    language = data["language"]
    t = area_texts("evaluation", language)
    book = Workbook()
    figures = book.active
    assert figures is not None  # a new workbook has its first sheet
    figures.title = t["sheet_figures"]
    title = t[f"title_{data['kind']}"].format(name=data["name"])
    start, end = data["period"]
    meta = [
        title,
        f"{t['office']}: {data['office']}",
        t["period"].format(start=day(start, language), end=day(end, language)) if start or end else t["period_open"],
        t["baseline_period"].format(
            start=day(data["baseline_period"][0], language), end=day(data["baseline_period"][1], language),
            scope=data["baseline_scope"],
        ) if data["baseline_period"] else t["no_baseline_period"],
        t["measured"].format(
            age=f"{data['age_days']:g}", rate=t[f"row_engagement_rate_{data['rate_by']}"], zone=data["timezone"],
            generated=data["generated_at"].isoformat(sep=" ", timespec="minutes")
            if isinstance(data["generated_at"], datetime) else data["generated_at"],
        ),
    ]  # fmt: skip
    for row, line in enumerate(meta, start=1):
        _put(figures, row, 1, line)
    figures.cell(row=1, column=1).font = Font(bold=True, size=14)
    columns = ["level", "indicator", "value", "known", "baseline", "change", "target", "progress", "basis",
               "source", "definition"]  # fmt: skip
    header_row = len(meta) + 2
    _header(figures, header_row, [t[f"col_{c}"] for c in columns])
    row = header_row
    for entry in data["rows"]:
        row += 1
        unit = entry["unit"]
        number_format = FORMATS.get(unit)
        known = (
            f"{entry['known']}/{entry['of']}"
            if entry.get("known") is not None and entry.get("of")
            else (str(entry["known"]) if entry.get("known") is not None else None)
        )
        value = entry["value"]
        early = entry.get("early_days")
        values = [
            t[f"level_{entry['level']}"],
            entry["label"],
            value,
            known,
            entry["baseline"],
            entry["change"],
            entry["target"],
            entry["progress"],
            entry["basis"] + (f" ({t['early'].format(days=early)})" if early else ""),
            entry["source"] + (f" ({day(entry['date'], language)})" if entry.get("date") else ""),
            entry["definition"],
        ]
        formats = [
            None,
            None,
            number_format,
            None,
            number_format,
            FORMATS.get(entry["change_kind"] or ""),
            number_format,
            FORMATS["progress"],
            None,
            None,
            None,
        ]
        for column, (cell_value, cell_format) in enumerate(zip(values, formats), start=1):
            _put(figures, row, column, cell_value, cell_format)
            figures.cell(row=row, column=column).alignment = Alignment(wrap_text=column >= 9, vertical="top")
    row += 2
    if data["notes"]:
        _put(figures, row, 1, t["notes"])
        figures.cell(row=row, column=1).font = Font(bold=True)
        for note in data["notes"]:
            row += 1
            _put(figures, row, 1, note)
    figures.freeze_panes = figures.cell(row=header_row + 1, column=3)
    _widths(figures, [20, 44, 14, 12, 14, 11, 12, 11, 20, 30, 70])

    posts = book.create_sheet(t["sheet_posts"])
    post_columns = ["platform", "account", "post_id", "link", "published", "type", "pillars", *POST_COUNTS,
                    "engagement_rate", "engagement_rate_at_age", "caption"]  # fmt: skip
    _header(posts, 1, [t[f"col_{c}"].format(age=f"{data['age_days']:g}") for c in post_columns])
    for row, post in enumerate(data["posts"], start=2):
        for column, name in enumerate(post_columns, start=1):
            value = post.get(name)
            if name in POST_COUNTS:
                _put(posts, row, column, value, FORMATS["count"])
            elif name.startswith("engagement_rate"):
                _put(posts, row, column, value, FORMATS["rate"])
            else:
                _put(posts, row, column, value)
            if name == "link" and isinstance(value, str) and value.startswith("https://"):
                posts.cell(row=row, column=column).hyperlink = value
    posts.freeze_panes = "A2"
    _widths(posts, [10, 18, 22, 36, 17, 10, 18, *[11] * len(POST_COUNTS), 12, 14, 80])
    posts.auto_filter.ref = f"A1:{get_column_letter(len(post_columns))}{max(len(data['posts']) + 1, 1)}"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
