"""The weekly engagement report: what last week's posts did, for the head of office's Monday.

One use case, one read transaction: ``build_weekly_report`` reads the week, the four weeks
before it (changes) and the twelve weeks up to it (trends, consistency, what worked) and
nothing older, so its cost follows the weeks it reports on. The numbers come from the
analysis layer (``post_frame``, ``aggregate``, ``consistency``, ``net_sentiment`` and the
statistical core of ``compare``); this module only picks the posts and the periods.

The Monday-morning rule: on a Monday most of last week's posts are days old. Totals are the
values to date, with the ages of the posts stated. Everything that compares (changes against
earlier weeks, best and weakest posts, what worked) compares posts at one age: the configured
age when every post of the week has reached it, otherwise the age every post of the week has
reached, and says which.

``write_weekly_report`` renders the result as HTML, PDF and JSON with ``reports``.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

FORMATS = ("html", "pdf", "json")
TREND_WEEKS = 12
CHANGE_WEEKS = 4  # the mean of the four weeks before the week
WORKED_WEEKS = 12
QUOTES = 5
RANKED = 3  # best and weakest posts per platform
MIN_N = 5
COMPARE_RESAMPLES = 1000
COMPARE_SAMPLE = 1000  # posts per platform at most in "what worked" (a fixed random sample above;
# stats.binomial_half_cdf overflows above 1,023 posts in a group, and 1,000 posts give the power needed)
STALE_DAYS = 2  # an account whose newest data is older than the week's end minus this is stale
PHONE = re.compile(r"(?<!\d)(?:\+?62|0)[\d\- ]{7,14}\d")
WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
HOUR_BLOCKS = (("05-10", 5, 11), ("11-14", 11, 15), ("15-17", 15, 18), ("18-22", 18, 23), ("23-04", 23, 29))


# --- weeks ---------------------------------------------------------------------------------


def parse_week(value: str) -> date:
    """The Monday of an ISO week written "2026-W47"."""
    found = WEEK.match(value.strip())
    if found and 2000 <= int(found[1]) <= 2100:
        try:
            return date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
    raise OutreachError(f"--week {value!r} is not an ISO week; use YEAR-Wnn, e.g. 2026-W47")


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def last_complete_week(zone: str, now: datetime | None = None) -> date:
    """The Monday of the last ISO week that has ended in the report zone."""
    today = (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()
    return today - timedelta(days=today.weekday() + 7)


# --- the result ----------------------------------------------------------------------------


@dataclass
class WeeklyReport:
    """Everything the weekly report shows, as plain values; ``as_dict`` is the JSON."""

    week: str
    monday: date
    sunday: date
    language: str
    timezone: str
    office: str | None
    office_name: str
    generated_at: datetime
    rate_by: str
    age_days: int  # the configured comparison age
    comparison_age: float  # the age this report compares all posts at (the lowest of the platforms')
    comparison_ages: dict[str, float]  # per platform and "total"
    posts: int
    headline: dict[str, Any]
    pillars: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    ranked: list[dict[str, Any]]
    said: dict[str, Any]
    worked: dict[str, Any]
    coverage: dict[str, Any]
    definitions: list[dict[str, str]]
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def nothing_posted(self) -> bool:
        return self.posts == 0

    def file_stem(self) -> str:
        return ("weekly-report-" if self.language == "en" else "laporan-mingguan-") + self.week

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["nothing_posted"] = self.nothing_posted
        return _plain(data)


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, NaN as None, numpy numbers as Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --- building it ---------------------------------------------------------------------------


def build_weekly_report(
    ws: Workspace, *, week: str | None = None, office: str | None = None, now: datetime | None = None
) -> WeeklyReport:
    """The report of one ISO week (default: the last complete week in the report zone), for one
    office or all offices. ``now`` (aware) is for tests that need a fixed "today"."""
    config = ws.config
    zone = ws.timezone
    monday = parse_week(week) if week else last_complete_week(zone, now)
    if office is not None and office not in {o.key for o in config.offices}:
        known = ", ".join(o.key for o in config.offices) or "none is configured"
        raise OutreachError(f"no office '{office}'; known: {known}")
    import gc

    # Reading a few million snapshot values makes millions of short-lived tuples; the cyclic
    # collector would rescan the growing heap again and again for nothing (none form cycles).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from outreach.analysis.metrics import shared_reads

        # One read of the twelve weeks serves the week itself and the five weeks compared.
        with ws.reading() as connection, shared_reads():
            return _Builder(ws, connection, monday, office, now or datetime.now(UTC)).build()
    finally:
        if was_enabled:
            gc.enable()


class _Builder:
    def __init__(
        self, ws: Workspace, connection: Any, monday: date, office: str | None, now: datetime
    ) -> None:
        from outreach.texts import text

        self.ws = ws
        self.config = ws.config
        self.connection = connection
        self.language = ws.language
        self.t = text(self.language)
        self.zone = ws.timezone
        self.monday = monday
        self.sunday = monday + timedelta(days=6)
        self.start12 = monday - timedelta(weeks=TREND_WEEKS - 1)
        self.start5 = monday - timedelta(weeks=CHANGE_WEEKS)
        self.office = office
        self.now = now
        self.rate_by = self.config.engagement.rate_by
        self.age = self.config.engagement.age_days
        self.weeks = [self.start12 + timedelta(weeks=k) for k in range(TREND_WEEKS)]
        self.labels = [week_label(m) for m in self.weeks]

    # helpers -------------------------------------------------------------------------------

    def num(self, value: Any, decimals: int = 0) -> str:
        from outreach.texts import number

        return str(number(value, self.language, decimals))

    def pct(self, value: Any, decimals: int = 1) -> str:
        from outreach.texts import percent

        return str(percent(value, self.language, decimals))

    def day(self, value: Any) -> str:
        from outreach.texts import day

        return str(day(value, self.language))

    def aggregate(
        self, frame: Any, by: str, since: date, until: date, age: float | None, **filters: Any
    ) -> Any:
        from outreach.analysis.aggregate import aggregate

        return aggregate(
            self.connection, self.config, by=by, age_days=age, since=since, until=until, frame=frame,
            office=self.office, **filters,
        )  # fmt: skip

    def total(
        self, frame: Any, since: date, until: date, age: float | None, **filters: Any
    ) -> dict[str, Any]:
        """One group holding every post of the frame: the aggregate grouped by a constant."""
        import numpy as np

        if len(frame) == 0:
            return {"posts": 0}
        together = dataclasses.replace(frame, office=np.full(len(frame), "all", dtype=object))
        groups = self.aggregate(together, "office", since, until, age, **filters)
        return groups[0] if groups else {"posts": 0}

    def in_period(self, frame: Any, since: date, until: date) -> Any:
        """The rows of a frame published on local days ``since`` to ``until``."""
        days = self._days(frame)
        first = since.toordinal() - date(1970, 1, 1).toordinal()
        last = until.toordinal() - date(1970, 1, 1).toordinal()
        return (days >= first) & (days <= last)

    def _days(self, frame: Any) -> Any:
        import numpy as np

        from outreach.analysis.aggregate import local_days

        seconds = frame.published_at.astype("datetime64[s]").astype(np.int64).astype(np.float64)
        seconds[np.isnat(frame.published_at)] = np.nan
        return local_days(seconds, self.zone)

    _headline_rows: list[dict[str, Any]]

    # the report ------------------------------------------------------------------------------

    def build(self) -> WeeklyReport:
        from outreach.analysis.metrics import post_frame

        config = self.config
        # Values to date of the week's posts: the totals, pillars, coverage. Values at the
        # configured age over the twelve weeks: trends, what worked, the posting calendar.
        # Nothing older is read (except a campaign's own posts and its baseline period).
        self.at_age = post_frame(
            self.connection, config, age_days=float(self.age), since=self.start12, until=self.sunday,
            office=self.office,
        )  # fmt: skip
        self.week_frame = post_frame(  # cut from the twelve weeks' read (metrics.shared_reads)
            self.connection, config, age_days=None, since=self.monday, until=self.sunday, office=self.office
        )
        self._compared: dict[str | None, Any] = {}
        self._present: list[str] | None = None
        self._at: dict[float, Any] = {}
        self.accounts = self._accounts()
        self.ages = self._comparison_ages()
        self.comparison_age = self.ages[None]
        headline = self._headline()
        self._headline_rows = headline["rows"]
        pillars = self._pillars()
        report = WeeklyReport(
            week=week_label(self.monday),
            monday=self.monday,
            sunday=self.sunday,
            language=self.language,
            timezone=self.zone,
            office=self.office,
            office_name=self._office_name(),
            generated_at=self.now.astimezone(UTC).replace(microsecond=0),
            rate_by=self.rate_by,
            age_days=self.age,
            comparison_age=self.comparison_age,
            comparison_ages={k or "total": v for k, v in self.ages.items()},
            posts=len(self.week_frame),
            headline=headline,
            pillars=pillars,
            campaigns=self._campaigns(),
            ranked=self._ranked(),
            said=self._said(),
            worked=self._worked(),
            coverage=self._coverage(),
            definitions=[],
        )
        report.definitions = self._definitions(report)
        report.charts = self._charts(headline, pillars)
        return report

    def _office_name(self) -> str:
        if self.office is None:
            names = [o.name for o in self.config.offices]
            return names[0] if len(names) == 1 else str(self.t("report.all_offices"))
        return next(o.name for o in self.config.offices if o.key == self.office)

    def _comparison_ages(self) -> dict[str | None, float]:
        """Per platform: the configured age when every post of the week with numbers has reached
        it; otherwise the whole days every one of them has reached (at least 1; a day-0.4 value
        stands for day 1 within the analysis' one-day tolerance). The total takes the lowest."""
        import numpy as np

        ages: dict[str | None, float] = {}
        for platform in self._platforms():
            mine = self.week_frame.age_days[self.week_frame.platform == platform]
            mine = mine[~np.isnan(mine)]
            if len(mine) == 0 or float(mine.min()) >= self.age:
                ages[platform] = float(self.age)
            else:
                ages[platform] = float(max(1, math.floor(float(mine.min()))))
        ages[None] = min(ages.values(), default=float(self.age))
        return ages

    def compared(self, platform: str | None) -> Any:
        """The posts of the week and the four before at the comparison age (changes, rankings):
        one platform's at its age, or (None) every platform's at its own age."""
        from outreach.analysis.metrics import post_frame

        if platform not in self._compared:
            if platform is None:
                platforms = self._platforms()
                frame = (
                    _concatenate([self.compared(p) for p in platforms])
                    if platforms
                    else self.at_age.select(self.at_age.platform != self.at_age.platform)
                )
            elif self.ages[platform] == self.age:
                frame = self.at_age.select(
                    self.in_period(self.at_age, self.start5, self.sunday) & (self.at_age.platform == platform)
                )
            else:
                # One read per age: platforms that share an age share the frame.
                age = self.ages[platform]
                sharing = [p for p in self._platforms() if self.ages[p] == age]
                if age not in self._at:
                    self._at[age] = post_frame(
                        self.connection, self.config, age_days=age, since=self.start5, until=self.sunday,
                        office=self.office, platform=platform if len(sharing) == 1 else None,
                    )  # fmt: skip
                frame = self._at[age].select(self._at[age].platform == platform)
            self._compared[platform] = frame
        return self._compared[platform]

    def _accounts(self) -> list[dict[str, Any]]:
        from outreach.queries.report import report_accounts

        return [
            {"id": int(r[0]), "platform": r[1], "handle": r[2], "office": r[3]}
            for r in report_accounts(self.connection, self.office)
        ]

    def _platforms(self) -> list[str]:
        import numpy as np

        if self._present is None:  # once: the twelve weeks' platforms do not change
            present = set(np.unique(self.at_age.platform.astype(str)).tolist()) | {
                a["platform"] for a in self.accounts
            }
            self._present = [p for p in ("instagram", "tiktok", "x") if p in present]
        return self._present

    # 1. headline figures ---------------------------------------------------------------------

    def _headline(self) -> dict[str, Any]:
        import numpy as np

        growth = self._follower_growth()
        scopes: list[str | None] = [*self._platforms(), None]
        rows = []
        five = self.labels[-(CHANGE_WEEKS + 1) :]
        rate = f"rate_{self.rate_by}"
        for scope in scopes:
            filters = {"platform": scope} if scope else {}
            mine = np.ones(len(self.at_age), bool) if scope is None else self.at_age.platform == scope
            weekly = {  # the twelve weeks at the configured age: post counts, sentiment, trends
                g["key"]: g
                for g in self.aggregate(
                    self.at_age.select(mine), "week", self.start12, self.sunday, float(self.age), **filters
                )
            }
            age = self.ages[scope]
            compared = {
                g["key"]: g
                for g in self.aggregate(
                    self.compared(scope), "week", self.start5, self.sunday, age, **filters
                )
            }
            week_mine = (
                np.ones(len(self.week_frame), bool) if scope is None else self.week_frame.platform == scope
            )
            now = self.aggregate(
                self.week_frame.select(week_mine), "week", self.monday, self.sunday, None, **filters
            )
            current = now[0] if now else {}
            ages = self.week_frame.age_days[
                (np.ones(len(self.week_frame), bool) if scope is None else self.week_frame.platform == scope)
            ]
            ages = ages[~np.isnan(ages)]
            row: dict[str, Any] = {
                "platform": scope,
                "posts": int(current.get("posts", 0)),
                "posts_without_numbers": int(
                    np.count_nonzero(
                        np.isnan(self.week_frame.age_days)
                        & (True if scope is None else self.week_frame.platform == scope)
                    )
                ),
                "views": current.get("views"),
                "views_known": current.get("views_known", 0),
                "reach": current.get("reach"),
                "reach_known": current.get("reach_known", 0),
                "engagements": current.get("engagements"),
                "engagements_known": current.get("engagements_known", 0),
                "engagements_partial": current.get("engagements_partial", 0),
                "engagement_rate": current.get(rate),
                "engagement_rate_posts": current.get(f"{rate}_posts", 0),
                "comments": current.get("comments"),
                "comments_known": current.get("comments_known", 0),
                "follower_growth": growth[scope][-1]["growth"] if growth.get(scope) else None,
                "follower_accounts": growth[scope][-1]["accounts"] if growth.get(scope) else 0,
                "positive": current.get("positive", 0),
                "negative": current.get("negative", 0),
                "neutral": current.get("neutral", 0),
                "net_sentiment": current.get("net_sentiment"),
                "age_min_days": float(ages.min()) if len(ages) else None,
                "age_median_days": float(np.median(ages)) if len(ages) else None,
                "age_max_days": float(ages.max()) if len(ages) else None,
            }
            row["change"] = self._changes(weekly, compared, growth.get(scope), five, age)
            row["comparison_age_days"] = age
            row["trend"] = [
                {
                    "week": label,
                    "posts": int(weekly.get(label, {}).get("posts", 0)),
                    "posts_at_age": int(
                        weekly.get(label, {}).get("posts", 0)
                        - weekly.get(label, {}).get("posts_not_at_age", 0)
                    ),
                    "views_per_post": _divide(
                        weekly.get(label, {}).get("views"), weekly.get(label, {}).get("views_known")
                    ),
                    "engagements_per_post": _divide(
                        weekly.get(label, {}).get("engagements"),
                        weekly.get(label, {}).get("engagements_known"),
                    ),
                    "positive": weekly.get(label, {}).get("positive", 0),
                    "neutral": weekly.get(label, {}).get("neutral", 0),
                    "negative": weekly.get(label, {}).get("negative", 0),
                }
                for label in self.labels
            ]
            rows.append(row)
        return {
            "basis": "values_to_date",
            "comparison_age_days": self.comparison_age,
            "rows": rows,
        }

    def _changes(
        self,
        weekly: dict[str, Any],
        compared: dict[str, Any],
        growth: list[dict[str, Any]] | None,
        five: list[str],
        age: float,
    ) -> dict[str, Any]:
        """Per figure: this week against the week before and the mean of the four weeks before.
        Post counts and follower growth do not depend on age; views, reach, engagements and comments
        are compared per post at the comparison age, the engagement rate at that age, net sentiment
        in points of its values to date."""
        rate = f"rate_{self.rate_by}"
        this, before = five[-1], five[:-1]

        def value(groups: dict[str, Any], label: str, name: str) -> float | None:
            group = groups.get(label)
            if group is None or not group.get("posts"):
                return 0.0 if name == "posts" else None
            if name in ("views", "reach", "engagements", "comments"):
                # Per post at the age: a week with fewer posts measured at that age is not "down".
                return _divide(group.get(name), group.get(f"{name}_known"))
            got = group.get(name)
            return None if got is None else float(got)

        def change(series: list[float | None], *, points: bool = False) -> dict[str, Any]:
            current, previous = series[-1], series[-2]
            # Weeks without a value (no post measured at that age) stay out of the mean.
            earlier = [v for v in series[:-1] if v is not None]
            mean = sum(earlier) / len(earlier) if earlier else None
            return {
                "current": current,
                "previous": previous,
                "four_week_mean": mean,
                "weeks_in_mean": len(earlier),
                "vs_previous": _relative(current, previous, points),
                "vs_four_weeks": _relative(current, mean, points),
                "in_points": points,
            }

        out: dict[str, Any] = {}
        out["posts"] = change([value(weekly, label, "posts") for label in [*before, this]])
        for name, key in (("views", "views"), ("reach", "reach"), ("engagements", "engagements"),
                          ("comments", "comments"), ("engagement_rate", rate)):  # fmt: skip
            out[name] = change([value(compared, label, key) for label in [*before, this]])
            out[name]["at_age_days"] = age
            out[name]["per_post"] = name != "engagement_rate"
        out["net_sentiment"] = change(
            [value(weekly, label, "net_sentiment") for label in [*before, this]], points=True
        )
        if growth:
            out["follower_growth"] = change([g["growth"] for g in growth[-(CHANGE_WEEKS + 1) :]])
        return out

    def _follower_growth(self) -> dict[str | None, list[dict[str, Any]]]:
        """Per platform and in total, per week of the five: the sum over accounts of the followers
        at the last known day of the week minus that of the week before (accounts with both)."""
        from outreach.queries.posts import day_of, follower_series

        weeks = [self.start5 + timedelta(weeks=k) for k in range(CHANGE_WEEKS + 1)]
        columns = follower_series(
            self.connection, weeks[0] - timedelta(days=7), self.sunday, office=self.office
        )
        last: dict[date, dict[int, tuple[str, float]]] = {}  # monday -> account -> newest count
        for account_id, platform, seconds, followers in zip(*columns, strict=True):
            day_value = day_of(seconds)
            monday = day_value - timedelta(days=day_value.weekday())
            last.setdefault(monday, {})[int(account_id)] = (platform, float(followers))
        result: dict[str | None, list[dict[str, Any]]] = {}
        for scope in [*self._platforms(), None]:
            series = []
            for monday in weeks:
                before = last.get(monday - timedelta(days=7), {})
                changes = [
                    count - before[account_id][1]
                    for account_id, (platform, count) in last.get(monday, {}).items()
                    if account_id in before and (scope is None or platform == scope)
                ]
                series.append(
                    {"week": week_label(monday), "growth": sum(changes) if changes else None,
                     "accounts": len(changes)}
                )  # fmt: skip
            result[scope] = series
        return result

    # 2. pillars ------------------------------------------------------------------------------

    def _pillars(self) -> list[dict[str, Any]]:
        from outreach.analysis.aggregate import consistency

        groups = {
            g["key"]: g for g in self.aggregate(self.week_frame, "pillar", self.monday, self.sunday, None)
        }
        steady = {
            c["key"]: c
            for c in consistency(
                self.connection,
                self.config,
                by="pillar",
                since=self.start12,
                until=self.sunday,
                office=self.office,
            )
        }
        rate = f"rate_{self.rate_by}"
        taxonomy = self.config.pillar_taxonomy
        keys = [p.key for p in taxonomy] + sorted(
            k for k in groups if k is not None and k not in {p.key for p in taxonomy}
        )
        names = {p.key: (p.name_id if self.language == "id" and p.name_id else p.name) for p in taxonomy}
        rows = []
        for key in [*keys, None]:
            group = groups.get(key, {})
            if key is None and not group:
                continue
            c = steady.get(key, {})
            rows.append(
                {
                    "key": key,
                    "name": names.get(key, key) if key else str(self.t("report.no_pillar")),
                    "posts": int(group.get("posts", 0)),
                    "reach": group.get("reach"),
                    "reach_known": group.get("reach_known", 0),
                    "engagements": group.get("engagements"),
                    "engagement_rate": group.get(rate),
                    "engagement_rate_posts": group.get(f"{rate}_posts", 0),
                    "net_sentiment": group.get("net_sentiment"),
                    "negative": group.get("negative", 0),
                    "classified_comments": group.get("classified_comments", 0),
                    "weeks": c.get("weeks"),
                    "weeks_with_posts": c.get("weeks_with_posts"),
                    "longest_gap_days": c.get("longest_silence_days"),
                    "longest_gap_start": c.get("longest_silence_start"),
                    "longest_gap_end": c.get("longest_silence_end"),
                    "last_post": c.get("last_post"),
                }
            )
        return rows

    # 3. campaigns ------------------------------------------------------------------------------

    def _campaigns(self) -> list[dict[str, Any]]:
        from outreach.analysis.metrics import post_frame

        out = []
        rate = f"rate_{self.rate_by}"
        for campaign in self.config.campaigns:
            if (campaign.start and campaign.start > self.sunday) or (
                campaign.end and campaign.end < self.monday
            ):
                continue
            start = campaign.start or self.start12
            until = min(self.sunday, campaign.end or self.sunday)
            if start >= self.monday:
                frame = self.week_frame.select(self.in_period(self.week_frame, start, until))
            else:  # the campaign's own posts only
                frame = post_frame(
                    self.connection, self.config, age_days=None, since=start, until=until, office=self.office,
                    campaign=campaign.key,
                )  # fmt: skip
            groups = {
                g["key"]: g
                for g in self.aggregate(frame, "campaign", start, until, None, campaign=campaign.key)
            }
            to_date = groups.get(campaign.key, {"posts": 0})
            week_groups = {
                g["key"]: g
                for g in self.aggregate(
                    self.week_frame, "campaign", self.monday, self.sunday, None, campaign=campaign.key
                )
            }
            this_week = week_groups.get(campaign.key, {"posts": 0})
            targets = []
            for name, target in campaign.targets.items():
                entry: dict[str, Any] = {
                    "name": name,
                    "target": target,
                    "actual": None,
                    "source": "social_media",
                }
                field_name = {"engagement_rate": rate, "rate": rate}.get(name, name)
                if field_name in ("posts", "views", "reach", "engagements", "comments", rate):
                    entry["actual"] = to_date.get(field_name, 0 if field_name == "posts" else None)
                elif name in campaign.impact:
                    figure = campaign.impact[name]
                    entry["actual"] = figure if isinstance(figure, int | float) else figure.value
                    entry["source"] = "impact"
                    entry["impact_source"] = None if isinstance(figure, int | float) else figure.source
                else:
                    entry["source"] = "not_measured"
                entry["progress"] = (
                    entry["actual"] / target if entry["actual"] is not None and target else None
                )
                targets.append(entry)
            elapsed = None
            if campaign.start and campaign.end:
                elapsed = ((until - campaign.start).days + 1) / ((campaign.end - campaign.start).days + 1)
            out.append(
                {
                    "key": campaign.key,
                    "name": campaign.name,
                    "start": campaign.start,
                    "end": campaign.end,
                    "time_elapsed": elapsed,
                    "posts_this_week": int(this_week.get("posts", 0)),
                    "reach_this_week": this_week.get("reach"),
                    "engagements_this_week": this_week.get("engagements"),
                    "posts_to_date": int(to_date.get("posts", 0)),
                    "reach_to_date": to_date.get("reach"),
                    "views_to_date": to_date.get("views"),
                    "engagements_to_date": to_date.get("engagements"),
                    "engagement_rate_to_date": to_date.get(rate),
                    "net_sentiment_to_date": to_date.get("net_sentiment"),
                    "has_targets": bool(campaign.targets),
                    "targets": targets,
                    "baseline": self._baseline(campaign, start, until),
                }
            )
        return out

    def _baseline(self, campaign: Any, start: date, until: date) -> dict[str, Any] | None:
        """The campaign to date against its baseline period, both at the configured age and per
        week: posts per week, reach and engagements per post, the engagement rate. The baseline's
        posts are the office's posts in the campaign's pillar (all posts with none or several)."""
        from outreach.analysis.metrics import post_frame

        if campaign.baseline is None:
            return None
        base = campaign.baseline
        pillar = campaign.pillars[0] if len(campaign.pillars) == 1 else None
        frame = post_frame(
            self.connection, self.config, age_days=float(self.age), since=base.start, until=base.end,
            office=self.office, pillar=pillar,
        )  # fmt: skip
        before = self.total(frame, base.start, base.end, float(self.age), pillar=pillar)
        if start >= self.start12:
            during_frame = self.at_age.select(self.in_period(self.at_age, start, until))
        else:
            during_frame = post_frame(
                self.connection, self.config, age_days=float(self.age), since=start, until=until,
                office=self.office, campaign=campaign.key,
            )  # fmt: skip
        during_groups = {
            g["key"]: g
            for g in self.aggregate(
                during_frame, "campaign", start, until, float(self.age), campaign=campaign.key
            )
        }
        during = during_groups.get(campaign.key, {"posts": 0})
        rate = f"rate_{self.rate_by}"

        def figures(group: dict[str, Any], days: int) -> dict[str, Any]:
            return {
                "posts_per_week": group.get("posts", 0) / (days / 7) if days else None,
                "reach_per_post": _divide(group.get("reach"), group.get("reach_known")),
                "engagements_per_post": _divide(group.get("engagements"), group.get("engagements_known")),
                "engagement_rate": group.get(rate),
                "posts_at_age": group.get("posts", 0) - group.get("posts_not_at_age", 0),
            }

        return {
            "start": base.start,
            "end": base.end,
            "pillar": pillar,
            "age_days": self.age,
            "baseline": figures(before, (base.end - base.start).days + 1),
            "campaign": figures(during, (until - start).days + 1),
        }

    # 4. best and weakest posts ---------------------------------------------------------------

    def _ranked(self) -> list[dict[str, Any]]:
        import numpy as np

        from outreach.queries.posts import post_captions, post_conditions, tag_pairs

        if len(self.week_frame) == 0:
            return []
        where, params = post_conditions(self.zone, since=self.monday, until=self.sunday, office=self.office)
        tag_posts, tag_keys = tag_pairs(self.connection, "pillar", where, params)
        pillars: dict[int, list[str]] = {}
        for post_id, key in zip(tag_posts.tolist(), tag_keys.tolist()):
            pillars.setdefault(int(post_id), []).append(key)
        names = {
            p.key: (p.name_id if self.language == "id" and p.name_id else p.name)
            for p in self.config.pillar_taxonomy
        }
        out = []
        for platform in self._platforms():
            age = self.ages[platform]
            frame = self.compared(platform)
            frame = frame.select(self.in_period(frame, self.monday, self.sunday))
            mine = frame.platform == platform
            column = f"rate_{self.rate_by}"
            values = getattr(frame, column)
            usable = mine & frame.at_age & np.isfinite(values)
            if not usable.any() and (mine & frame.at_age & np.isfinite(frame.rate_views)).any():
                column, values = "rate_views", frame.rate_views
                usable = mine & frame.at_age & np.isfinite(values)
            rows = np.flatnonzero(usable)
            entry: dict[str, Any] = {
                "platform": platform,
                "metric": column,
                "age_days": age,
                "posts": int(np.count_nonzero(mine)),
                "ranked_posts": len(rows),
                "median": float(np.median(values[rows])) if len(rows) else None,
                "best": [],
                "weakest": [],
            }
            if len(rows):
                order = rows[np.argsort(-values[rows], kind="stable")]
                k = min(RANKED, len(order) // 2) if len(order) > 1 else 1
                chosen = {
                    "best": order[:k].tolist(),
                    "weakest": order[::-1][:k].tolist() if len(order) > 1 else [],
                }
                captions = post_captions(
                    self.connection, [int(frame.id[i]) for i in order[:k].tolist() + order[::-1][:k].tolist()]
                )
                for side, picked in chosen.items():
                    for i in picked:
                        caption, link = captions.get(int(frame.id[i]), (None, None))
                        entry[side].append(
                            {
                                "post_id": frame.post_id[i],
                                "account": frame.account[i],
                                "type": frame.type[i],
                                "published_at": _as_datetime(frame.published_at[i]),
                                "caption": _excerpt(caption),
                                "link": link
                                if link and str(link).startswith(("https://", "http://"))
                                else None,
                                "pillars": [names.get(p, p) for p in pillars.get(int(frame.id[i]), [])],
                                "value": float(values[i]),
                                "times_median": _divide(float(values[i]), entry["median"]),
                                "engagements": _finite(frame.engagements[i]),
                                "reach": _finite(frame.reach[i]),
                                "views": _finite(frame.views[i]),
                                "performance_index": _finite(frame.performance_index[i]),
                                "why": self._why(column, age, float(values[i]), entry["median"], frame, i),
                            }
                        )
            out.append(entry)
        return out

    def _why(self, column: str, age: float, value: float, median: float | None, frame: Any, i: int) -> str:
        t = self.t
        parts = [
            t(
                "report.why_rate",
                metric=str(t(f"report.metric_{column}")),
                value=self.pct(value, 2),
                age=self.num(age, 0),
                median=self.pct(median, 2),
                ratio=self.num(_divide(value, median), 1),
            )
        ]
        engagements, reach, views = frame.engagements[i], frame.reach[i], frame.views[i]
        if math.isfinite(engagements):
            base = (
                reach if column == "rate_reach" else views if column == "rate_views" else frame.followers[i]
            )
            parts.append(
                t("report.why_counts", engagements=self.num(engagements), base=self.num(base),
                  denominator=str(t(f"report.denominator_{column}")))
            )  # fmt: skip
        index = frame.performance_index[i]
        if math.isfinite(index):
            parts.append(t("report.why_index", index=self.num(index, 1)))
        return "; ".join(parts)

    # 5. what people said ---------------------------------------------------------------------

    def _said(self) -> dict[str, Any]:
        from outreach.analysis.aggregate import net_sentiment
        from outreach.queries.report import week_comments

        total = next(r for r in self._headline_rows if r["platform"] is None)
        classified = total["positive"] + total["negative"] + total["neutral"]
        share = (
            {k: total[k] / classified for k in ("positive", "neutral", "negative")} if classified else None
        )
        pillars = net_sentiment(
            self.connection,
            by="pillar",
            since=self.monday,
            until=self.sunday,
            zone=self.zone,
            office=self.office,
        )
        names = {
            p.key: (p.name_id if self.language == "id" and p.name_id else p.name)
            for p in self.config.pillar_taxonomy
        }
        negative = sorted(
            (
                {"key": p["key"], "name": names.get(p["key"], p["key"]), "negative": p["negative"],
                 "classified": p["classified"], "share": p["negative"] / p["classified"] if p["classified"] else None}
                for p in pillars if p["negative"]
            ),
            key=lambda p: (-p["negative"], p["key"]),
        )  # fmt: skip
        rows = week_comments(self.connection, self.zone, self.monday, self.sunday, self.office)
        quotes = _pick_quotes(rows, QUOTES)
        return {
            "classified": classified,
            "share": share,
            "net_sentiment": total["net_sentiment"],
            "trend": [
                {
                    "week": w["week"],
                    "positive": w["positive"],
                    "neutral": w["neutral"],
                    "negative": w["negative"],
                }
                for w in total["trend"]
            ],
            "negative_pillars": negative,
            "quotes": [
                {"platform": q[1], "label": q[2], "text": mask_text(q[3]), "likes": q[4]} for q in quotes
            ],
        }

    # 6. what worked ----------------------------------------------------------------------------

    def _worked(self) -> dict[str, Any]:
        import numpy as np

        from outreach.analysis.compare import compare, local_hour_weekday

        frame = self.at_age
        since = self.sunday - timedelta(weeks=WORKED_WEEKS) + timedelta(days=1)
        findings: list[dict[str, Any]] = []
        checked: list[dict[str, Any]] = []
        weekday_names = self.t("report.weekdays")
        hours, weekdays = local_hour_weekday(frame.published_at, self.zone)
        blocks = np.full(len(frame), "", dtype=object)
        for name, low, high in HOUR_BLOCKS:
            shifted = np.where(hours < 5, hours + 24, hours)
            blocks[(hours >= 0) & (shifted >= low) & (shifted < high)] = name
        variants = self._variant_keys(frame, since)
        rng = np.random.default_rng(20_261_116)
        for platform in self._platforms():
            column = f"rate_{self.rate_by}"
            mine = (frame.platform == platform) & frame.at_age
            if not np.isfinite(getattr(frame, column)[mine]).any():
                column = "rate_views"
            values = getattr(frame, column)
            rows = np.flatnonzero(mine & np.isfinite(values))
            sampled = len(rows) > COMPARE_SAMPLE
            if sampled:
                rows = np.sort(rng.choice(rows, COMPARE_SAMPLE, replace=False))
            dimensions: dict[str, dict[str, list[float]]] = {"type": {}, "hour": {}, "weekday": {}}
            for i in rows.tolist():
                if frame.type[i]:
                    dimensions["type"].setdefault(str(frame.type[i]), []).append(values[i])
                if blocks[i]:
                    dimensions["hour"].setdefault(str(blocks[i]), []).append(values[i])
                if weekdays[i] >= 0:
                    dimensions["weekday"].setdefault(weekday_names[int(weekdays[i])], []).append(values[i])
                for key in variants.get(int(frame.id[i]), []):
                    dimensions.setdefault("variant:" + key.split("/")[0], {}).setdefault(
                        key.split("/", 1)[1], []
                    ).append(values[i])
            for dimension, groups in dimensions.items():
                if len(groups) < 2:
                    continue
                comparison = compare(
                    groups, min_n=MIN_N, n_resamples=COMPARE_RESAMPLES, language=self.language
                )
                finding = self._finding(platform, dimension, column, comparison)
                checked.append(
                    {"platform": platform, "by": dimension, "metric": column, "posts": int(sum(len(v) for v in groups.values())),
                     "groups": len(groups), "sampled": sampled, "finding": finding is not None}
                )  # fmt: skip
                if finding:
                    findings.append(finding)
        return {
            "since": since,
            "until": self.sunday,
            "age_days": self.age,
            "findings": findings,
            "checked": checked,
            "sample_size": COMPARE_SAMPLE,
        }

    def _variant_keys(self, frame: Any, since: date) -> dict[int, list[str]]:
        from outreach.queries.posts import post_conditions, tag_pairs

        if not any(c.variants for c in self.config.campaigns):
            return {}
        where, params = post_conditions(self.zone, since=since, until=self.sunday, office=self.office)
        posts, keys = tag_pairs(self.connection, "variant", where, params)
        found: dict[int, list[str]] = {}
        for post_id, key in zip(posts.tolist(), keys.tolist()):
            if "/" in key:
                found.setdefault(int(post_id), []).append(key)
        return found

    def _finding(self, platform: str, dimension: str, column: str, comparison: Any) -> dict[str, Any] | None:
        """A finding only where the comparison's verdict says a group is clearly ahead or behind."""
        groups = list(comparison.groups)
        leader = next((g for g in groups if getattr(g, "leader", False)), None)
        if leader is None:
            return None
        code = getattr(leader, "verdict_code", "") or ("best" if comparison.best == leader.name else "")
        clear_lower = [g for g in groups if getattr(g, "verdict_code", "") == "clearly_lower"]
        if code != "best" and not clear_lower:
            return None
        judged = [g for g in groups if g is not leader and g.n >= MIN_N and math.isfinite(g.difference)]
        if not judged:
            return None
        other = (
            max(judged, key=lambda g: g.difference)
            if code == "best"
            else min(clear_lower, key=lambda g: g.difference)
        )
        difference = -other.difference  # leader minus other
        low, high = -other.diff_high, -other.diff_low
        t = self.t
        by_name = dimension.split(":")[0]
        campaign = dimension.split(":", 1)[1] if ":" in dimension else None
        sentence = t(
            "report.finding_best" if code == "best" else "report.finding_lower",
            platform=str(t(f"report.platform_{platform}")),
            by=str(t(f"report.by_{by_name}")),
            leader=leader.name,
            other=other.name,
            metric=str(t(f"report.metric_{column}")),
            leader_value=self.pct(leader.median, 2),
            other_value=self.pct(other.median, 2),
            leader_n=self.num(leader.n),
            other_n=self.num(other.n),
            ratio=self.num(_divide(leader.median, other.median), 1),
            difference=self.num(difference * 100, 2),
            low=self.num(low * 100, 2),
            high=self.num(high * 100, 2),
        )
        return {
            "platform": platform,
            "by": by_name,
            "campaign": campaign,
            "metric": column,
            "leader": leader.name,
            "leader_median": leader.median,
            "leader_n": leader.n,
            "leader_interval": [leader.ci_low, leader.ci_high],
            "other": other.name,
            "other_median": other.median,
            "other_n": other.n,
            "difference": difference,
            "difference_interval": [low, high],
            "p_adjusted": getattr(other, "p_adjusted", None),
            "verdict_code": code or "clearly_lower",
            "verdict": getattr(leader, "verdict", ""),
            "statement": sentence,
        }

    # 7. data coverage ------------------------------------------------------------------------

    def _coverage(self) -> dict[str, Any]:
        import numpy as np

        from outreach.analysis.metrics import engagement_coverage
        from outreach.queries.report import account_day_coverage, file_coverage, snapshot_coverage

        snapshots = snapshot_coverage(self.connection, self.zone, self.start5, self.sunday, self.office)
        days = account_day_coverage(self.connection, self.start5, self.office)
        files = file_coverage(self.connection, self.office)
        week_end = datetime.combine(self.sunday + timedelta(days=1), datetime.min.time(), ZoneInfo(self.zone))
        stale_before = (week_end - timedelta(days=STALE_DAYS)).astimezone(UTC).replace(tzinfo=None)
        kinds: dict[int, dict[str, dict[str, Any]]] = {}  # account id -> kind -> what was collected
        for account_id, source, newest, count in snapshots:
            entry = kinds.setdefault(int(account_id), {}).setdefault(source, {"kind": source})
            entry.update(newest=_as_datetime(newest), snapshots=int(count))
        for account_id, source, newest, count in days:
            entry = kinds.setdefault(int(account_id), {}).setdefault(source, {"kind": source})
            entry.update(
                newest_day=newest if isinstance(newest, date) else date.fromisoformat(str(newest)[:10])
            )
            entry["days"] = int(count)
        for account_id, kind, newest, count in files:
            entry = kinds.setdefault(int(account_id), {}).setdefault(kind, {"kind": kind})
            entry.update(imported_at=_as_datetime(newest), files=int(count))
        week = self.week_frame
        posts = Counter(zip(week.platform.tolist(), week.account.tolist()))
        unmeasured = Counter(
            zip(
                week.platform[np.isnan(week.age_days)].tolist(),
                week.account[np.isnan(week.age_days)].tolist(),
            )
        )
        accounts = []
        for account in self.accounts:
            collected = kinds.get(account["id"], {})
            newest_times = [k["newest"] for k in collected.values() if k.get("newest")] + [
                datetime.combine(k["newest_day"], datetime.min.time()) + timedelta(hours=23)
                for k in collected.values()
                if k.get("newest_day")
            ]
            last = max(newest_times) if newest_times else None
            status = "missing" if last is None else "stale" if last < stale_before else "ok"
            key = (account["platform"], account["handle"])
            accounts.append(
                {
                    **{k: account[k] for k in ("platform", "handle", "office")},
                    "posts": posts.get(key, 0),
                    "posts_without_numbers": unmeasured.get(key, 0),
                    "last_collected": last,
                    "status": status,
                    "kinds": sorted(collected.values(), key=lambda k: k["kind"]),
                }
            )
        engagement = engagement_coverage(self.week_frame, self.config)
        return {
            "accounts": accounts,
            "engagement_missing": {p: c["missing"] for p, c in engagement.items() if c["missing"]},
            "engagement_posts": {p: c["posts"] for p, c in engagement.items()},
        }

    # 8. definitions ----------------------------------------------------------------------------

    def _definitions(self, report: WeeklyReport) -> list[dict[str, str]]:
        from outreach.analysis.metrics import METRICS, engagement_definition

        t, language = self.t, self.language
        rate = f"rate_{self.rate_by}"
        out = [
            {"term": str(t("report.def_to_date_term")), "definition": str(t("report.def_to_date"))},
            {
                "term": str(t("report.def_age_term")),
                "definition": str(t("report.def_age", ages=self._ages_text(), configured=self.num(self.age))),
            },
            {"term": METRICS["views"].label(language), "definition": METRICS["views"].definition(language)},
            {"term": METRICS["reach"].label(language), "definition": METRICS["reach"].definition(language)
             + " " + str(t("report.def_reach_sum"))},
            {"term": METRICS["engagements"].label(language), "definition": METRICS["engagements"].definition(language)},
        ]  # fmt: skip
        for platform in self._platforms():
            out.append(
                {
                    "term": f"{METRICS['engagements'].label(language)} ({t(f'report.platform_{platform}')})",
                    "definition": engagement_definition(self.config, platform, language),
                }
            )
        out += [
            {"term": METRICS[rate].label(language), "definition": METRICS[rate].definition(language)
             + " " + str(t("report.def_pooled"))},
            {"term": str(t("report.follower_growth")), "definition": str(t("report.def_followers"))},
            {"term": str(t("report.comments")), "definition": str(t("report.def_comments"))},
            {"term": METRICS["net_sentiment"].label(language), "definition": METRICS["net_sentiment"].definition(language)},
            {"term": str(t("report.def_change_term")), "definition": str(t("report.def_change"))},
            {"term": str(t("report.def_consistency_term")), "definition": str(t("report.def_consistency"))},
            {"term": METRICS["performance_index"].label(language), "definition": METRICS["performance_index"].definition(language)},
            {"term": str(t("report.def_worked_term")), "definition": str(t("report.def_worked", age=self.num(self.age)))},
            {"term": str(t("report.def_quotes_term")), "definition": str(t("report.def_quotes"))},
            {"term": str(t("report.def_weeks_term")), "definition": str(t("report.def_weeks", zone=self.zone))},
        ]  # fmt: skip
        return out

    def _ages_text(self) -> str:
        shown = [
            f"{self.t(f'report.platform_{platform}')} {self.num(age)}"
            for platform, age in self.ages.items()
            if platform is not None
        ]
        return ", ".join(shown) or self.num(self.age)

    # charts ------------------------------------------------------------------------------------

    def _charts(self, headline: dict[str, Any], pillars: list[dict[str, Any]]) -> dict[str, Any]:
        import numpy as np

        from outreach.analysis.compare import local_hour_weekday

        weeks = [{"week": label, "monday": monday} for label, monday in zip(self.labels, self.weeks)]
        trend = {
            row["platform"]: [w["engagements_per_post"] for w in row["trend"]]
            for row in headline["rows"]
            if row["platform"] is not None
        }
        total = next(r for r in headline["rows"] if r["platform"] is None)
        hours, weekdays = local_hour_weekday(self.at_age.published_at, self.zone)
        grid = np.zeros((7, 24), dtype=int)
        known = (hours >= 0) & (weekdays >= 0)
        np.add.at(grid, (weekdays[known], hours[known]), 1)
        return {
            "weeks": weeks,
            "age_days": self.age,
            "engagements": trend,
            "posts": [w["posts"] for w in total["trend"]],
            "sentiment": [
                {"positive": w["positive"], "neutral": w["neutral"], "negative": w["negative"]}
                for w in total["trend"]
            ],
            "pillars": [
                {"name": p["name"], "posts": p["posts"], "engagement_rate": p["engagement_rate"]}
                for p in pillars
            ],
            "calendar": grid.tolist(),
        }


# --- small pieces ----------------------------------------------------------------------------


def _concatenate(frames: Sequence[Any]) -> Any:
    """Frames of different posts as one, ordered by post id as ``post_frame`` orders them."""
    import numpy as np

    from outreach.analysis.metrics import PostFrame

    values: dict[str, Any] = {}
    for column in dataclasses.fields(PostFrame):
        parts = [getattr(frame, column.name) for frame in frames]
        if parts and all(isinstance(part, np.ndarray) for part in parts):
            values[column.name] = np.concatenate(parts)
        else:
            values[column.name] = None
    joined = PostFrame(**values)
    return joined.select(np.argsort(joined.id, kind="stable"))


def _relative(current: float | None, base: float | None, points: bool) -> float | None:
    if current is None or base is None:
        return None
    if points:
        return current - base
    return (current - base) / base if base else None


def _divide(top: Any, bottom: Any) -> float | None:
    if top is None or bottom is None or not bottom:
        return None
    if isinstance(top, float) and not math.isfinite(top):
        return None
    return float(top) / float(bottom)


def _finite(value: Any) -> float | None:
    return float(value) if value is not None and math.isfinite(float(value)) else None


def _as_datetime(value: Any) -> datetime | None:
    import numpy as np

    if value is None:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return datetime.fromtimestamp(int(value.astype("datetime64[s]").astype(np.int64)), UTC).replace(
            tzinfo=None
        )
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _excerpt(caption: str | None, length: int = 140) -> str:
    words = " ".join(mask_text(caption or "").split())
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


def mask_text(text: str | None) -> str:
    """A comment or caption as the report shows it: every @handle and phone number masked."""
    from outreach.analysis.text import MENTION

    return PHONE.sub("…", MENTION.sub("@…", text or ""))


def _pick_quotes(rows: Sequence[tuple[Any, ...]], wanted: int) -> list[tuple[Any, ...]]:
    """A few comments that say something: the most liked of each label in turn (negative first,
    it is what a head of office must hear), texts of 3 to 60 words, no repeats."""
    by_label: dict[str, list[tuple[Any, ...]]] = {"negative": [], "positive": [], "neutral": []}
    seen: set[str] = set()
    for row in rows:
        words = len(mask_text(str(row[3])).replace("@…", " ").split())
        key = " ".join(str(row[3]).lower().split())
        if 3 <= words <= 60 and key not in seen and row[2] in by_label:
            seen.add(key)
            by_label[row[2]].append(row)
    picked: list[tuple[Any, ...]] = []
    while len(picked) < wanted and any(by_label.values()):
        for label in ("negative", "positive", "neutral"):
            if by_label[label] and len(picked) < wanted:
                picked.append(by_label[label].pop(0))
    return picked


# --- writing the files -------------------------------------------------------------------------


def write_weekly_report(
    ws: Workspace,
    *,
    week: str | None = None,
    office: str | None = None,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    now: datetime | None = None,
) -> list[Path]:
    """Build the report and write it as ``laporan-mingguan-2026-W47.html/.pdf/.json`` (English:
    ``weekly-report-…``) into ``out_dir``; each file appears whole or not at all."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutreachError(f"unknown report format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    report = build_weekly_report(ws, week=week, office=office, now=now)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutreachError(f"{out_dir}: cannot create the folder ({exc.strerror})") from None
    data = report.as_dict()
    figures = None
    if "html" in formats and "pdf" in formats:  # one drawing of the charts for both
        from reports.charts import weekly_charts

        figures = weekly_charts(data["charts"], report.language)
    written = []
    for fmt in formats:
        path = out_dir / f"{report.file_stem()}.{fmt}"
        if fmt == "json":
            payload = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        elif fmt == "html":
            from reports.html import weekly_html

            payload = weekly_html(data, figures).encode("utf-8")
        else:
            from reports.pdf import weekly_pdf

            payload = weekly_pdf(data, figures)
        _write_atomically(path, payload)
        written.append(path)
    return written


def _write_atomically(path: Path, payload: bytes) -> None:
    """Write beside the target and rename: a reader never sees half a report."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, 0o644)  # reports are for sharing
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutreachError(f"{path}: cannot write the report ({exc.strerror})") from None


def weekly_report_html(
    ws: Workspace, *, week: str | None = None, office: str | None = None
) -> tuple[str, str]:
    """The week's label and its report as one self-contained HTML page (the web app shows it)."""
    from reports.html import weekly_html

    report = build_weekly_report(ws, week=week, office=office)
    return report.week, weekly_html(report.as_dict())
