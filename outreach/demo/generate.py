"""Write the demo office's export files: ``python -m outreach.demo.generate [--out DIR]``.

The officer of the fictional Diskominfo Kabupaten Sukamaju downloads every Monday
what the platforms offer, as in DOMAIN.md: Meta Business Suite content exports of
the last 28 days (two of them on an intern's laptop with the Indonesian UI), the
account series and the audience file; TikTok Studio's Content section each week and
Overview and Followers at the end; X Premium's content export of the last 28 days
each week and the account overview at the end. The environment office (DLH) exports
its own Instagram content every other Monday. Comments come in outreach's template.

Output is byte-identical on every run and machine (fixed seed, fixed "today"). The
folders are numbered because ``outreach import`` reads a folder in name order and
the comments name posts that the platform exports must have stored first.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from outreach.demo import EXPORTS_DIR, formats, plan
from outreach.demo.plan import DAY, LAST_DAY, START, TODAY, WIB, Post

PACIFIC = ZoneInfo("America/Los_Angeles")
FOLDERS = ("1-instagram", "2-tiktok", "3-x", "4-comments")
INDONESIAN_UI_WEEKS = (2, 7)  # which weekly Meta exports came from the intern's laptop
BULAN = plan.BULAN


def mondays(first: date = START + 7 * DAY) -> Iterator[date]:
    day = first
    while day <= TODAY:
        yield day
        day += 7 * DAY


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def day_of(moment_utc: datetime, zone: ZoneInfo) -> date:
    return moment_utc.replace(tzinfo=UTC).astimezone(zone).date()


# --- Instagram ---------------------------------------------------------------------------------


def meta_rows(posts: list[Post], at: datetime, language: str) -> list[list[str]]:
    rows = [formats.META_HEADERS[language]]
    for post in sorted(posts, key=lambda p: p.published, reverse=True):
        account_id, name, _, _ = plan.ACCOUNTS[post.account]
        values = post.values(at)
        cells = {m: str(values[m]) for m in formats.META_METRICS}
        if post.collab:  # Meta leaves the partner's reach and follows blank
            cells["reach"] = cells["follows"] = ""
        rows.append([
            post.post_id, account_id, post.account, name, post.caption, str(post.duration),
            formats.meta_publish_time(post.published), post.permalink,
            formats.META_POST_TYPES[language][post.type], "", formats.META_LIFETIME[language],
            *(cells[m] for m in formats.META_METRICS),
        ])  # fmt: skip
    return rows


def write_meta_content(folder: Path, rng: random.Random, posts: list[Post], every: int) -> None:
    for week, monday in enumerate(mondays()):
        if week % every != every - 1 and monday != TODAY:
            continue
        first, last = monday - 28 * DAY, monday - DAY
        # The file's snapshot time as the importer reads it: the end of the range, Pacific time.
        at = utc(datetime.combine(monday, time(0), tzinfo=PACIFIC))
        chosen = [p for p in posts if first <= day_of(p.published, PACIFIC) <= last]
        language = "id" if week in INDONESIAN_UI_WEEKS and every == 1 else "en"
        name = formats.meta_range_name(first, last, rng.randrange(10**15, 10**16))
        (folder / name).write_bytes(formats.meta_csv(meta_rows(chosen, at, language)))


def daily_increments(posts: list[Post], metric: str, zone: ZoneInfo = WIB) -> dict[date, float]:
    """What the posts added to ``metric`` on each local day of the demo period."""
    totals: dict[date, float] = {}
    day = START
    while day <= LAST_DAY:
        begin = utc(datetime.combine(day, time(0), tzinfo=zone))
        end = begin + DAY
        totals[day] = sum(p.final.get(metric, 0) * (p.growth(end) - p.growth(begin)) for p in posts)
        day += DAY
    return totals


def write_meta_account(folder: Path, rng: random.Random, posts: list[Post]) -> None:
    own = [p for p in posts if p.account == "sukamajukab" or p.collab]
    views = daily_increments(own, "views")
    reach = daily_increments(own, "reach")
    follows = daily_increments(own, "follows")
    view_days = [(d.isoformat(), round(v + 450 * rng.uniform(0.7, 1.3))) for d, v in views.items()]
    reach_days = [(d.isoformat(), round(0.7 * v + 260 * rng.uniform(0.7, 1.3))) for d, v in reach.items()]
    follow_days = [
        (d.isoformat(), max(0, round(v + rng.choice([-2, -1, 0, 0, 1, 2])))) for d, v in follows.items()
    ]
    (folder / "Views.csv").write_bytes(formats.meta_series("Views", view_days))
    # Downloaded from the Indonesian UI: title and header are Indonesian.
    (folder / "Jangkauan.csv").write_bytes(formats.meta_series("Jangkauan", reach_days, ("Tanggal", "Utama")))
    (folder / "Follows.csv").write_bytes(formats.meta_series("Instagram follows", follow_days))
    # Audience.csv names no date, so the importer dates it by its modification time; git does
    # not keep that, so the demo ships each download in a ZIP whose member time is the download
    # moment. The officer takes one every four weeks, which dates the follower count.
    for monday in [m for i, m in enumerate(mondays()) if i % 4 == 0] + [TODAY]:
        count = round(plan.followers("sukamajukab", monday))
        stamp = datetime.combine(monday, time(2, 0))
        audience = {"Audience.csv": audience_csv(count)}
        (folder / f"audience_{monday.isoformat()}.zip").write_bytes(formats.zip_bytes(audience, stamp))


def audience_csv(followers: int) -> bytes:
    return formats.utf16_quoted([
        "sep=,", ["Instagram followers"], ["IG_ACCOUNT,FOLLOW,UNIQUE_USERS"], [str(followers)],
        "", ["Instagram followers by gender and age"], ["Age", "Women", "Men"],
        ["13-17", "2.1%", "1.8%"], ["18-24", "14.6%", "11.9%"], ["25-34", "19.8%", "15.2%"],
        ["35-44", "11.4%", "9.7%"], ["45-54", "5.2%", "4.6%"], ["55-64", "1.7%", "1.3%"], ["65+", "0.4%", "0.3%"],
        "", ["Top cities", "Value"], ["Sukamaju, Indonesia", "46.3%"], ["Cibening, Indonesia", "9.8%"],
        ["Jakarta, Indonesia", "7.5%"], ["Bandung, Indonesia", "5.1%"], ["Bekasi, Indonesia", "3.2%"],
    ])  # fmt: skip


def write_instagram(out: Path, rng: random.Random, main: list[Post], dlh: list[Post]) -> None:
    folder = out / "1-instagram" / "sukamajukab"
    folder.mkdir(parents=True)
    write_meta_content(folder, rng, main, every=1)
    write_meta_account(folder, rng, main)
    folder = out / "1-instagram" / "dlh.sukamaju"
    folder.mkdir(parents=True)
    write_meta_content(folder, rng, dlh, every=2)


# --- TikTok ------------------------------------------------------------------------------------


def studio_date(day: date) -> str:
    """A year-less Studio date as the Indonesian UI writes it: ``16 November``."""
    return f"{day.day} {BULAN[day.month - 1]}"


def tiktok_content(rng: random.Random, videos: list[Post], monday: date) -> bytes:
    """Studio's Content.csv: a partial top list (at most 15 recent videos) in no set order."""
    at = utc(datetime.combine(monday, time(0), tzinfo=WIB))  # the importer's snapshot time
    recent = [v for v in videos if at - 56 * DAY <= v.published < at]
    recent = sorted(recent, key=lambda v: v.published)[-15:]
    rng.shuffle(recent)
    rows = [["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
             "Total shares", "Total views"]]  # fmt: skip
    for video in recent:
        values = video.values(at)
        rows.append([
            studio_date(monday), video.caption, video.permalink, studio_date(plan.local_day(video.published)),
            str(values["likes"]), str(values["comments"]), str(values["shares"]), str(values["views"]),
        ])  # fmt: skip
    return formats.studio_csv(rows)


