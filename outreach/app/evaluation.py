"""The evaluation sheet of a campaign or a pillar: baseline, output, out-take, outcome, impact, quick wins.

The levels follow DOMAIN.md's mapping of the smart-city evaluation sheet onto the AMEC
framework, and each level keeps its own measures (a reach is an output, never an outcome):

- **baseline**: the same indicators over the campaign's ``baseline`` period, on the same
  scope (posts of the campaign's pillars on its accounts); for a pillar, the pillar's posts
  over the same number of days just before its period;
- **output**: posts published, reach, views, values to date;
- **out-take**: engagements, the engagement rate (the configured one, named), comments and
  net sentiment, values to date;
- **outcome**: change against the baseline, measured fairly: per post at the configured age
  (7 days) for link clicks, profile visits, reach and the engagement rate, per week for
  follower growth, in points for net sentiment;
- **impact**: figures from outside social media that the office enters, in outreach.toml
  (``impact = { registrations = 134 }``) or in impact.csv beside it, each with its source;
- **quick wins**: targets a campaign reached before its end, and posts whose engagement rate
  beat the campaign's target.

Every indicator with a target in ``targets`` shows it and the progress towards it. Unknown
stays unknown (None), never 0. One read transaction (``ws.reading()``) for the whole sheet.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np

from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.texts import percent

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from outreach.analysis.metrics import PostFrame
    from outreach.config import CampaignConfig, Config

FORMATS = ("xlsx", "html", "pdf")
LEVELS = ("baseline", "output", "outtake", "outcome", "impact", "quick_wins")
# Targets that are totals of post values, so a campaign can reach them before its end.
SUMMABLE_TARGETS = ("posts", "reach", "views", "engagements")
METRIC_TARGETS = (
    "posts", "posts_per_week", "reach", "views", "engagements", "engagement_rate", "comments", "net_sentiment",
    "follower_growth", "link_clicks", "profile_visits",
)  # fmt: skip
PILLAR_DEFAULT_DAYS = 84  # a pillar without dated campaigns: the last twelve weeks
QUICK_WIN_POSTS = 10
IMPACT_FILE = "impact.csv"
OFFICES_NAMED = 3  # more offices than this are counted, not named
POST_METRICS = (
    "views", "reach", "likes", "comments", "shares", "saves", "reposts", "replies", "link_clicks", "profile_visits",
    "engagements",
)  # fmt: skip
IMPACT_COLUMNS = ("campaign", "indicator", "value", "source", "date")


@dataclass
class Evaluation:
    """One sheet: its rows (figures with definitions) and the posts behind them."""

    kind: str  # campaign | pillar
    key: str
    name: str
    office: str  # the office(s) whose accounts published the posts
    language: str
    timezone: str
    period: tuple[date | None, date | None]
    baseline_period: tuple[date, date] | None
    baseline_scope: str
    age_days: float
    rate_by: str
    rows: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    has_targets: bool = False
    generated_at: datetime = field(
        default_factory=lambda: datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    )

    def as_dict(self, *, native: bool = False) -> dict[str, Any]:
        """The sheet as plain data: JSON-ready (dates as ISO text), or with ``native`` dates and
        datetimes kept for the renderers (a spreadsheet stores a date as a date)."""
        iso = (lambda value: value) if native else _iso
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "office": self.office,
            "language": self.language,
            "timezone": self.timezone,
            "period": [iso(d) for d in self.period],
            "baseline_period": [iso(d) for d in self.baseline_period] if self.baseline_period else None,
            "baseline_scope": self.baseline_scope,
            "age_days": self.age_days,
            "rate_by": self.rate_by,
            "has_targets": self.has_targets,
            "notes": self.notes,
            "generated_at": self.generated_at
            if native
            else self.generated_at.isoformat(timespec="seconds") + "Z",
            "rows": [{k: iso(v) for k, v in row.items()} for row in self.rows],
            "posts": [{k: iso(v) for k, v in post.items()} for post in self.posts],
        }

    def file_stem(self) -> str:
        return str(_texts(self.language)(f"file_{self.kind}", key=self.key))


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- impact figures ------------------------------------------------------------------------


def impact_figures(ws: Workspace, campaign_keys: Sequence[str]) -> list[dict[str, Any]]:
    """Impact figures of the campaigns from outreach.toml and from the impact CSV, each with
    where it came from. A figure entered in both places is listed twice, never merged."""
    config = ws.config
    t = _texts(ws.language)
    wanted = set(campaign_keys)
    figures: list[dict[str, Any]] = []
    config_name = config.source.name if config.source else "outreach.toml"
    for campaign in config.campaigns:
        if campaign.key not in wanted:
            continue
        for indicator, entry in campaign.impact.items():
            value, note, day = (
                (entry, None, None)
                if isinstance(entry, int | float)
                else (entry.value, entry.source, entry.day)
            )
            figures.append(
                {
                    "campaign": campaign.key,
                    "indicator": indicator,
                    "value": float(value),
                    "source": t("source_config", file=config_name) + (f": {note}" if note else ""),
                    "date": day,
                }
            )
    path = impact_file(ws)
    if path is not None and path.exists():
        figures += [f for f in read_impact_csv(path, config, ws.language) if f["campaign"] in wanted]
    return figures


def impact_file(ws: Workspace) -> Path | None:
    """The impact CSV: report.impact_file (relative to the config file), else impact.csv beside it."""
    configured = ws.config.report.impact_file
    base = ws.config_file.parent if ws.config_file is not None else Path.cwd()
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else base / path
    return base / IMPACT_FILE


def read_impact_csv(path: Path, config: Config, language: str) -> list[dict[str, Any]]:
    """Rows campaign,indicator,value,source,date; a wrong row is a one-line error naming its line."""
    t = _texts(language)
    known = [c.key for c in config.campaigns]
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise OutreachError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise OutreachError(f"{path}: cannot read ({exc.strerror})") from None
    dialect = csv.Sniffer().sniff(raw.splitlines()[0] if raw.strip() else ",", delimiters=",;\t")
    reader = csv.DictReader(raw.splitlines(), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in IMPACT_COLUMNS[:3] if c not in header]
    if missing:
        raise OutreachError(
            f"{path}: missing column {missing[0]}; the first line must be: {','.join(IMPACT_COLUMNS)}"
        )
    figures = []
    for line, row in enumerate(reader, start=2):
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        campaign = cells.get("campaign", "")
        if campaign not in known:
            raise OutreachError(
                f"{path}, line {line}: no campaign '{campaign}'; known: {', '.join(known) or 'none configured'}"
            )
        value = _impact_number(cells.get("value", ""))
        if value is None:
            raise OutreachError(
                f"{path}, line {line}: value '{cells.get('value', '')}' is not a number (write 1234 or 1.234)"
            )
        day = None
        if cells.get("date"):
            try:
                day = date.fromisoformat(cells["date"])
            except ValueError:
                raise OutreachError(
                    f"{path}, line {line}: date '{cells['date']}' is not a date; use YYYY-MM-DD"
                ) from None
        note = cells.get("source") or None
        figures.append(
            {
                "campaign": campaign,
                "indicator": cells.get("indicator") or "?",
                "value": value,
                "source": t("source_csv", file=path.name, line=line) + (f": {note}" if note else ""),
                "date": day,
            }
        )
    return figures


def _impact_number(cell: str) -> float | None:
    """1234, 1234.5, 1.234 or 1.234,5 (Indonesian); None when not a number."""
    cell = cell.replace(" ", "").replace("\u00a0", "")
    if not cell:
        return None
    if "," in cell and "." in cell:
        cell = (
            cell.replace(".", "").replace(",", ".")
            if cell.rfind(",") > cell.rfind(".")
            else cell.replace(",", "")
        )
    elif "," in cell:
        cell = cell.replace(",", ".") if len(cell.rsplit(",", 1)[1]) != 3 else cell.replace(",", "")
    elif cell.count(".") > 1 or (cell.count(".") == 1 and len(cell.rsplit(".", 1)[1]) == 3):
        cell = cell.replace(".", "")
    try:
        value = float(cell)
    except ValueError:
        return None
    return None if math.isnan(value) else value


# --- building the sheet --------------------------------------------------------------------


def _texts(language: str) -> Any:
    from outreach.texts import area_texts

    table = area_texts("evaluation", language)

    def t(name: str, /, **values: Any) -> str:
        entry = table[name]
        return entry.format(**values) if values else entry

    return t


def build_evaluation(
    ws: Workspace,
    *,
    campaign: str | None = None,
    pillar: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Evaluation:
    """The evaluation sheet of one campaign or, with ``pillar``, one pillar.

    ``since``/``until`` override the period (default: the campaign's dates; for a pillar, the
    span of its campaigns, else the last twelve weeks up to its newest post)."""
    if (campaign is None) == (pillar is None):
        raise OutreachError("name one campaign, or one pillar with --pillar (not both)")
    config = ws.config
    if campaign is not None:
        known = [c.key for c in config.campaigns]
        if campaign not in known:
            if not known:
                raise OutreachError(
                    f"no campaign '{campaign}': none is configured; add a [[campaigns]] entry to outreach.toml"
                )
            raise OutreachError(f"no campaign '{campaign}'; known: {', '.join(known)}")
    else:
        known = [p.key for p in config.pillar_taxonomy]
        if pillar not in known:
            raise OutreachError(f"no pillar '{pillar}'; known: {', '.join(known)}")
    if since and until and until < since:
        raise OutreachError(f"--until {until} is before --since {since}; swap them")
    with ws.reading() as connection:
        return _Sheet(ws, connection, campaign=campaign, pillar=pillar, since=since, until=until).build()


class _Sheet:
    """The computation of one sheet inside one read transaction."""

    def __init__(
        self,
        ws: Workspace,
        connection: Connection,
        *,
        campaign: str | None,
        pillar: str | None,
        since: date | None,
        until: date | None,
    ) -> None:
        self.ws = ws
        self.connection = connection
        self.config = ws.config
        self.language = ws.language
        self.zone = ws.timezone
        self.t = _texts(self.language)
        self.age = float(self.config.engagement.age_days)
        self.rate_by = self.config.engagement.rate_by
        self.campaign: CampaignConfig | None = (
            next(c for c in self.config.campaigns if c.key == campaign) if campaign else None
        )
        self.pillar = pillar
        self.since, self.until = since, until
        self.rows: list[dict[str, Any]] = []

    # --- periods and scope -----------------------------------------------------------------

    def _periods(self) -> tuple[tuple[date | None, date | None], tuple[date, date] | None]:
        today = datetime.now(UTC).astimezone(ZoneInfo(self.zone)).date()
        if self.campaign is not None:
            start = self.since or self.campaign.start
            end = self.until or self.campaign.end
            baseline = self.campaign.baseline
            return (start, end), ((baseline.start, baseline.end) if baseline else None)
        dated = [
            c
            for c in self.config.campaigns
            if self.pillar in c.pillars and c.start is not None and c.end is not None
        ]
        if self.since and self.until:
            start, end = self.since, self.until
        elif dated:
            start = self.since or min(c.start for c in dated if c.start)
            end = self.until or max(c.end for c in dated if c.end)
        else:
            end = self.until or self._newest_post_day() or today
            start = self.since or end - timedelta(days=PILLAR_DEFAULT_DAYS - 1)
        length = (end - start).days + 1
        return (start, end), (start - timedelta(days=length), start - timedelta(days=1))

    def _newest_post_day(self) -> date | None:
        from outreach.analysis.metrics import post_frame

        frame = post_frame(self.connection, self.config, age_days=None, pillar=self.pillar)
        published = frame.published_at[~np.isnat(frame.published_at)]
        if len(published) == 0:
            return None
        newest = published.max().astype(datetime).replace(tzinfo=UTC)
        return newest.astimezone(ZoneInfo(self.zone)).date()

    def _frame(self, age: float | None, start: date | None, end: date | None, *, scope: bool) -> PostFrame:
        """The sheet's posts (``scope`` False) or the baseline's posts (True) at ``age``."""
        from outreach.analysis.metrics import post_frame
        from outreach.queries.evaluation import scope_post_ids

        if not scope:
            return post_frame(
                self.connection, self.config, age_days=age, since=start, until=end,
                campaign=self.campaign.key if self.campaign else None, pillar=self.pillar,
            )  # fmt: skip
        if self.campaign is None:
            return post_frame(
                self.connection, self.config, age_days=age, since=start, until=end, pillar=self.pillar
            )
        pillars, handles = self.campaign.pillars, self.campaign.accounts
        frame = post_frame(
            self.connection, self.config, age_days=age, since=start, until=end,
            pillar=pillars[0] if len(pillars) == 1 else None,
        )  # fmt: skip
        if len(pillars) > 1 or handles:
            ids = scope_post_ids(
                self.connection, self.zone, since=start, until=end, pillars=pillars, handles=handles
            )
            frame = frame.select(np.isin(frame.id, ids))
        return frame

    def _scope_text(self) -> str:
        if self.campaign is None:
            return self.t("scope_pillar", pillar=self._pillar_name(self.pillar or ""))
        pillars = ", ".join(self._pillar_name(p) for p in self.campaign.pillars) or self.t("scope_all_posts")
        accounts = ", ".join(f"@{h}" for h in self.campaign.accounts) or self.t("scope_all_accounts")
        return self.t("scope_campaign", pillars=pillars, accounts=accounts)

    def _pillar_name(self, key: str) -> str:
        for entry in self.config.pillar_taxonomy:
            if entry.key == key:
                return entry.name_id if self.language == "id" and entry.name_id else entry.name
        return key

    # --- figures ---------------------------------------------------------------------------

    def _figures(self, frame: PostFrame, start: date | None, end: date | None) -> dict[str, Any]:
        """One group of ``aggregate``'s figures over every post of ``frame``, plus the outcome sums."""
        from outreach.analysis.aggregate import aggregate

        # aggregate groups posts; one office key for every row makes the frame one group.
        whole = dataclasses.replace(frame, office=np.full(len(frame), "all", dtype=object))
        groups = aggregate(
            self.connection, self.config, by="office", age_days=frame.requested_age_days,
            since=start, until=end, frame=whole,
        )  # fmt: skip
        figures: dict[str, Any] = groups[0] if groups else {"posts": 0}
        at_age = frame.at_age if frame.requested_age_days is not None else np.ones(len(frame), dtype=bool)
        for name in ("link_clicks", "profile_visits", "follows", "reach"):
            values = np.where(at_age, getattr(frame, name), np.nan)
            known = ~np.isnan(values)
            count = int(known.sum())
            figures[f"{name}_total"] = float(values[known].sum()) if count else None
            figures[f"{name}_total_known"] = count
            figures[f"{name}_per_post"] = float(values[known].mean()) if count else None
        figures["posts_at_age"] = int(np.count_nonzero(at_age))
        return figures

    def _follower_growth(
        self, account_ids: list[int], start: date | None, end: date | None
    ) -> dict[str, Any]:
        """Followers gained per week by the accounts, from their first to their last known count
        in the period; accounts without two counts in it are left out and counted."""
        from outreach.queries.posts import day_of, follower_series

        result: dict[str, Any] = {
            "per_week": None,
            "gained": None,
            "accounts_known": 0,
            "accounts": len(account_ids),
        }
        if start is None or end is None or not account_ids:
            return result
        accounts, _platforms, day_starts, counts = follower_series(
            self.connection, start, end, account_ids=account_ids
        )
        first: dict[int, tuple[date, int]] = {}
        last: dict[int, tuple[date, int]] = {}
        for account, seconds, followers in zip(accounts, day_starts, counts, strict=True):
            first.setdefault(int(account), (day_of(seconds), int(followers)))
            last[int(account)] = (day_of(seconds), int(followers))
        gained, days = 0.0, 0.0
        known = 0
        for account, (d0, f0) in first.items():
            d1, f1 = last[account]
            if d1 > d0:
                gained += f1 - f0
                days += (d1 - d0).days
                known += 1
        if known:
            result.update(gained=gained, per_week=gained / (days / known) * 7, accounts_known=known)
        return result

    # --- rows --------------------------------------------------------------------------------

    def _row(
        self,
        level: str,
        key: str,
        value: Any,
        *,
        unit: str = "count",
        basis: str = "to_date",
        known: int | None = None,
        of: int | None = None,
        baseline: Any = None,
        change_kind: str | None = None,
        target_key: str | None = None,
        label: str | None = None,
        definition: str | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
        targets = self.campaign.targets if self.campaign else {}
        target = targets.get(target_key) if target_key else None
        change = None
        if change_kind == "relative" and value is not None and baseline not in (None, 0):
            change = value / baseline - 1
        elif change_kind == "points" and value is not None and baseline is not None:
            change = value - baseline
        progress = value / target if target not in (None, 0) and value is not None else None
        row = {
            "level": level,
            "key": key,
            "label": label or self.t(f"row_{key}"),
            "value": value,
            "unit": unit,
            "known": known,
            "of": of,
            "baseline": baseline,
            "change": change,
            "change_kind": change_kind,
            "target": target,
            "progress": progress,
            "target_met": (value >= target) if target is not None and value is not None else None,
            "basis": self.t(f"basis_{basis}", age=f"{self.age:g}"),
            "definition": definition if definition is not None else self._definition(key),
            "source": source or self.t("source_database"),
        }
        self.rows.append(row)
        return row

    def _definition(self, key: str) -> str:
        from outreach.analysis.metrics import METRICS

        metric = {
            "reach": "reach", "views": "views", "engagements": "engagements", "engagement_rate": f"rate_{self.rate_by}",
            "engagement_rate_at_age": f"rate_{self.rate_by}", "net_sentiment": "net_sentiment",
            "reach_per_post": "reach",
        }.get(key)  # fmt: skip
        own = self.t(f"def_{key}") if f"def_{key}" in _definition_keys(self.language) else ""
        if metric:
            return " ".join(part for part in (METRICS[metric].definition(self.language), own) if part)
        return own

    def build(self) -> Evaluation:
        (start, end), baseline_period = self._periods()
        notes: list[str] = []
        to_date = self._frame(None, start, end, scope=False)
        at_age = self._frame(self.age, start, end, scope=False)
        now = self._figures(to_date, start, end)
        now_age = self._figures(at_age, start, end)
        accounts = sorted({int(a) for a in to_date.account_id.tolist() if a >= 0})
        if baseline_period is not None:
            b_start, b_end = baseline_period
            base_frame = self._frame(None, b_start, b_end, scope=True)
            base = self._figures(base_frame, b_start, b_end)
            base_age = self._figures(self._frame(self.age, b_start, b_end, scope=True), b_start, b_end)
            if not accounts:
                accounts = sorted({int(a) for a in base_frame.account_id.tolist() if a >= 0})
            base_growth = self._follower_growth(accounts, b_start, b_end)
        else:
            base, base_age, base_growth = {}, {}, {}
            notes.append(self.t("note_no_baseline"))
        growth = self._follower_growth(accounts, start, end)
        weeks = ((end - start).days + 1) / 7 if start and end else None
        base_weeks = ((baseline_period[1] - baseline_period[0]).days + 1) / 7 if baseline_period else None

        rate_label = self.t(f"row_engagement_rate_{self.rate_by}")
        rate = f"rate_{self.rate_by}"
        # Baseline: the same indicators over the period before.
        if baseline_period is not None:
            b_posts = base.get("posts", 0)
            self._row("baseline", "posts", b_posts)
            self._row(
                "baseline", "posts_per_week", b_posts / base_weeks if base_weeks else None, unit="ratio"
            )
            for key in ("reach", "views", "engagements"):
                self._row("baseline", key, base.get(key), known=base.get(f"{key}_known"), of=b_posts)
            self._row(
                "baseline", "engagement_rate", base.get(rate), unit="rate", known=base.get(f"{rate}_posts"), of=b_posts,
                label=rate_label,
            )  # fmt: skip
            self._row(
                "baseline",
                "net_sentiment",
                base.get("net_sentiment"),
                unit="score",
                known=base.get("classified_comments"),
            )
            self._row(
                "baseline",
                "follower_growth",
                base_growth.get("per_week"),
                unit="ratio",
                basis="account",
                known=base_growth.get("accounts_known"),
                of=base_growth.get("accounts"),
            )
        # Output.
        posts = now.get("posts", 0)
        self._row("output", "posts", posts, target_key="posts")
        self._row(
            "output",
            "posts_per_week",
            posts / weeks if weeks else None,
            unit="ratio",
            baseline=(base.get("posts", 0) / base_weeks) if base_weeks else None,
            change_kind="relative",
            target_key="posts_per_week",
        )
        for key in ("reach", "views"):
            self._row("output", key, now.get(key), known=now.get(f"{key}_known"), of=posts, target_key=key)
        # Out-take.
        self._row(
            "outtake",
            "engagements",
            now.get("engagements"),
            known=now.get("engagements_known"),
            of=posts,
            target_key="engagements",
        )
        self._row(
            "outtake",
            "engagement_rate",
            now.get(rate),
            unit="rate",
            known=now.get(f"{rate}_posts"),
            of=posts,
            target_key="engagement_rate",
            label=rate_label,
        )
        self._row(
            "outtake",
            "comments",
            now.get("comments"),
            known=now.get("comments_known"),
            of=posts,
            target_key="comments",
        )
        self._row(
            "outtake",
            "net_sentiment",
            now.get("net_sentiment"),
            unit="score",
            known=now.get("classified_comments"),
            target_key="net_sentiment",
        )
        # Outcome: change against the baseline, per post at the same age, per week, in points.
        self._row(
            "outcome",
            "follower_growth",
            growth.get("per_week"),
            unit="ratio",
            basis="account",
            known=growth.get("accounts_known"),
            of=growth.get("accounts"),
            baseline=base_growth.get("per_week"),
            change_kind="relative",
            target_key="follower_growth",
        )
        for key in ("link_clicks", "profile_visits", "reach"):
            self._row(
                "outcome",
                f"{key}_per_post",
                now_age.get(f"{key}_per_post"),
                unit="ratio",
                basis="at_age",
                known=now_age.get(f"{key}_total_known"),
                of=posts,
                baseline=base_age.get(f"{key}_per_post"),
                change_kind="relative",
            )
        self._row(
            "outcome",
            "engagement_rate_at_age",
            now_age.get(rate),
            unit="rate",
            basis="at_age",
            known=now_age.get(f"{rate}_posts"),
            of=posts,
            baseline=base_age.get(rate),
            change_kind="relative",
            label=self.t("row_engagement_rate_at_age", rate=rate_label),
        )
        self._row(
            "outcome",
            "sentiment_shift",
            now.get("net_sentiment"),
            unit="score",
            known=now.get("classified_comments"),
            baseline=base.get("net_sentiment"),
            change_kind="points",
        )
        for key in ("link_clicks", "profile_visits"):
            self._row(
                "outcome",
                f"{key}_total",
                now.get(f"{key}_total"),
                known=now.get(f"{key}_total_known"),
                of=posts,
                target_key=key,
            )
        # Impact: figures from outside social media.
        self._impact_rows()
        # Quick wins.
        self._quick_win_rows(to_date, at_age)

        targets = self.campaign.targets if self.campaign else {}
        if self.campaign is not None and not targets:
            notes.append(self.t("note_no_targets", name=self.campaign.name))
        if self.campaign is None:
            notes.append(self.t("note_pillar_targets"))
        unused = sorted(
            set(targets) - set(METRIC_TARGETS) - {r["key"] for r in self.rows if r["level"] == "impact"}
        )
        if unused:
            notes.append(self.t("note_unused_targets", keys=", ".join(unused)))
        young = int(np.count_nonzero(~at_age.at_age))
        if young:
            notes.append(self.t("note_not_at_age", count=young, age=f"{self.age:g}"))
        return Evaluation(
            kind="campaign" if self.campaign else "pillar",
            key=self.campaign.key if self.campaign else (self.pillar or ""),
            name=self.campaign.name if self.campaign else self._pillar_name(self.pillar or ""),
            office=self._office_names(to_date),
            language=self.language,
            timezone=self.zone,
            period=(start, end),
            baseline_period=baseline_period,
            baseline_scope=self._scope_text(),
            age_days=self.age,
            rate_by=self.rate_by,
            rows=self.rows,
            posts=self._post_rows(to_date, at_age),
            notes=notes,
            has_targets=bool(targets),
        )

    def _office_names(self, frame: PostFrame) -> str:
        names = {o.key: o.name for o in self.config.offices}
        keys = sorted({k for k in frame.office.tolist() if k is not None})
        if not keys:
            return "; ".join(o.name for o in self.config.offices[:1])
        if len(keys) > OFFICES_NAMED:  # a province: the header of every page must stay one line
            return self.t("offices_many", count=len(keys))
        return "; ".join(names.get(k, k) for k in keys)

    def _campaigns_in_sheet(self) -> list[CampaignConfig]:
        if self.campaign is not None:
            return [self.campaign]
        return [c for c in self.config.campaigns if self.pillar in c.pillars]

    def _impact_rows(self) -> None:
        campaigns = self._campaigns_in_sheet()
        figures = impact_figures(self.ws, [c.key for c in campaigns])
        names = {c.key: c.name for c in campaigns}
        seen: set[tuple[str, str]] = set()
        for figure in figures:
            campaign = next(c for c in campaigns if c.key == figure["campaign"])
            target = campaign.targets.get(figure["indicator"])
            label = (
                figure["indicator"]
                if self.campaign
                else f"{names[figure['campaign']]}: {figure['indicator']}"
            )
            row = self._row(
                "impact",
                figure["indicator"],
                figure["value"],
                basis="outside",
                label=label,
                definition=self.t("def_impact"),
                source=figure["source"],
            )
            row.update(
                target=target,
                progress=(figure["value"] / target) if target else None,
                target_met=(figure["value"] >= target) if target is not None else None,
                date=figure["date"],
                campaign=figure["campaign"],
            )
            seen.add((figure["campaign"], figure["indicator"]))
        # A target on a figure from outside social media that nobody entered yet: shown, blank.
        for campaign in campaigns:
            for key, target in campaign.targets.items():
                if key in METRIC_TARGETS or (campaign.key, key) in seen:
                    continue
                label = key if self.campaign else f"{campaign.name}: {key}"
                row = self._row(
                    "impact",
                    key,
                    None,
                    basis="outside",
                    label=label,
                    definition=self.t("def_impact"),
                    source=self.t("source_missing", file=IMPACT_FILE),
                )
                row.update(target=target, campaign=campaign.key)
        if not any(r["level"] == "impact" for r in self.rows):
            self._row(
                "impact",
                "none",
                None,
                unit="text",
                basis="outside",
                label=self.t("row_impact_none"),
                definition=self.t("def_impact"),
                source=self.t("source_missing", file=IMPACT_FILE),
            )

    def _quick_win_rows(self, to_date: PostFrame, at_age: PostFrame) -> None:
        """Targets reached before the campaign's end, and posts that beat the rate target."""
        from outreach.analysis.metrics import local_days

        found = False
        for campaign in self._campaigns_in_sheet():
            if not campaign.targets:
                continue
            frame = to_date if self.campaign else self._campaign_frame(campaign, None)
            seconds = frame.published_at.astype("datetime64[s]").astype(np.int64).astype(np.float64)
            seconds[np.isnat(frame.published_at)] = np.nan
            days = local_days(seconds, self.zone)
            order = np.argsort(days, kind="stable")
            for key in SUMMABLE_TARGETS:
                target = campaign.targets.get(key)
                if target is None:
                    continue
                values = (
                    np.ones(len(frame)) if key == "posts" else np.nan_to_num(getattr(frame, key), nan=0.0)
                )
                running = np.cumsum(values[order])
                crossed = np.flatnonzero(running >= target)
                if len(crossed) == 0:
                    continue
                day = date(1970, 1, 1) + timedelta(days=int(days[order][crossed[0]]))
                early = (campaign.end - day).days if campaign.end else None
                if early is not None and early <= 0:
                    continue
                found = True
                name = campaign.name
                self._row(
                    "quick_wins",
                    f"target_{key}",
                    day,
                    unit="date",
                    basis="to_date",
                    label=self.t("row_target_reached", campaign=name, target=self.t(f"row_{key}")),
                    definition=self.t("def_target_reached"),
                    source=self.t("source_database"),
                )["early_days"] = early
            rate_target = campaign.targets.get("engagement_rate")
            if rate_target is None:
                continue
            frame_age = at_age if self.campaign else self._campaign_frame(campaign, self.age)
            rates = frame_age.rate(self.rate_by)
            winners = np.flatnonzero(frame_age.at_age & ~np.isnan(rates) & (rates >= rate_target))
            winners = winners[np.argsort(-rates[winners], kind="stable")][:QUICK_WIN_POSTS]
            for row_index in winners:
                found = True
                row = self._row(
                    "quick_wins",
                    "post",
                    float(rates[row_index]),
                    unit="rate",
                    basis="at_age",
                    label=self.t(
                        "row_post_beat",
                        platform=frame_age.platform[row_index],
                        post=frame_age.post_id[row_index],
                        account=frame_age.account[row_index] or "?",
                    ),
                    definition=self.t("def_post_beat", target=percent(rate_target, self.language, 2)),
                )
                row.update(
                    target=rate_target,
                    progress=float(rates[row_index]) / rate_target,
                    target_met=True,
                    post=int(frame_age.id[row_index]),
                )
        if not found:
            self._row(
                "quick_wins",
                "none",
                None,
                unit="text",
                label=self.t("row_quick_wins_none"),
                definition=self.t("def_quick_wins"),
            )

    def _campaign_frame(self, campaign: CampaignConfig, age: float | None) -> PostFrame:
        from outreach.analysis.metrics import post_frame

        return post_frame(
            self.connection,
            self.config,
            age_days=age,
            since=campaign.start,
            until=campaign.end,
            campaign=campaign.key,
        )

    def _post_rows(self, to_date: PostFrame, at_age: PostFrame) -> list[dict[str, Any]]:
        from outreach.queries.evaluation import post_details

        details = post_details(self.connection, [int(i) for i in to_date.id.tolist()])
        zone = ZoneInfo(self.zone)
        age_rate = dict(
            zip(at_age.id.tolist(), np.where(at_age.at_age, at_age.rate(self.rate_by), np.nan).tolist())
        )
        rows = []
        for i in range(len(to_date)):
            pk = int(to_date.id[i])
            caption, link, pillars = details.get(pk, (None, None, []))
            published = to_date.published_at[i]
            local = (
                None if np.isnat(published)
                else published.astype(datetime).replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
            )  # fmt: skip
            rows.append(
                {
                    "platform": to_date.platform[i],
                    "account": to_date.account[i],
                    "post_id": to_date.post_id[i],
                    "link": link,
                    "published": local,
                    "type": to_date.type[i],
                    "pillars": ", ".join(pillars),
                    "caption": caption,
                    **{m: _number(getattr(to_date, m)[i]) for m in POST_METRICS},
                    "engagement_rate": _number(to_date.rate(self.rate_by)[i]),
                    "engagement_rate_at_age": _number(age_rate.get(pk, float("nan"))),
                }
            )
        rows.sort(key=lambda r: (r["published"] is None, r["published"] or datetime.min))
        return rows


def _number(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


def _definition_keys(language: str) -> set[str]:
    from outreach.texts import area_texts

    return set(area_texts("evaluation", language))


# --- writing the files -----------------------------------------------------------------------


def write_evaluation(
    ws: Workspace,
    *,
    campaign: str | None = None,
    pillar: str | None = None,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    since: date | None = None,
    until: date | None = None,
) -> list[Path]:
    """Build the sheet and write it as XLSX, HTML and/or PDF into ``out_dir``; returns the paths.

    Each file is written beside its final name and renamed into place, so a reader never
    sees half a file."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutreachError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    if not formats:
        raise OutreachError(f"no format given; choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutreachError(f"{out_dir} is a file; give a folder with --out")
    evaluation = build_evaluation(ws, campaign=campaign, pillar=pillar, since=since, until=until)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutreachError(f"cannot create {out_dir}: {exc.strerror}") from None
    data = evaluation.as_dict(native=True)
    written = []
    for fmt in formats:
        path = out_dir / f"{evaluation.file_stem()}.{fmt}"
        content = _render(fmt, data)
        _write_atomically(path, content)
        written.append(path)
    return written


def _render(fmt: str, data: dict[str, Any]) -> bytes:
    if fmt == "xlsx":
        from reports.xlsx import evaluation_xlsx

        return evaluation_xlsx(data)
    if fmt == "html":
        from reports.evaluation_html import evaluation_html

        return evaluation_html(data).encode("utf-8")
    from reports.evaluation_pdf import evaluation_pdf

    return evaluation_pdf(data)


def _write_atomically(path: Path, content: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
