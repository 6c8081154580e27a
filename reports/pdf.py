"""PDF documents with fpdf2: pure Python, so `pip install` alone makes PDFs on Linux, macOS and
Windows (no browser, no GTK). Text is set in the DejaVu fonts that matplotlib ships, which
cover Indonesian and most of Unicode; characters they lack (emoji) are left out rather than
drawn as boxes.

``PdfDocument`` is the shared page: A4, the office and the period in the header of every
page, "page n of N" in the footer, headings, paragraphs, tables and charts. ``weekly_pdf``
lays out the weekly report with it, from the same values and charts as the HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from outreach.texts import area_texts


@cache
def font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "": folder / "DejaVuSans.ttf",
        "B": folder / "DejaVuSans-Bold.ttf",
        "I": folder / "DejaVuSans-Oblique.ttf",
    }


@cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_files()[""]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: Any) -> str:
    """``text`` without the characters the font cannot draw (emoji, variation selectors)."""
    covered = _covered()
    return "".join(ch for ch in str(text) if ord(ch) in covered or ch in "\n\t")


def _base() -> Any:
    from fpdf import FPDF

    return FPDF


class PdfDocument(_base()):  # type: ignore[misc]
    """An A4 document with ``header_left``/``header_right`` on every page and numbered pages."""

    FONT = "dejavu"

    def __init__(self, header_left: str, header_right: str, language: str = "id") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.header_left = printable(header_left)
        self.header_right = printable(header_right)
        self.page_text = area_texts("report", language)["page"]
        for style, path in font_files().items():
            self.add_font(self.FONT, style=style, fname=str(path))
        self.set_margins(15, 20, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages("{nb}")
        self.set_creator("outreach")
        self.set_font(self.FONT, size=10)

    def header(self) -> None:
        self.set_font(self.FONT, size=8)
        self.set_text_color(90)
        self.set_xy(15, 9)
        width = self.w - 30
        self.cell(width * 0.62, 5, self._fit(self.header_left, width * 0.62))
        self.cell(width * 0.38, 5, self._fit(self.header_right, width * 0.38), align="R")
        self.set_draw_color(0, 114, 178)
        self.line(15, 15, self.w - 15, 15)
        self.set_text_color(0)
        self.set_y(20)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.FONT, size=8)
        self.set_text_color(90)
        self.cell(0, 5, self.page_text.format(page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0)

    def _fit(self, text: str, width: float) -> str:
        while text and self.get_string_width(text) > width - 1:
            text = text[:-2] + "…"
        return text

    # content -----------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        size = {0: 17, 1: 14, 2: 11.5, 3: 10.5}[level]
        self.ln(2 if level > 1 else 0)
        self.set_font(self.FONT, style="B", size=size)
        self.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1.5)
        self.set_font(self.FONT, size=10)

    def paragraph(self, text: str, *, size: float = 10, grey: bool = False, style: str = "") -> None:
        self.set_font(self.FONT, style=style, size=size)
        if grey:
            self.set_text_color(85)
        self.multi_cell(0, size * 0.48, printable(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_text_color(0)
        self.set_font(self.FONT, size=10)
        self.ln(1.2)

    def note(self, text: str) -> None:
        self.paragraph(text, size=8.5, grey=True)

    def bullet(self, text: str, *, size: float = 10) -> None:
        self.set_font(self.FONT, size=size)
        self.set_x(self.l_margin)
        self.cell(5, size * 0.48, "•")
        self.multi_cell(0, size * 0.48, printable(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(0.6)

    def quote(self, text: str, meta: str) -> None:
        self.set_draw_color(160)
        top = self.get_y()
        self.set_x(self.l_margin + 4)
        self.set_font(self.FONT, style="I", size=9.5)
        self.multi_cell(0, 4.6, printable(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_x(self.l_margin + 4)
        self.set_font(self.FONT, size=8)
        self.set_text_color(85)
        self.multi_cell(0, 4, printable(meta), new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_text_color(0)
        if self.get_y() > top:  # not across a page break
            self.line(self.l_margin + 1, top, self.l_margin + 1, self.get_y())
        self.ln(1.5)

    def table(
        self,
        headings: list[str],
        rows: list[list[Any]],
        *,
        widths: tuple[float, ...] | None = None,
        numeric: tuple[int, ...] = (),
        size: float = 8.5,
    ) -> None:
        """A table with a grey heading row repeated on each page; ``numeric`` columns right-aligned."""
        from fpdf.fonts import FontFace

        self.set_font(self.FONT, size=size)
        aligns = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(headings)))
        with super().table(
            col_widths=widths, text_align=aligns, line_height=size * 0.5, padding=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=(238, 238, 238)), borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True, repeat_headings=1,
        ) as table:  # fmt: skip
            for row in [headings, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(printable("" if value is None else value))
        self.ln(2)
        self.set_font(self.FONT, size=10)

    def chart(self, png: bytes, caption: str, width: float | None = None) -> None:
        import io

        width = width or (self.w - self.l_margin - self.r_margin)
        self.image(io.BytesIO(png), w=width, x=self.l_margin)
        self.note(caption)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


# --- the weekly report ------------------------------------------------------------------------


def weekly_pdf(data: dict[str, Any], figures: dict[str, Any] | None = None) -> bytes:
    """The weekly report (its ``as_dict()``) as an A4 PDF with the same content as the HTML;
    ``figures`` as for ``weekly_html``."""
    from reports.charts import png, weekly_charts
    from reports.html import WeeklyView

    view = WeeklyView(data)
    t = view.t
    week = t["week_of"].format(
        week=data["week"], monday=view.d(data["monday"]), sunday=view.d(data["sunday"])
    )
    pdf = PdfDocument(data["office_name"], week, view.language)
    pdf.set_title(f"{t['title']} {data['week']}")
    if figures is None:
        figures = weekly_charts(data["charts"], view.language)
    images = {name: png(fig) for name, fig in figures.items()}

    pdf.add_page()
    pdf.heading(t["title"], 0)
    pdf.paragraph(data["office_name"], style="B", size=11)
    pdf.paragraph(week)
    pdf.note(t["generated"].format(when=view.dt(data["generated_at"]), zone=data["timezone"]))
    if data["nothing_posted"]:
        pdf.paragraph(t["nothing_posted"].format(week=data["week"], monday=view.d(data["monday"]),
                                                 sunday=view.d(data["sunday"])), style="B")  # fmt: skip

    # 1. headline figures
    pdf.heading(t["s1"])
    for row in view.headline_rows():
        pdf.heading(t["platform_" + row["platform"]] if row["platform"] else t["total"], 2)
        lines = []
        for key, label, value in view.figures(row):
            change = row["change"].get(key)
            lines.append([
                label, value,
                view.change(change, "vs_previous") if change else t["unknown"],
                view.change(change, "vs_four_weeks") if change else t["unknown"],
            ])  # fmt: skip
        pdf.table([t["figure"], t["this_week"], t["vs_previous"], t["vs_four_weeks"]], lines,
                  widths=(34, 26, 20, 20), numeric=(1, 2, 3))  # fmt: skip
        notes = []
        if row["age_min_days"] is not None:
            notes.append(t["ages"].format(low=view.n(row["age_min_days"], 1), high=view.n(row["age_max_days"], 1),
                                          median=view.n(row["age_median_days"], 1)))  # fmt: skip
        else:
            notes.append(t["ages_none"])
        if row["posts_without_numbers"]:
            notes.append(t["without_numbers"].format(n=view.n(row["posts_without_numbers"])))
        if row["engagements_partial"]:
            notes.append(t["partial_note"].format(n=view.n(row["engagements_partial"])))
        pdf.note(" ".join(notes))
    pdf.note(t["to_date_note"].format(age=view.n(data["comparison_age"]), why=view.age_reason()))
    pdf.chart(
        images["trend"],
        t["chart_trend"].format(
            age=view.n(data["age_days"]), first=view.d(view.first_week()), last=view.d(data["sunday"])
        ),
    )
    pdf.chart(images["calendar"], t["chart_calendar"].format(zone=data["timezone"]))

    # 2. pillars
    pdf.add_page()
    pdf.heading(t["s2"])
    pdf.table(
        [t["pillar"], t["posts"], t["reach"], view.rate_label, t["net_sentiment"], t["weeks_with_posts"].format(n=12),
         t["longest_gap"]],
        [
            [p["name"] + ("" if p["posts"] else f" ({t['no_post']})"), view.n(p["posts"]), view.n(p["reach"]),
             view.pct(p["engagement_rate"], 2), view.n(p["net_sentiment"], 2), view.n(p["weeks_with_posts"]),
             t["days"].format(n=view.n(p["longest_gap_days"])) if p["longest_gap_days"] is not None else t["unknown"]]
            for p in data["pillars"]
        ],
        widths=(46, 16, 20, 26, 20, 26, 22), numeric=(1, 2, 3, 4, 5, 6),
    )  # fmt: skip
    pdf.note(t["pillar_note"].format(n=12))
    pdf.chart(images["pillars"], t["chart_pillars"], width=150)

    # 3. campaigns
    pdf.add_page()
    pdf.heading(t["s3"])
    if not data["campaigns"]:
        pdf.paragraph(t["no_campaigns"])
    for c in data["campaigns"]:
        pdf.heading(c["name"], 2)
        period = t["period"].format(start=view.d(c["start"]) if c["start"] else t["open"],
                                    end=view.d(c["end"]) if c["end"] else t["open"])  # fmt: skip
        if c["time_elapsed"] is not None:
            period += " · " + t["elapsed"].format(share=view.pct(c["time_elapsed"], 0))
        pdf.note(period)
        pdf.paragraph(t["this_week_posts"].format(posts=view.n(c["posts_this_week"]), reach=view.n(c["reach_this_week"]),
                                                  engagements=view.n(c["engagements_this_week"])))  # fmt: skip
        pdf.paragraph(t["to_date"].format(
            posts=view.n(c["posts_to_date"]), reach=view.n(c["reach_to_date"]), views=view.n(c["views_to_date"]),
            engagements=view.n(c["engagements_to_date"]), rate=view.pct(c["engagement_rate_to_date"], 2),
            sentiment=view.n(c["net_sentiment_to_date"], 2)))  # fmt: skip
        if c["has_targets"]:
            rows = []
            for g in c["targets"]:
                name = t["target_names"].get(g["name"], g["name"])
                if g["source"] == "impact":
                    name += " (" + (t["impact_from"].format(source=g["impact_source"]) if g.get("impact_source")
                                    else t["impact_entered"]) + ")"  # fmt: skip
                elif g["source"] == "not_measured":
                    name += f" ({t['not_measured']})"
                rows.append([name, view.target(g["target"], g["name"]), view.target(g["actual"], g["name"]),
                             view.pct(g["progress"], 0)])  # fmt: skip
            pdf.table([t["target"], t["target"], t["actual"], t["progress"]], rows, widths=(70, 30, 30, 25),
                      numeric=(1, 2, 3))  # fmt: skip
        else:
            pdf.note(t["no_targets"])
        base = c["baseline"]
        if base:
            pillar = (t["baseline_pillar"].format(pillar=view.pillar_names().get(base["pillar"], base["pillar"]))
                      if base["pillar"] else "")  # fmt: skip
            pdf.note(t["baseline"].format(start=view.d(base["start"]), end=view.d(base["end"]), pillar=pillar,
                                          age=view.n(base["age_days"])))  # fmt: skip
            b, k = base["baseline"], base["campaign"]
            pdf.table(
                ["", t["baseline_col"], t["campaign_col"]],
                [
                    [t["posts_per_week"], view.n(b["posts_per_week"], 1), view.n(k["posts_per_week"], 1)],
                    [t["reach_per_post"], view.n(b["reach_per_post"]), view.n(k["reach_per_post"])],
                    [t["engagements_per_post"], view.n(b["engagements_per_post"]), view.n(k["engagements_per_post"])],
                    [view.rate_label, view.pct(b["engagement_rate"], 2), view.pct(k["engagement_rate"], 2)],
                ],
                widths=(70, 30, 30), numeric=(1, 2),
            )  # fmt: skip
        else:
            pdf.note(t["no_baseline"])

    # 4. best and weakest posts
    pdf.add_page()
    pdf.heading(t["s4"])
    if not data["ranked"]:
        pdf.paragraph(t["nothing_posted"].format(week=data["week"], monday=view.d(data["monday"]),
                                                 sunday=view.d(data["sunday"])))  # fmt: skip
    for entry in data["ranked"]:
        platform = t["platform_" + entry["platform"]]
        pdf.heading(platform, 2)
        if not entry["ranked_posts"]:
            pdf.note(t["no_ranked"].format(platform=platform, age=view.n(entry["age_days"])))
            continue
        pdf.note(t["ranked_note"].format(age=view.n(entry["age_days"]), metric=t["metric_" + entry["metric"]],
                                         platform=platform, median=view.pct(entry["median"], 2),
                                         n=view.n(entry["ranked_posts"])))  # fmt: skip
        for side in ("best", "weakest"):
            if not entry[side]:
                continue
            pdf.heading(t[side], 3)
            for post in entry[side]:
                meta = [
                    f"@{post['account']}",
                    view.dt(post["published_at"]),
                    f"{t['type']}: {post['type'] or t['unknown']}",
                ]
                if post["pillars"]:
                    meta.append(f"{t['pillars']}: {', '.join(post['pillars'])}")
                pdf.paragraph(post["caption"] or t["unknown"], size=9.5)
                pdf.note(" · ".join(meta) + (f" · {post['link']}" if post["link"] else ""))
                pdf.paragraph(post["why"], size=9)

    # 5. what people said
    pdf.add_page()
    pdf.heading(t["s5"])
    said = data["said"]
    if said["classified"]:
        share = said["share"]
        pdf.paragraph(t["said_summary"].format(
            n=view.n(said["classified"]), positive=view.pct(share["positive"], 0), neutral=view.pct(share["neutral"], 0),
            negative=view.pct(share["negative"], 0), net=view.n(said["net_sentiment"], 2)))  # fmt: skip
    else:
        pdf.paragraph(t["no_comments"])
    pdf.chart(images["sentiment"], t["chart_sentiment"])
    pdf.heading(t["negative_pillars"], 2)
    if said["negative_pillars"]:
        for p in said["negative_pillars"]:
            pdf.bullet(
                f"{p['name']}: "
                + t["negative_of"].format(negative=view.n(p["negative"]), n=view.n(p["classified"]))
            )
    else:
        pdf.note(t["no_negative"])
    pdf.heading(t["quotes"], 2)
    for q in said["quotes"]:
        pdf.quote(q["text"], f"{t['label'][q['label']]} · {t['platform_' + q['platform']]}")
    if not said["quotes"]:
        pdf.note(t["no_quotes"])

    # 6. what worked
    pdf.add_page()
    pdf.heading(t["s6"])
    worked = data["worked"]
    pdf.note(t["worked_intro"].format(weeks=12, since=view.d(worked["since"]), until=view.d(worked["until"]),
                                      age=view.n(worked["age_days"])))  # fmt: skip
    if worked["findings"]:
        for finding in worked["findings"]:
            pdf.bullet(finding["statement"])
    elif worked["checked"]:
        pdf.paragraph(t["nothing_stands_out"].format(checked=view.checked_list()))
    else:
        pdf.paragraph(t["nothing_checked"].format(age=view.n(worked["age_days"])))
    sampled, sample_n = view.sample()
    if sampled:
        pdf.note(t["sampled"].format(n=view.n(sample_n)))

    # 7. data coverage
    pdf.add_page()
    pdf.heading(t["s7"])
    rows = []
    listed, hidden = view.coverage_rows()
    for a in listed:
        platform = t["platform_" + a["platform"]]
        status = (t["status_ok"] if a["status"] == "ok" else
                  t["status_stale"].format(platform=platform, day=view.d(a["last_collected"])) if a["status"] == "stale"
                  else t["status_missing"])  # fmt: skip
        kinds = ", ".join(
            f"{k['kind']} ({view.d(k.get('newest') or k.get('newest_day') or k.get('imported_at'))})"
            for k in a["kinds"]
        )
        posts = view.n(a["posts"])
        if a["posts_without_numbers"]:
            posts += " (" + t["without_numbers"].format(n=view.n(a["posts_without_numbers"])) + ")"
        rows.append([f"{platform} @{a['handle']}", posts, status, kinds])
    if rows:
        headings = [t["account"], t["posts_week"], t["status"], t["kinds"]]
        pdf.table(headings, rows, widths=(40, 22, 45, 73), numeric=(1,))
    if hidden:
        pdf.note(t["others_ok"].format(n=view.n(hidden)))
    pdf.heading(t["engagement_missing"], 2)
    missing = data["coverage"]["engagement_missing"]
    components = view.components()
    for platform, parts in missing.items():
        for part, count in parts.items():
            pdf.bullet(t["missing_part"].format(platform=t["platform_" + platform], part=components.get(part, part),
                                                n=view.n(count), of=view.n(data["coverage"]["engagement_posts"][platform])))  # fmt: skip
    if not missing:
        pdf.note(t["none_missing"])

    # 8. definitions
    pdf.add_page()
    pdf.heading(t["s8"])
    for d in data["definitions"]:
        pdf.paragraph(d["term"], style="B", size=9.5)
        pdf.paragraph(d["definition"], size=9)
    return pdf.output_bytes()
