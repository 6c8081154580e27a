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
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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


def _cell(
    sheet: Any, value: Any, number_format: str | None = None, *, font: Font | None = None, wrap: bool = False
) -> Any:
    """One cell for ``sheet.append``: None for unknown (an empty cell), text neutralised,
    dates and numbers with their number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None  # unknown stays an empty cell
    if isinstance(value, str):
        value = safe_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever openpyxl would guess
    elif isinstance(value, datetime):
        cell.number_format = FORMATS["datetime"]
    elif isinstance(value, date):
        cell.number_format = FORMATS["date"]
    elif number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _header(sheet: Any, names: list[str]) -> list[Any]:
    cells = []
    for name in names:
        cell = _cell(sheet, name, font=Font(bold=True), wrap=True)
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def _widths(sheet: Any, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def evaluation_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of one evaluation sheet (``Evaluation.as_dict(native=True)``) as bytes.

    Written in openpyxl's write-only mode: rows stream to the file in order, so a pillar's
    thousands of posts cost neither the time nor the memory of a cell-by-cell workbook."""
    language = data["language"]
    t = area_texts("evaluation", language)
    book = Workbook(write_only=True)
    figures = book.create_sheet(t["sheet_figures"])
    title = t[f"title_{data['kind']}"].format(name=data["name"])
    start, end = data["period"]
    generated = data["generated_at"]
    meta = [
        title,
        f"{t['office']}: {data['office']}",
        t["period"].format(start=day(start, language), end=day(end, language))
        if start or end
        else t["period_open"],
        t["baseline_period"].format(
            start=day(data["baseline_period"][0], language),
            end=day(data["baseline_period"][1], language),
            scope=data["baseline_scope"],
        )
        if data["baseline_period"]
        else t["no_baseline_period"],
        t["measured"].format(
            age=f"{data['age_days']:g}",
            rate=t[f"row_engagement_rate_{data['rate_by']}"],
            zone=data["timezone"],
            generated=generated.isoformat(sep=" ", timespec="minutes")
            if isinstance(generated, datetime)
            else generated,
        ),
    ]
    columns = ["level", "indicator", "value", "known", "baseline", "change", "target", "progress", "basis",
               "source", "definition"]  # fmt: skip
    header_row = len(meta) + 2
    # Write-only sheets take their panes and widths before the first row.
    figures.freeze_panes = f"C{header_row + 1}"
    _widths(figures, [20, 44, 14, 12, 14, 11, 12, 11, 20, 30, 70])
    for number, line in enumerate(meta):
        figures.append([_cell(figures, line, font=Font(bold=True, size=14) if number == 0 else None)])
    figures.append([])
    figures.append(_header(figures, [t[f"col_{c}"] for c in columns]))
    for entry in data["rows"]:
        number_format = FORMATS.get(entry["unit"])
        known = None
        if entry.get("known") is not None:
            known = f"{entry['known']}/{entry['of']}" if entry.get("of") else str(entry["known"])
        early = entry.get("early_days")
        values = [
            (t[f"level_{entry['level']}"], None),
            (entry["label"], None),
            (entry["value"], number_format),
            (known, None),
            (entry["baseline"], number_format),
            (entry["change"], FORMATS.get(entry["change_kind"] or "")),
            (entry["target"], number_format),
            (entry["progress"], FORMATS["progress"]),
            (entry["basis"] + (f" ({t['early'].format(days=early)})" if early else ""), None),
            (entry["source"] + (f" ({day(entry['date'], language)})" if entry.get("date") else ""), None),
            (entry["definition"], None),
        ]
        figures.append(
            [_cell(figures, value, fmt, wrap=column >= 8) for column, (value, fmt) in enumerate(values)]
        )
    if data["notes"]:
        figures.append([])
        figures.append([_cell(figures, t["notes"], font=Font(bold=True))])
        for note in data["notes"]:
            figures.append([_cell(figures, note)])

    posts = book.create_sheet(t["sheet_posts"])
    post_columns = ["platform", "account", "post_id", "link", "published", "type", "pillars", *POST_COUNTS,
                    "engagement_rate", "engagement_rate_at_age", "caption"]  # fmt: skip
    posts.freeze_panes = "A2"
    _widths(posts, [10, 18, 22, 36, 17, 10, 18, *[11] * len(POST_COUNTS), 12, 14, 80])
    posts.auto_filter.ref = f"A1:{get_column_letter(len(post_columns))}{max(len(data['posts']) + 1, 1)}"
    posts.append(_header(posts, [t[f"col_{c}"].format(age=f"{data['age_days']:g}") for c in post_columns]))
    for post in data["posts"]:
        row = []
        for name in post_columns:
            value = post.get(name)
            if name in POST_COUNTS:
                cell = _cell(posts, value, FORMATS["count"])
            elif name.startswith("engagement_rate"):
                cell = _cell(posts, value, FORMATS["rate"])
            else:
                cell = _cell(posts, value)
            if (
                name == "link"
                and cell is not None
                and isinstance(value, str)
                and value.startswith("https://")
            ):
                cell.hyperlink = value
            row.append(cell)
        posts.append(row)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
