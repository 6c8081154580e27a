"""The evaluation sheet as a PDF (fpdf2, pure Python: ``pip install`` is enough on every OS).

A4 landscape (the figures table is wide), DejaVu Sans from matplotlib's own fonts (Indonesian
text, "−" and "≥" need more than the PDF core fonts), the office and the sheet's name in the
header of every page and "page n of N" in the footer. Untrusted text is drawn as plain text:
fpdf2's markdown is off, so a caption cannot style or link anything.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from outreach.texts import area_texts
from reports.evaluation_html import header_lines, post_rows, posts_note, table_rows

FONT = "DejaVu"
MAX_CAPTION = 160
HEADING_LENGTH = 150


def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def _drawable() -> frozenset[int]:
    """The code points DejaVu Sans has glyphs for."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(_font_folder() / "DejaVuSans.ttf")).getBestCmap())


def _printable(value: str) -> str:
    """Text the font can draw: control characters become spaces, and characters DejaVu Sans
    has no glyph for (emoji, mostly) are left out rather than drawn as nothing with a warning."""
    drawable = _drawable()
    return "".join(
        (c if c.isprintable() else " ") for c in value if ord(c) in drawable or not c.isprintable()
    )


class _Sheet(FPDF):
    def __init__(self, heading: str, page_text: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.heading = heading
        self.page_text = page_text
        folder = _font_folder()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(10, 16, 10)

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(80)
        self.set_xy(10, 6)
        self.cell(0, 5, self.heading, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.set_y(16)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 8)
        self.set_text_color(80)
        self.cell(0, 5, self.page_text.format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(0)


def evaluation_pdf(data: dict[str, Any]) -> bytes:
    """The PDF of one evaluation sheet (``Evaluation.as_dict(native=True)``) as bytes."""
    t = area_texts("evaluation", data["language"])
    head = header_lines(data)
    heading = _printable(f"{data['office']} · {head['title']}")
    if len(heading) > HEADING_LENGTH:  # one line at the top of every page
        heading = heading[: HEADING_LENGTH - 1] + "…"
    pdf = _Sheet(heading, t["page"])
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, _printable(head["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    for key in ("office", "period", "baseline", "measured"):
        pdf.multi_cell(0, 4.5, _printable(head[key]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    columns = ("label", "value", "known", "baseline", "change", "target", "progress", "basis", "source",
               "definition")  # fmt: skip
    names = ("indicator", "value", "known", "baseline", "change", "target", "progress", "basis", "source",
             "definition")  # fmt: skip
    widths = (48, 18, 17, 20, 20, 18, 18, 22, 30, 66)
    bold = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
    level_style = FontFace(emphasis="BOLD", fill_color=(243, 243, 243))
    pdf.set_font(FONT, "", 7)
    with pdf.table(
        col_widths=widths,
        headings_style=bold,
        line_height=3.6,
        text_align="LEFT",
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        table.row([t[f"col_{n}"] for n in names])
        level = None
        for row in table_rows(data):
            if row["level"] != level:
                level = row["level"]
                heading_row = table.row(style=level_style)
                heading_row.cell(row["level_name"], colspan=len(columns))
            table.row([_printable(row[c]) for c in columns])
    if data["notes"]:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(0, 5, t["notes"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 8)
        for note in data["notes"]:
            pdf.multi_cell(0, 4, _printable("• " + note), new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, t["sheet_posts"], new_x="LMARGIN", new_y="NEXT")
    posts = post_rows(data)
    note = posts_note(data)
    if note:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 7)
    if not posts:
        pdf.cell(0, 5, t["no_posts"], new_x="LMARGIN", new_y="NEXT")
    else:
        post_columns = ("published", "platform", "account", "type", "pillars", "views", "reach", "engagements",
                        "engagement_rate", "caption")  # fmt: skip
        with pdf.table(
            col_widths=(22, 16, 28, 14, 26, 18, 18, 18, 18, 99),
            headings_style=bold,
            line_height=3.6,
            text_align="LEFT",
            repeat_headings=1,
        ) as table:
            table.row([t[f"col_{c}"] for c in post_columns])
            for post in posts:
                caption = post["caption"]
                post["caption"] = caption[:MAX_CAPTION] + ("…" if len(caption) > MAX_CAPTION else "")
                table.row([_printable(str(post[c])) for c in post_columns])
    return bytes(pdf.output())