def tiktok_overview(rng: random.Random, videos: list[Post]) -> bytes:
    increments = {m: daily_increments(videos, m) for m in ("views", "likes", "comments", "shares")}
    rows = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]]
    for day in increments["views"]:
        views = increments["views"][day] + 180 * rng.uniform(0.6, 1.4)  # older videos keep being watched
        rows.append([
            studio_date(day), str(round(views)), str(round(views * 0.013 * rng.uniform(0.7, 1.3))),
            *(str(round(increments[m][day])) for m in ("likes", "comments", "shares")),
        ])  # fmt: skip
    return formats.studio_csv(rows)


def tiktok_followers(rng: random.Random) -> dict[str, bytes]:
    history = [["Date", "Followers", "Difference in followers from previous day"]]
    count, day = 8_940, START
    while day <= LAST_DAY:
        change = round(rng.gauss(18, 9))
        count += change
        history.append([studio_date(day), str(count), str(change)])
        day += DAY
    gender = [["Gender", "Distribution"], ["Female", "0.58"], ["Male", "0.41"], ["Other", "0.01"]]
    territories = [["Top territories", "Distribution"], ["ID", "0.94"], ["MY", "0.02"], ["SG", "0.01"],
                   ["Others", "0.03"]]  # fmt: skip
    return {
        "FollowerHistory.csv": formats.studio_csv(history),
        "FollowerGender.csv": formats.studio_csv(gender),
        "FollowerTopTerritories.csv": formats.studio_csv(territories),
    }


