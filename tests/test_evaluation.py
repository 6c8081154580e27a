"""The evaluation sheet on a small real SQLite database, with every number computed by hand.

Times UTC; WIB = UTC+7. Campaign "tanam" runs 5–25 Oct 2026 (3 weeks) on pillar environment;
its baseline is 14 Sep – 4 Oct (3 weeks) over the environment posts of any account.

| post | account        | published (UTC) | values at day 7 (snapshot)                          | later snapshot           |
|------|----------------|-----------------|-----------------------------------------------------|--------------------------|
| a    | instagram      | 6 Oct 02:00     | reach 1000, views 2000, 80/10/5/5 (eng 100), clicks 10, visits 20 | day 14: reach 1200, views 2400, 90/10/5/5 (eng 110), clicks 12, visits 24 |
| b    | instagram      | 13 Oct 02:00    | reach 2000, views 4000, 150/20/20/10 (eng 200), clicks ?, visits 30 | —                     |
| c    | x              | 20 Oct 02:00    | only a day-2 snapshot: views 1000, likes 30, replies 5, reposts 10, quotes 0, bookmarks 5 (eng 50) |  |
| d    | instagram      | 15 Sep 02:00    | reach 500, views 800, 40/4/4/2 (eng 50), clicks 2, visits 5 (baseline) | —            |
| e    | instagram      | 22 Sep 02:00    | reach 500, views 700, 20/3/2/5 (eng 30), clicks ?, visits 3 (baseline) | —             |
| f    | instagram      | 20 Sep 02:00    | pillar economy, campaign "ekspor": outside the baseline's scope | —                     |

a, b, c are tagged to campaign tanam and pillar environment; d, e to pillar environment.
Followers of the Instagram account: 10,000 on 14 Sep, 10,300 on 4 and 5 Oct, 10,900 on 25 Oct
(the X account has none). Comments: on a positive, positive, negative; on d positive,
negative, negative.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import text

from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    CommentRecord,
    MetricSnapshotRecord,
    PostRecord,
)
from outreach.app.evaluation import build_evaluation, write_evaluation
from outreach.app.workspace import Workspace
from outreach.config import load_config
from outreach.db import create_db_engine, upgrade
from outreach.errors import OutreachError
from outreach.store import Store

IG = AccountRef("instagram", "sukamajukab")
X = AccountRef("x", "sukamajukab")
INJECTION = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

TOML = """
[report]
language = "en"
timezone = "Asia/Jakarta"

[engagement]
rate_by = "reach"
age_days = 7

[[offices]]
key = "diskominfo"
name = "Diskominfo Sukamaju"

[[accounts]]
platform = "instagram"
handle = "sukamajukab"
office = "diskominfo"

[[accounts]]
platform = "x"
handle = "sukamajukab"
office = "diskominfo"

[[campaigns]]
key = "tanam"
name = "NAME"
start = 2026-10-05
end = 2026-10-25
pillars = ["environment"]
targets = { reach = 2500, engagement_rate = 0.05, posts = 2, registrations = 150 }
baseline = { start = 2026-09-14, end = 2026-10-04 }
impact = { registrations = { value = 134, source = "Dinas Koperasi, rekap 26 Okt", date = 2026-10-26 } }

[[campaigns]]
key = "ekspor"
name = "Go Ekspor"
pillars = ["economy"]

