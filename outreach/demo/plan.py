"""What the demo office posted and how each post performed, before any file is written.

A seeded ``random.Random`` decides dates, hours, formats and final metrics; a growth
curve turns a final value into the value an export taken at any moment would show,
so every snapshot of a post is consistent with every other. Nothing depends on the
clock or the machine: "today" is fixed.

The metric model is deliberately simple and stated here so the demo's findings can
be checked: reach scales with followers, reels beat carousels beat photos, evening
posts beat midday ones, and each campaign has one message variant with a modest
real advantage (testimonials get more likes and comments, tutorials more saves),
all under log-normal noise.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from outreach.demo import content

SEED = 20261116
TODAY = date(2026, 11, 16)  # a Monday: the officer's report day
START = date(2026, 8, 24)  # twelve weeks before it
WIB = ZoneInfo("Asia/Jakarta")
DAY = timedelta(days=1)

ACCOUNTS = {
    # handle: (platform account id, display name, followers at START, followers at TODAY)
    "sukamajukab": ("17841400000000001", "Diskominfo Kabupaten Sukamaju", 23_850, 25_412),
    "dlh.sukamaju": ("17841400000000042", "DLH Kabupaten Sukamaju", 3_080, 3_395),
    "dinkes.sukamaju": ("17841400000000077", "Dinas Kesehatan Sukamaju", 9_700, 9_950),
}
CAMPAIGN_DATES = {  # as in outreach.toml
    "menanam-pohon": (date(2026, 10, 5), date(2026, 11, 30)),
    "umkm-ekspor": (date(2026, 9, 7), date(2026, 11, 8)),
    "simaju": (date(2026, 10, 12), date(2026, 11, 15)),
}
CAMPAIGN_PILLAR = {"menanam-pohon": "environment", "umkm-ekspor": "economy", "simaju": "governance"}
# Hours (WIB) a post goes out, with weights, and what the hour does to reach.
HOURS = {7: 3, 9: 2, 11: 1, 12: 2, 15: 1, 16: 3, 19: 3, 20: 2}
HOUR_EFFECT = {7: 1.1, 9: 0.95, 11: 0.85, 12: 0.9, 15: 0.85, 16: 1.0, 19: 1.25, 20: 1.2}
PILLAR_EFFECT = {
    "governance": 0.85, "branding": 1.25, "economy": 1.0, "living": 1.1, "society": 0.95, "environment": 0.95,
}  # fmt: skip
# (likes, comments, shares, saves) multipliers for the variant with a real advantage.
VARIANT_EFFECT = {
    "menanam-pohon/testimoni": (1.25, 1.3, 1.2, 1.0),
    "umkm-ekspor/cerita-umkm": (1.2, 1.25, 1.15, 1.0),
    "simaju/tutorial": (1.05, 1.1, 1.1, 1.8),
}


@dataclass
class Item:
    """One message: a caption about one thing, possibly posted on several platforms."""

    pillar: str
    caption: str
    fmt: str  # image, carousel, reel
    campaign: str | None = None
    variant: str | None = None


@dataclass
class Post:
    platform: str
    account: str
    post_id: str
    published: datetime  # naive UTC
    type: str
    caption: str
    item: Item
    final: dict[str, int] = field(default_factory=dict)
    tau: float = 1.0  # days for the early growth of the post's counts
    duration: int = 0
    permalink: str = ""
    collab: bool = False  # owned by a partner account, listed in the exporter's file

    @property
    def key(self) -> str:
        return f"{self.item.campaign}/{self.item.variant}" if self.item.variant else ""

    def growth(self, at: datetime) -> float:
        """Share of the final counts reached at ``at``: fast early growth, a slow tail."""
        age = (at - self.published).total_seconds() / 86_400
        if age <= 0:
            return 0.0
        return 0.92 * (1 - math.exp(-age / self.tau)) + 0.08 * (1 - math.exp(-age / 25))

    def values(self, at: datetime) -> dict[str, int]:
        share = self.growth(at)
        return {name: round(value * share) for name, value in self.final.items()}


def wib(day: date, hour: int, minute: int) -> datetime:
    """A local WIB moment as naive UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def local_day(moment_utc: datetime) -> date:
    return moment_utc.replace(tzinfo=UTC).astimezone(WIB).date()