def tiktok_viewers(rng: random.Random, videos: list[Post]) -> bytes:
    """Unique viewers per day; today's partial day reads "undefined" with 0/0, as Studio writes it."""
    views = daily_increments(videos, "views")
    rows = [["Date", "Total Viewers", "New Viewers", "Returning Viewers"]]
    for day, count in views.items():
        total = round((count + 180) * 0.62 * rng.uniform(0.85, 1.15))
        new = round(total * rng.uniform(0.55, 0.75))
        rows.append([studio_date(day), str(total), str(new), str(total - new)])
    rows.append([studio_date(TODAY), "undefined", "0", "0"])
    return formats.studio_csv(rows)


def write_tiktok(out: Path, rng: random.Random, videos: list[Post]) -> None:
    for monday in mondays():
        folder = out / "2-tiktok" / monday.isoformat()
        folder.mkdir(parents=True)
        exported = datetime.combine(monday, time(2, 0)) + timedelta(minutes=rng.randrange(45))  # UTC
        content = tiktok_content(rng, videos, monday)
        (folder / "Content_sukamajukab.zip").write_bytes(
            formats.zip_bytes({"Content.csv": content}, exported)
        )
    epoch = int(exported.replace(tzinfo=UTC).timestamp())
    overview = {"Overview.csv": tiktok_overview(rng, videos)}
    name = f"Overview_{START.isoformat()}_{epoch}_sukamajukab.zip"
    (folder / name).write_bytes(formats.zip_bytes(overview, exported))
    (folder / "Followers_sukamajukab.zip").write_bytes(formats.zip_bytes(tiktok_followers(rng), exported))
    viewers = {"Viewers.csv": tiktok_viewers(rng, videos)}
    (folder / "Viewers_sukamajukab.zip").write_bytes(formats.zip_bytes(viewers, exported))


# --- X -----------------------------------------------------------------------------------------