[[campaigns]]
key = "gabungan"
name = "Two pillars, one account"
start = 2026-10-05
end = 2026-10-25
pillars = ["environment", "economy"]
accounts = ["sukamajukab"]
baseline = { start = 2026-09-14, end = 2026-10-04 }
"""


def _post(key, account, published, type_, caption, *snapshots):
    records = [PostRecord(account.platform, key, account, published, type_, caption)]
    for at_day, values in snapshots:
        records.append(
            MetricSnapshotRecord(account.platform, key, published + timedelta(days=at_day), "export", values)
        )
    return records


def build(path: Path, name: str = "Gerakan Menanam Pohon") -> Workspace:
    config_path = path / "outreach.toml"
    config_path.write_text(TOML.replace('"NAME"', f"'{name}'"), encoding="utf-8")
    engine = create_db_engine(f"sqlite:///{path / 'outreach.db'}")
    upgrade(engine)
    ig = {
        "likes": 80,
        "comments": 10,
        "shares": 5,
        "saves": 5,
        "reach": 1000,
        "views": 2000,
        "link_clicks": 10,
        "profile_visits": 20,
    }
    records = [
        *_post("a", IG, datetime(2026, 10, 6, 2), "image", INJECTION, (7, ig),
               (14, dict(ig, likes=90, reach=1200, views=2400, link_clicks=12, profile_visits=24))),
        *_post("b", IG, datetime(2026, 10, 13, 2), "reel", f"{SCRIPT} {IMG}",
               (7, {"likes": 150, "comments": 20, "shares": 20, "saves": 10, "reach": 2000, "views": 4000, "profile_visits": 30})),
        *_post("c", X, datetime(2026, 10, 20, 2), "text", "-5 pohon",
               (2, {"likes": 30, "replies": 5, "reposts": 10, "quotes": 0, "bookmarks": 5, "views": 1000})),
        *_post("d", IG, datetime(2026, 9, 15, 2), "image", "bank sampah",
               (7, {"likes": 40, "comments": 4, "shares": 4, "saves": 2, "reach": 500, "views": 800, "link_clicks": 2,
                        "profile_visits": 5})),
        *_post("e", IG, datetime(2026, 9, 22, 2), "image", "sungai bersih",
               (7, {"likes": 20, "comments": 3, "shares": 2, "saves": 5, "reach": 500, "views": 700, "profile_visits": 3})),
        *_post("f", IG, datetime(2026, 9, 20, 2), "image", "UMKM ekspor",
               (7, {"likes": 1000, "comments": 100, "shares": 50, "saves": 50, "reach": 5000, "views": 9000})),
        *[AccountSnapshotRecord(IG, day, "meta_account", {"followers": followers}) for day, followers in (
            (date(2026, 9, 14), 10_000), (date(2026, 10, 4), 10_300), (date(2026, 10, 5), 10_300),
            (date(2026, 10, 25), 10_900),
        )],
        *[CommentRecord("instagram", "a", f"a{n}", "komentar") for n in range(1, 4)],
        *[CommentRecord("instagram", "d", f"d{n}", "komentar") for n in range(1, 4)],
    ]  # fmt: skip
    with engine.begin() as connection:
        store = Store(connection)
        store.sync_config(load_config(config_path))
        store.write(records)
        ids: dict[str, int] = dict(connection.execute(text("SELECT platform_post_id, id FROM post")).all())
        tags = [("pillar", "environment", p) for p in "abcde"] + [("pillar", "economy", "f")]
        tags += [("campaign", "tanam", p) for p in "abc"] + [("campaign", "ekspor", "f")]
        connection.execute(
            text(
                "INSERT INTO assignment (post_id, kind, key, origin, excluded, assigned_at) "
                "VALUES (:post, :kind, :key, 'manual', false, '2026-10-30 00:00:00')"
            ),
            [{"post": ids[p], "kind": kind, "key": key} for kind, key, p in tags],
        )
        labels = {"a1": "positive", "a2": "positive", "a3": "negative",
                  "d1": "positive", "d2": "negative", "d3": "negative"}  # fmt: skip
        connection.execute(
            text("UPDATE comment SET sentiment_label = :label WHERE platform_comment_id = :id"),
            [{"id": k, "label": v} for k, v in labels.items()],
        )
    engine.dispose()
    return Workspace(str(path / "outreach.db"), config_path)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return build(tmp_path)


def rows_of(evaluation, level):
    return {row["key"]: row for row in evaluation.rows if row["level"] == level}


def test_campaign_numbers_by_hand(ws):
    sheet = build_evaluation(ws, campaign="tanam")
    assert (sheet.period, sheet.baseline_period) == (
        (date(2026, 10, 5), date(2026, 10, 25)),
        (date(2026, 9, 14), date(2026, 10, 4)),
    )
    assert sheet.office == "Diskominfo Sukamaju" and sheet.has_targets

    baseline = rows_of(sheet, "baseline")
    assert baseline["posts"]["value"] == 2  # d and e; f is economy, outside the scope
    assert baseline["posts_per_week"]["value"] == pytest.approx(2 / 3)
    assert (baseline["reach"]["value"], baseline["views"]["value"], baseline["engagements"]["value"]) == (
        1000,
        1500,
        80,
    )
    assert baseline["engagement_rate"]["value"] == pytest.approx(80 / 1000)
    assert baseline["net_sentiment"]["value"] == pytest.approx(-1 / 3)  # 1 positive, 2 negative
    assert baseline["follower_growth"]["value"] == pytest.approx(300 / 20 * 7)

    output = rows_of(sheet, "output")
    posts = output["posts"]
    assert (posts["value"], posts["target"], posts["progress"], posts["target_met"]) == (3, 2, 1.5, True)
    assert output["posts_per_week"]["value"] == pytest.approx(1.0)
    assert output["posts_per_week"]["change"] == pytest.approx(0.5)  # 1 a week against 2/3
    reach = output["reach"]  # values to date: a's day-14 1200 + b's 2000; X has no reach
    assert (reach["value"], reach["known"], reach["of"], reach["target"]) == (3200, 2, 3, 2500)
    assert reach["progress"] == pytest.approx(3200 / 2500)
    assert output["views"]["value"] == 7400 and output["views"]["target"] is None

    outtake = rows_of(sheet, "outtake")
    assert outtake["engagements"]["value"] == 360  # 110 + 200 + 50
    rate = outtake["engagement_rate"]
    assert rate["label"] == "Engagement rate (by reach)" and "Engagements ÷ reach" in rate["definition"]
    assert rate["value"] == pytest.approx(310 / 3200) and (rate["known"], rate["target_met"]) == (2, True)
    assert outtake["comments"]["value"] == 35  # 10 + 20 comments, and 5 replies on X
    assert outtake["net_sentiment"]["value"] == pytest.approx(1 / 3)

    outcome = rows_of(sheet, "outcome")
    growth = outcome["follower_growth"]  # 600 in 20 days against 300 in 20 days; X has no counts
    assert growth["value"] == pytest.approx(210) and growth["baseline"] == pytest.approx(105)
    assert growth["change"] == pytest.approx(1.0) and (growth["known"], growth["of"]) == (1, 2)
    clicks = outcome["link_clicks_per_post"]  # at day 7: a 10 (b unknown, c not 7 days old) against d 2
    assert (clicks["value"], clicks["baseline"], clicks["change"]) == (10, 2, pytest.approx(4.0))
    visits = outcome["profile_visits_per_post"]  # (20 + 30) / 2 against (5 + 3) / 2
    assert (visits["value"], visits["baseline"], visits["change"]) == (25, 4, pytest.approx(5.25))
    assert outcome["reach_per_post"]["value"] == 1500 and outcome["reach_per_post"]["baseline"] == 500
    at_age = outcome["engagement_rate_at_age"]  # (100 + 200) / 3000 against 80 / 1000
    assert at_age["value"] == pytest.approx(0.1) and at_age["baseline"] == pytest.approx(0.08)
    assert at_age["change"] == pytest.approx(0.25) and at_age["basis"] == "at age 7 days"
    shift = outcome["sentiment_shift"]
    assert shift["change"] == pytest.approx(2 / 3) and shift["change_kind"] == "points"
    assert outcome["link_clicks_total"]["value"] == 12  # a's latest; b and c unknown, not 0
    assert outcome["link_clicks_total"]["known"] == 1
    assert outcome["profile_visits_total"]["value"] == 54

    impact = rows_of(sheet, "impact")["registrations"]
    assert (impact["value"], impact["target"], impact["target_met"]) == (134, 150, False)
    assert impact["source"] == "outreach.toml: Dinas Koperasi, rekap 26 Okt" and impact["date"] == date(
        2026, 10, 26
    )

    wins = [row for row in sheet.rows if row["level"] == "quick_wins"]
    reached = {row["key"]: row for row in wins if row["key"].startswith("target_")}
    # Posts (2) and reach (2500) were both reached with b, published 13 Oct: 12 days early.
    assert (
        reached["target_posts"]["value"] == date(2026, 10, 13) and reached["target_posts"]["early_days"] == 12
    )
    assert reached["target_reach"]["value"] == date(2026, 10, 13)
    beat = [row for row in wins if row["key"] == "post"]
    assert [row["value"] for row in beat] == [pytest.approx(0.1), pytest.approx(0.1)]  # a and b; c not at age
    assert any("1 posts are not yet 7 days old" in note for note in sheet.notes)

    listed = {post["post_id"]: post for post in sheet.posts}
    assert set(listed) == {"a", "b", "c"} and listed["c"]["reach"] is None
    assert listed["a"]["published"] == datetime(2026, 10, 6, 9)  # local time
    assert listed["a"]["pillars"] == "environment" and listed["a"]["caption"] == INJECTION


def test_campaign_without_targets_or_baseline_says_so(ws):
    sheet = build_evaluation(ws, campaign="ekspor")
    assert not sheet.has_targets and sheet.baseline_period is None
    assert "Campaign Go Ekspor has no targets (targets in outreach.toml): progress is blank." in sheet.notes
    assert any(note.startswith("This campaign has no baseline period") for note in sheet.notes)
    assert all(row["target"] is None and row["progress"] is None for row in sheet.rows)
    output = rows_of(sheet, "output")
    assert output["posts"]["value"] == 1 and output["reach"]["value"] == 5000
    assert rows_of(sheet, "impact")["none"]["value"] is None  # nothing entered: blank, never 0
    assert rows_of(sheet, "quick_wins")["none"]["value"] is None


def test_pillar_sheet_uses_the_same_length_before(ws):
    sheet = build_evaluation(ws, pillar="environment")
    assert sheet.period == (date(2026, 10, 5), date(2026, 10, 25))  # the span of its campaigns
    assert sheet.baseline_period == (date(2026, 9, 14), date(2026, 10, 4))  # 21 days just before
    assert rows_of(sheet, "output")["posts"]["value"] == 3
    assert rows_of(sheet, "baseline")["posts"]["value"] == 2
    assert rows_of(sheet, "impact")  # the impact of the campaigns under the pillar
    assert any(row["key"] == "target_posts" for row in sheet.rows if row["level"] == "quick_wins")


def test_unknown_names_fail_with_the_known_keys(ws):
    with pytest.raises(OutreachError, match=r"^no campaign 'tanem'; known: tanam, ekspor, gabungan$"):
        build_evaluation(ws, campaign="tanem")
    with pytest.raises(OutreachError, match=r"^no pillar 'lingkungan'; known: governance, branding, "):
        build_evaluation(ws, pillar="lingkungan")
    with pytest.raises(OutreachError, match="not both"):
        build_evaluation(ws, campaign="tanam", pillar="environment")


def test_impact_from_csv_with_its_source(ws, tmp_path):
    (tmp_path / "impact.csv").write_text(
        "campaign,indicator,value,source,date\n"
        'tanam,trees_planted,"1.250",DLH rekap bibit,2026-10-26\n'
        "tanam,registrations,140,Dinas Koperasi (final),2026-10-30\n",
        encoding="utf-8",
    )
    sheet = build_evaluation(ws, campaign="tanam")
    impact = [row for row in sheet.rows if row["level"] == "impact"]
    by_source = {row["source"]: row for row in impact}
    trees = by_source["impact.csv, line 2: DLH rekap bibit"]
    assert (trees["label"], trees["value"], trees["target"]) == ("trees_planted", 1250, None)
    # The same indicator from both places is shown twice, each with its source, never merged.
    assert by_source["impact.csv, line 3: Dinas Koperasi (final)"]["value"] == 140
    assert by_source["outreach.toml: Dinas Koperasi, rekap 26 Okt"]["value"] == 134


def test_impact_csv_errors_name_the_line(ws, tmp_path):
    (tmp_path / "impact.csv").write_text(
        "campaign,indicator,value,source,date\ntanam,registrations,banyak,x,2026-10-26\n", encoding="utf-8"
    )
    with pytest.raises(OutreachError, match=r"impact.csv, line 2: value 'banyak' is not a number"):
        build_evaluation(ws, campaign="tanam")
    (tmp_path / "impact.csv").write_text(
        "campaign,indicator,value\nsimaju,registrations,3\n", encoding="utf-8"
    )
    with pytest.raises(OutreachError, match=r"line 2: no campaign 'simaju'; known: tanam, ekspor, gabungan$"):
        build_evaluation(ws, campaign="tanam")


def test_xlsx_stores_numbers_dates_and_neutralised_text(ws, tmp_path):
    paths = write_evaluation(ws, campaign="tanam", out_dir=tmp_path / "out", formats=("xlsx",))
    assert [p.name for p in paths] == ["evaluation-tanam.xlsx"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
    book = load_workbook(io.BytesIO(paths[0].read_bytes()))
    figures, posts = book.worksheets
    assert (figures.title, posts.title) == ("Figures", "Posts")
    header = next(r for r in range(1, 20) if figures.cell(r, 1).value == "Level")
    assert figures.freeze_panes == f"C{header + 1}" and posts.freeze_panes == "A2"
    table = {
        (figures.cell(r, 1).value, figures.cell(r, 2).value): r
        for r in range(header + 1, figures.max_row + 1)
    }
    reach = table[("Output", "Reach")]
    assert figures.cell(reach, 3).value == 3200 and figures.cell(reach, 3).data_type == "n"
    assert figures.cell(reach, 3).number_format == "#,##0" and figures.cell(reach, 7).value == 2500
    assert figures.cell(reach, 4).value == "2/3"
    rate = table[("Out-take", "Engagement rate (by reach)")]
    assert (
        figures.cell(rate, 3).value == pytest.approx(310 / 3200)
        and figures.cell(rate, 3).number_format == "0.00%"
    )
    assert "Engagements ÷ reach" in figures.cell(rate, 11).value
    clicks = table[("Outcome", "Link clicks per post")]
    assert figures.cell(clicks, 6).value == pytest.approx(4.0)
    views = table[("Baseline", "Views")]
    assert figures.cell(views, 7).value is None  # no target: an empty cell, not 0
    reached = table[
        ("Quick wins", "NAME: Posts published target reached".replace("NAME", "Gerakan Menanam Pohon"))
    ]
    assert figures.cell(reached, 3).value == datetime(2026, 10, 13)  # a date cell (openpyxl reads datetimes)

    columns = {posts.cell(1, c).value: c for c in range(1, posts.max_column + 1)}
    rows = {posts.cell(r, columns["Post id"]).value: r for r in range(2, posts.max_row + 1)}
    a, c = rows["a"], rows["c"]
    caption = posts.cell(a, columns["Caption"])
    assert caption.value == "'" + INJECTION and caption.data_type == "s"
    assert posts.cell(c, columns["Caption"]).value == "'-5 pohon"
    assert posts.cell(a, columns["Published (local time)"]).value == datetime(2026, 10, 6, 9)
    assert posts.cell(a, columns["Reach"]).value == 1200 and posts.cell(a, columns["Reach"]).data_type == "n"
    assert posts.cell(c, columns["Reach"]).value is None


def test_html_and_pdf_show_hostile_text_as_text(tmp_path):
    ws = build(tmp_path, name=f"Tanam {SCRIPT} {IMG}")
    paths = write_evaluation(ws, campaign="tanam", out_dir=tmp_path / "out", formats=("html", "pdf"))
    assert [p.name for p in paths] == ["evaluation-tanam.html", "evaluation-tanam.pdf"]
    page = paths[0].read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "http://" not in page and "https://" not in page  # self-contained: nothing fetched
    pdf = paths[1].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_command_prints_the_paths(ws, tmp_path):
    from outreach.cli.evaluation import campaign

    result = CliRunner().invoke(
        campaign, ["tanam", "--out", str(tmp_path / "sheets"), "--format", "xlsx,html"], obj=ws
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        str(tmp_path / "sheets" / "evaluation-tanam.xlsx"),
        str(tmp_path / "sheets" / "evaluation-tanam.html"),
    ]
    wrong = CliRunner().invoke(campaign, ["tanam", "--format", "docx"], obj=ws)
    assert wrong.exit_code == 2 and "choose one or more of xlsx, html, pdf" in wrong.output
    neither = CliRunner().invoke(campaign, [], obj=ws)
    assert neither.exit_code == 2 and "name a campaign" in neither.output


def test_indonesian_file_names(tmp_path):
    ws = build(tmp_path)
    ws.language_option = "id"
    paths = write_evaluation(ws, pillar="environment", out_dir=tmp_path, formats=("xlsx",))
    assert paths[0].name == "evaluasi-pilar-environment.xlsx"
    figures = load_workbook(paths[0]).worksheets[0]
    assert figures.title == "Angka"


def test_documents_list_the_strongest_posts_and_the_xlsx_all(ws):
    from reports.evaluation_html import POSTS_SHOWN, evaluation_html
    from reports.xlsx import evaluation_xlsx

    data = build_evaluation(ws, campaign="tanam").as_dict(native=True)
    many = [dict(post, post_id=f"p{i}", engagements=float(i)) for i, post in enumerate(data["posts"] * 50)]
    data["posts"] = many  # 150 posts
    page = evaluation_html(data)
    assert (
        f"The {POSTS_SHOWN} posts with the most engagements of 150; every post is in the XLSX file." in page
    )
    assert page.count('<td class="caption">') == POSTS_SHOWN
    posts = load_workbook(io.BytesIO(evaluation_xlsx(data))).worksheets[1]
    assert posts.max_row == 151


def test_baseline_of_several_pillars_on_named_accounts(ws):
    sheet = build_evaluation(ws, campaign="gabungan")
    baseline = rows_of(sheet, "baseline")
    # d and e (environment) and f (economy), all on @sukamajukab, in 14 Sep – 4 Oct.
    assert baseline["posts"]["value"] == 3
    assert baseline["reach"]["value"] == 6000  # 500 + 500 + 5000
    assert sheet.baseline_scope == "posts of pillar Smart Environment, Smart Economy on @sukamajukab"
    assert rows_of(sheet, "output")["posts"]["value"] == 0  # nothing is tagged to this campaign
    assert rows_of(sheet, "output")["reach"]["value"] is None  # no post: unknown, not 0