def fill(rng: random.Random, text: str, day: date) -> str:
    """Fill a caption's slots with values that fit a post published on ``day``."""
    event = day + timedelta(days=rng.choice([2, 3, 4, 5, 6]))
    saturday = day + timedelta(days=(5 - day.weekday()) % 7 or 7)
    kecamatan = rng.choice(content.KECAMATAN)
    desa = rng.choice([d for d in content.DESA if d != kecamatan])
    values = {
        "kecamatan": kecamatan,
        "desa": desa,
        "venue": rng.choice(content.VENUES),
        "day": f"{HARI[event.weekday()]}, {event.day} {BULAN[event.month - 1]}",
        "sabtu": f"Sabtu, {saturday.day} {BULAN[saturday.month - 1]}",
        "hour": rng.choice(["07.00", "08.00", "08.30", "09.00"]),
        "n": str(rng.choice([3, 4, 5, 7, 8, 12, 15, 20, 24, 30])),
        "ispu": str(rng.randint(28, 49)),
    }
    return text.format(**values)


HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip


def spread(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """``count`` days spread evenly over [first, last] with a little jitter, in order."""
    span = (last - first).days
    days = []
    for i in range(count):
        centre = (i + 0.5) * span / count
        offset = round(centre + rng.uniform(-0.4, 0.4) * span / count)
        days.append(first + timedelta(days=min(max(offset, 0), span)))
    return sorted(days)


def pick_hour(rng: random.Random) -> tuple[int, int]:
    hour = rng.choices(list(HOURS), weights=list(HOURS.values()))[0]
    return hour, rng.choice([0, 0, 5, 10, 15, 30, 30, 45])


# --- the schedule ------------------------------------------------------------------------------

LAST_DAY = TODAY - DAY
# How often each campaign variant is posted by each Instagram account.
CAMPAIGN_COUNTS = {
    "sukamajukab": {
        "menanam-pohon": {"testimoni": 5, "informasi": 5, "ajakan": 4},
        "umkm-ekspor": {"cerita-umkm": 6, "ajakan-daftar": 6},
        "simaju": {"tutorial": 5, "manfaat": 5},
    },
    "dlh.sukamaju": {"menanam-pohon": {"testimoni": 3, "informasi": 3, "ajakan": 2}},
}
TIKTOK_COUNT = 30
REGULAR_COUNT = {"sukamajukab": 44, "dlh.sukamaju": 17}
# Captions that happen once (a birthday, an opening) are not repeated with other places.
ONCE = ("Hari Jadi", "resmi dibuka", "Satu aplikasi", "SP4N-LAPOR", "Transparansi anggaran")


def _campaign_schedule(rng: random.Random, account: str) -> list[tuple[date, Item]]:
    schedule = []
    for campaign, variants in CAMPAIGN_COUNTS[account].items():
        first, end = CAMPAIGN_DATES[campaign]
        if account == "dlh.sukamaju":
            first += timedelta(days=3)  # the agency joins a few days after the launch
        entries = []
        for variant, count in variants.items():
            templates = content.CAMPAIGN[campaign][variant]
            offset = rng.randrange(len(templates))
            entries += [(variant, templates[(offset + i) % len(templates)]) for i in range(count)]
        rng.shuffle(entries)
        for day, (variant, (fmt, text)) in zip(spread(rng, first, min(end, LAST_DAY), len(entries)), entries):
            schedule.append(
                (day, Item(CAMPAIGN_PILLAR[campaign], fill(rng, text, day), fmt, campaign, variant))
            )
    return schedule


def _regular_schedule(rng: random.Random, account: str) -> list[tuple[date, Item]]:
    if account == "dlh.sukamaju":
        pool = [("environment", fmt, text) for fmt, text in content.DLH_REGULAR]
    else:
        pool = [(pillar, fmt, text) for pillar, entries in content.REGULAR.items() for fmt, text in entries]
    chosen = list(pool)
    repeatable = [entry for entry in pool if not any(word in entry[2] for word in ONCE)]
    while len(chosen) < REGULAR_COUNT[account]:
        chosen.append(rng.choice(repeatable))
    rng.shuffle(chosen)
    days = spread(rng, START, LAST_DAY, len(chosen))
    return [(day, Item(pillar, fill(rng, text, day), fmt)) for day, (pillar, fmt, text) in zip(days, chosen)]


_SHORTCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def instagram_posts(rng: random.Random, account: str) -> list[Post]:
    schedule = sorted(_campaign_schedule(rng, account) + _regular_schedule(rng, account), key=lambda e: e[0])
    posts = []
    for day, item in schedule:
        hour, minute = pick_hour(rng)
        kind = item.fmt
        if kind != "reel" and rng.random() < 0.15:
            kind = "carousel" if kind == "image" else "image"
        shortcode = "D" + "".join(rng.choice(_SHORTCODE) for _ in range(10))
        post = Post(
            platform="instagram",
            account=account,
            post_id="",
            published=wib(day, hour, minute),
            type=kind,
            caption=item.caption,
            item=item,
            duration=rng.randrange(15, 91) if kind == "reel" else 0,
            permalink=f"https://www.instagram.com/{'reel' if kind == 'reel' else 'p'}/{shortcode}/",
        )
        posts.append(post)
    for post in posts:
        # Media ids grow with time; the low digits differ between posts of the same minute.
        minutes = int((post.published - datetime(2026, 1, 1)).total_seconds() // 60)
        post.post_id = str(17_880_000_000_000_000 + minutes * 1_000_000_000 + rng.randrange(10**9))
    if account == "sukamajukab":
        # Two health posts were collab posts published by the health office.
        for post in [p for p in posts if p.item.pillar == "living"][1:5:3]:
            post.account, post.collab = "dinkes.sukamaju", True
    for post in posts:
        instagram_metrics(rng, post)
    return posts


def followers(account: str, day: date) -> float:
    _, _, first, last = ACCOUNTS[account]
    share = (day - START).days / (TODAY - START).days
    return first + (last - first) * share


def _noise(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(0, sigma))


def _variant(post: Post) -> tuple[float, float, float, float]:
    return VARIANT_EFFECT.get(post.key, (1.0, 1.0, 1.0, 1.0))


def instagram_metrics(rng: random.Random, post: Post) -> None:
    item, hour = post.item, local_hour(post.published)
    base = followers("sukamajukab" if post.collab else post.account, local_day(post.published))
    fmt_reach = {"image": 0.14, "carousel": 0.16, "reel": 0.32}[post.type]
    reach = base * fmt_reach * HOUR_EFFECT[hour] * PILLAR_EFFECT[item.pillar] * _noise(rng, 0.35)
    if item.campaign:
        reach *= 1.1
    views = reach * {"image": 1.35, "carousel": 1.6, "reel": 1.9}[post.type] * _noise(rng, 0.1)
    v_likes, v_comments, v_shares, v_saves = _variant(post)
    likes = reach * (0.065 if post.type == "reel" else 0.055) * v_likes * _noise(rng, 0.25)
    talky = 1.4 if item.pillar in ("governance", "living") else 1.0
    comments = likes * 0.05 * talky * v_comments * _noise(rng, 0.4)
    shares = reach * (0.012 if post.type == "reel" else 0.006) * v_shares * _noise(rng, 0.4)
    saves = reach * (0.01 if post.type == "carousel" else 0.005) * v_saves * _noise(rng, 0.4)
    follows = reach * 0.0009 * _noise(rng, 0.5)
    post.final = {
        "views": round(views), "reach": round(reach), "likes": round(likes), "shares": round(shares),
        "follows": round(follows), "comments": round(comments), "saves": round(saves),
    }  # fmt: skip
    post.tau = {"image": 0.7, "carousel": 0.9, "reel": 1.8}[post.type]


def local_hour(moment_utc: datetime) -> int:
    return moment_utc.replace(tzinfo=UTC).astimezone(WIB).hour


# --- the same messages on TikTok and X -----------------------------------------------------------


def first_paragraph(caption: str) -> str:
    head = caption.split("\n\n", 1)[0]
    tags = [word for word in caption.split() if word.startswith("#") and word not in head]
    return " ".join([*head.split(), *tags])


def tiktok_posts(rng: random.Random, instagram: list[Post]) -> list[Post]:
    """Every reel of the main account also goes to TikTok, a little later the same day, and a
    few photo posts get a short video version there too."""
    own = [p for p in instagram if p.account == "sukamajukab"]
    reels = [p for p in own if p.type == "reel"]
    others = [p for p in own if p.type != "reel"]
    extra = rng.sample(others, max(0, TIKTOK_COUNT - len(reels)))
    posts = []
    for reel in sorted(reels + extra, key=lambda p: p.published):
        published = reel.published + timedelta(minutes=rng.randrange(20, 180), seconds=rng.randrange(60))
        if local_day(published) > LAST_DAY:
            continue
        from outreach.demo.formats import tiktok_video_id

        video_id = tiktok_video_id(published, rng.getrandbits(32))
        caption = first_paragraph(reel.caption) + rng.choice(
            ["", " #fyp", " #fyp #sukamaju", " #fypindonesia"]
        )
        post = Post("tiktok", "sukamajukab", video_id, published, "video", caption, reel.item)
        post.permalink = f"https://www.tiktok.com/@sukamajukab/video/{video_id}"
        views = 3_200 * PILLAR_EFFECT[reel.item.pillar] * HOUR_EFFECT.get(local_hour(published), 1.0)
        views *= _noise(rng, 0.8)
        if reel.item.variant == "ajakan" and "Tantangan" in reel.caption:
            views *= 12  # the one that took off
        v_likes, v_comments, v_shares, _ = _variant(post)
        likes = views * 0.075 * v_likes * _noise(rng, 0.3)
        post.final = {
            "views": round(views), "likes": round(likes),
            "comments": round(likes * 0.05 * v_comments * _noise(rng, 0.4)),
            "shares": round(views * 0.004 * v_shares * _noise(rng, 0.5)),
        }  # fmt: skip
        post.tau = 2.5
        posts.append(post)
    return posts


def x_posts(rng: random.Random, instagram: list[Post]) -> list[Post]:
    """Most of the main account's messages, shortened, plus replies to citizens."""
    from outreach.demo.formats import snowflake

    posts = []
    for source in [p for p in instagram if p.account == "sukamajukab"]:
        if rng.random() < 0.5 and not source.item.campaign:
            continue
        published = source.published + timedelta(
            minutes=rng.randrange(-30, 90), milliseconds=rng.randrange(1000)
        )
        link = "https://t.co/" + "".join(rng.choice(_SHORTCODE[:62]) for _ in range(10))
        text = f"{first_paragraph(source.caption)} {link}"
        posts.append(Post("x", "sukamajukab", "", published, "text", text, source.item))
    for pillar, template in content.X_REPLIES:
        day = START + timedelta(days=rng.randrange((LAST_DAY - START).days + 1))
        who = rng.choice(content.HANDLE_NAMES) + rng.choice(["_", ".", ""]) + rng.choice(content.HANDLE_TAILS)
        text = fill(rng, template.replace("{who}", who), day)
        published = wib(day, rng.randrange(8, 21), rng.randrange(60)) + timedelta(seconds=rng.randrange(60))
        posts.append(Post("x", "sukamajukab", "", published, "reply", text, Item(pillar, text, "text")))
    posts.sort(key=lambda p: p.published)
    for post in posts:
        post.post_id = snowflake(post.published, rng.getrandbits(22))
        post.permalink = f"https://x.com/sukamajukab/status/{post.post_id}"
        reply = post.type == "reply"
        views = (180 if reply else 1_100) * PILLAR_EFFECT[post.item.pillar] * _noise(rng, 0.55)
        views *= HOUR_EFFECT.get(local_hour(post.published), 1.0)
        v_likes, v_comments, v_shares, v_saves = _variant(post)
        post.final = {
            "impressions": round(views),
            "likes": round(views * 0.016 * v_likes * _noise(rng, 0.4)),
            "bookmarks": round(views * 0.002 * v_saves * _noise(rng, 0.6)),
            "shares": round(views * 0.0008 * _noise(rng, 0.6)),
            "new_follows": round(views * 0.0006 * _noise(rng, 0.6)),
            "replies": round(views * 0.004 * v_comments * _noise(rng, 0.6)),
            "reposts": round(views * 0.004 * v_shares * _noise(rng, 0.5)),
            "profile_visits": round(views * 0.005 * _noise(rng, 0.5)),
            "detail_expands": round(views * 0.02 * _noise(rng, 0.4)),
            "url_clicks": 0 if reply else round(views * 0.004 * _noise(rng, 0.5)),
            "hashtag_clicks": round(views * 0.001 * _noise(rng, 0.6)),
            "permalink_clicks": round(views * 0.0005 * _noise(rng, 0.6)),
        }
        post.tau = 0.4
    return posts