def x_content(posts: list[Post], first: date, last: date) -> bytes:
    at = datetime.combine(last + DAY, time(0))  # the importer's snapshot time (UTC)
    rows = []
    for post in sorted(posts, key=lambda p: p.published, reverse=True):
        if not first <= post.published.date() <= last:
            continue
        values = post.values(at)
        engagements = sum(v for k, v in values.items() if k not in ("impressions", "new_follows"))
        values["engagements"] = engagements
        rows.append([
            post.post_id, formats.gen2_cell(formats.en_us_utc_date(post.published)),
            formats.gen2_cell(formats.x_post_text(post.caption)), post.permalink,
            *(str(values[m]) for m in formats.X_CONTENT_METRICS),
        ])  # fmt: skip
    return formats.x_lines(formats.X_CONTENT_HEADER, rows)


def x_overview(rng: random.Random, posts: list[Post]) -> bytes:
    names = ("impressions", "likes", "bookmarks", "shares", "replies", "reposts", "profile_visits",
             "new_follows", "detail_expands", "url_clicks")  # fmt: skip
    utc_zone = ZoneInfo("UTC")
    increments = {m: daily_increments(posts, m, utc_zone) for m in names}
    rows = []
    for day in sorted(increments["impressions"], reverse=True):
        v = {m: round(increments[m][day]) for m in names}
        v["impressions"] += round(90 * rng.uniform(0.5, 1.5))
        engagements = sum(v[m] for m in names if m not in ("impressions", "new_follows"))
        published = sum(1 for p in posts if p.published.date() == day)
        media = round(v["impressions"] * 0.08 * rng.uniform(0.5, 1.5))
        cells = [
            v["impressions"], v["likes"], engagements, v["bookmarks"], v["shares"], v["new_follows"],
            rng.choice([0, 0, 1, 1, 2]), v["replies"], v["reposts"], v["profile_visits"], published,
            round(media * 0.3), media,
        ]  # fmt: skip
        rows.append(
            [formats.gen2_cell(formats.en_us_utc_date(datetime.combine(day, time(0)))), *map(str, cells)]
        )
    return formats.x_lines(formats.X_OVERVIEW_HEADER, rows)


def write_x(out: Path, rng: random.Random, posts: list[Post]) -> None:
    folder = out / "3-x"
    folder.mkdir(parents=True)
    for monday in mondays():
        first, last = monday - 28 * DAY, monday - DAY
        name = f"account_analytics_content_{first.isoformat()}_{last.isoformat()}.csv"
        (folder / name).write_bytes(x_content(posts, first, last))
    (folder / "account_overview_analytics.csv").write_bytes(x_overview(rng, posts))


# --- all of it ---------------------------------------------------------------------------------


def generate(out: Path = EXPORTS_DIR) -> Path:
    """Write every export file into ``out`` (its numbered folders are replaced)."""
    from outreach.demo import comments

    out.mkdir(parents=True, exist_ok=True)
    strangers = [p.name for p in out.iterdir() if p.name not in FOLDERS]
    if strangers:
        raise SystemExit(
            f"{out} holds {', '.join(sorted(strangers))}; give an empty folder or the demo exports"
        )
    for name in FOLDERS:
        if (out / name).exists():
            shutil.rmtree(out / name)
    rng = random.Random(plan.SEED)
    main = plan.instagram_posts(rng, "sukamajukab")
    dlh = plan.instagram_posts(rng, "dlh.sukamaju")
    videos = plan.tiktok_posts(rng, main)
    tweets = plan.x_posts(rng, main)
    write_instagram(out, rng, main, dlh)
    write_tiktok(out, rng, videos)
    write_x(out, rng, tweets)
    (out / "4-comments").mkdir()
    table = comments.rows(rng, main + dlh + videos + tweets)
    (out / "4-comments" / "comments.csv").write_bytes(formats.plain_csv(table))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--out", type=Path, default=EXPORTS_DIR, help="folder to write (default: the bundled exports)"
    )
    args = parser.parse_args(argv)
    written = generate(args.out)
    files = [p for p in written.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"Wrote {len(files)} files, {size / 1024:.0f} KiB, to {written}")


if __name__ == "__main__":
    main()
