"""`outreach summary` and `outreach consistency`: numbers per group of posts.

Every table is followed by the definitions of the numbers in it, in the report
language (Bahasa Indonesia by default).
"""

from __future__ import annotations

import math
from typing import Any

import click

from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace
from outreach.cli.common import (
    CONTEXT,
    emit_csv,
    emit_json,
    output_format,
    parse_age,
    pass_workspace,
    post_filter,
)
from outreach.texts import number, percent, text

GROUPINGS = ("campaign", "pillar", "strategy", "variant", "platform", "account", "office", "week", "type")
TAGS = ("campaign", "pillar", "strategy", "variant")
COUNTS = ("views", "reach", "engagements", "shares", "comments")  # sums of counts: whole numbers in CSV


def _counted_rate(rate: Any, known: int, posts: int, language: str) -> str:
    shown = percent(rate, language, 2)
    return shown if known == posts or rate is None else f"{shown} ({known}/{posts})"


def _counted(total: Any, known: int, posts: int, language: str) -> str:
    shown = number(total, language)
    return shown if known == posts or total is None else f"{shown} ({known}/{posts})"


@click.command(context_settings=CONTEXT)
@click.option(
    "--by",
    "by",
    type=click.Choice(GROUPINGS),
    default="platform",
    show_default=True,
    help="Group posts by this.",
)
@post_filter()
@click.option(
    "--age",
    metavar="DAYS|lifetime",
    help="Compare posts at this age in days, or 'lifetime' for the latest values (default: engagement.age_days).",
)
@click.option(
    "--rate",
    "rate_by",
    type=click.Choice(["reach", "views", "followers"]),
    help="Engagement rate denominator (default: engagement.rate_by in outreach.toml).",
)
@output_format
@pass_workspace
def summary(
    ws: Workspace, by: str, filters: PostFilter, age: str | None, rate_by: str | None, fmt: str
) -> None:
    """Reach, views, engagements, engagement rate and sentiment per group of posts.

    Posts are measured at the same age (7 days unless --age or the configuration
    says otherwise), interpolated between snapshots, so a new post is not
    measured against an old one. Unknown values are left out of the sums and
    rates, never counted as 0. The definitions of the numbers are printed under
    the table.

    \b
    Example:
      outreach summary --by pillar --since 2026-10-01 --until 2026-10-31
      outreach summary --by week --platform instagram --rate views
      outreach summary --by variant --campaign adi-export --age lifetime --format csv > variants.csv
    """
    from outreach.app.summary import summarise

    result = summarise(
        ws, filters, by=by, age_days=parse_age(age, ws.config.engagement.age_days), rate_by=rate_by
    )
    if fmt == "json":
        emit_json(result.as_dict())
    elif fmt == "csv":
        emit_csv(*summary_csv(result))
    else:
        print_summary(result)


def summary_csv(result: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Rounded numbers (counts as integers, rates to 4 decimals), named groups, and the age
    and rate used, so that a spreadsheet row says what it measured."""
    t = text(result.language)
    empty = t("summary.untagged") if result.by in TAGS else t("summary.unknown")
    rows = []
    for group in result.groups:
        row: dict[str, Any] = {
            "group": group["label"] if group["key"] is not None else empty,
            "key": group["key"] if group["key"] is not None else "",
            "age_days": "lifetime" if result.age_days is None else f"{result.age_days:g}",
            "rate_by": result.rate_by,
        }
        for name, value in group.items():
            if name in ("key", "label"):
                continue
            if isinstance(value, float):
                if math.isnan(value):
                    value = None
                elif value.is_integer() and name in COUNTS:
                    value = int(value)
                else:
                    value = round(value, 4)
            row[name] = value
        rows.append(row)
    columns = list(rows[0]) if rows else ["group", "key", "age_days", "rate_by"]
    return columns, rows


def print_summary(result: Any) -> None:
    from outreach.display import console, table

    groups, by, age_days, rate_by, language = (
        result.groups, result.by, result.age_days, result.rate_by, result.language,
    )  # fmt: skip
    definitions, coverage = result.definitions, result.coverage
    t = text(language)
    if not groups:
        console.print(t("summary.none"))
        return
    names = t("summary.by")
    empty = t("summary.untagged") if by in TAGS else t("summary.unknown")
    columns = [
        names[by], t("summary.posts"), t("summary.not_at_age"), t("summary.views"), t("summary.reach"),
        t("summary.engagements"), f"{t('summary.rate')} ({t('summary.denominator')[rate_by]})",
        t("summary.median"), t("summary.amplification"), t("summary.virality"), t("summary.comments"),
        t("summary.sentiment"),
    ]  # fmt: skip
    if age_days is None:
        columns.append(t("summary.age_median"))
    rows = [
        [
            g["label"] if g["key"] is not None else empty,
            number(g["posts"], language),
            number(g["posts_not_at_age"], language) if age_days is not None else "—",
            _counted(g["views"], g["views_known"], g["posts"], language),
            _counted(g["reach"], g["reach_known"], g["posts"], language),
            _counted(g["engagements"], g["engagements_known"], g["posts"], language),
            _counted_rate(g[f"rate_{rate_by}"], g[f"rate_{rate_by}_posts"], g["posts"], language),
            percent(g[f"rate_{rate_by}_median"], language, 2),
            percent(g["amplification"], language, 2),
            percent(g["virality"], language, 2),
            _counted(g["comments"], g["comments_known"], g["posts"], language),
            "—" if g["net_sentiment"] is None
            else f"{'+' if g['net_sentiment'] > 0 else ''}{number(g['net_sentiment'], language, 2)} "
                 f"({g['classified_comments']})",
            *([number(g["age_days_median"], language, 1)] if age_days is None else []),
        ]
        for g in groups
    ]  # fmt: skip
    when = t("summary.lifetime") if age_days is None else t("summary.at_age", age=f"{age_days:g}")
    table(
        f"{t('summary.title', by=names[by])} · {when}", columns, rows, right=columns[1:], names=[columns[0]]
    )
    if age_days is None:
        console.print(t("summary.lifetime_note"))
    young = definitions.get("posts_younger_than_age", 0)
    if age_days is not None and young and young * 2 >= definitions.get("posts", 0):
        console.print(t("summary.too_young", n=young, of=definitions["posts"], age=f"{age_days:g}"))
    if age_days is None:
        pass
    elif any(g["posts_not_at_age"] for g in groups):
        console.print(t("summary.age_note", age=f"{age_days:g}"))
    else:
        console.print(t("summary.age_note_all", age=f"{age_days:g}"))
    labels = result.labels
    console.print(f"{labels[f'rate_{rate_by}']} = {definitions[f'rate_{rate_by}']}")
    console.print(t("summary.pooled", denominator=t("summary.denominator")[rate_by]))
    for platform, definition in definitions["engagements"].items():
        line = t("summary.engagement_def", platform=platform, definition=definition)
        missing = coverage[platform]["missing"]
        if missing:
            gaps = ", ".join(
                t("summary.gap", component=labels.get(m, m), n=n, of=coverage[platform]["posts"])
                for m, n in missing.items()
            )
            line += "; " + t("summary.partial", gaps=gaps)
        console.print(line)
    console.print(t("summary.known"))
    console.print(t("summary.reach_sum"))
    long_gaps = definitions.get("values_across_long_gaps", 0)
    if age_days is not None and long_gaps:
        console.print(t("summary.long_gap", n=number(long_gaps, language), age=f"{age_days:g}"))
    for name in ("amplification", "virality", "net_sentiment"):
        console.print(f"{labels[name]} = {definitions[name]}")


@click.command(context_settings=CONTEXT)
@click.option(
    "--by",
    "by",
    type=click.Choice(["pillar", "account"]),
    default="pillar",
    show_default=True,
    help="Per pillar or per account.",
)
@post_filter(
    "since", "until", "platform", "account", "office", "campaign",
    since_help="First day of the period (default: the first stored post).",
    until_help="Last day of the period (default: today).",
)  # fmt: skip
@output_format
@pass_workspace
def consistency(ws: Workspace, by: str, filters: PostFilter, fmt: str) -> None:
    """How regularly each pillar or account posts: weeks with a post and the longest silence.

    A pillar that nobody posted about in the period shows 0 weeks and a silence
    as long as the period. Days and weeks are in the report time zone.

    \b
    Example:
      outreach consistency --by pillar --since 2026-07-01 --until 2026-09-30
      outreach consistency --by account --platform tiktok --format json
    """
    from outreach.app.summary import posting_consistency

    result = posting_consistency(ws, filters, by=by)
    groups = result.groups
    if fmt == "json":
        emit_json(result.as_dict())
        return
    if fmt == "csv":
        records = [{**g, "share": round(g["share"], 4)} for g in groups]
        emit_csv(list(records[0]) if records else ["key", "label"], records)
        return
    from outreach.display import console, table

    language = result.language
    t = text(language)
    if not groups:
        console.print(t("summary.none"))
        return
    columns = [
        t("summary.by")[by], t("summary.posts"), t("summary.weeks"), t("summary.share"), t("summary.silence"),
        t("summary.last"),
    ]  # fmt: skip
    rows = [
        [
            g["label"],
            number(g["posts"], language),
            f"{g['weeks_with_posts']}/{g['weeks']}",
            percent(g["share"], language, 0),
            t("summary.days", n=g["longest_silence_days"])
            + (
                f" ({g['longest_silence_start']} – {g['longest_silence_end']})"
                if g["longest_silence_days"]
                else ""
            ),
            g["last_post"].isoformat() if g["last_post"] else "—",
        ]
        for g in groups
    ]
    title = t("summary.c_title", by=t("summary.by")[by], since=groups[0]["since"], until=groups[0]["until"])
    table(title, columns, rows, right=[columns[1], columns[2], columns[3]], names=[columns[0]])
    console.print(t("summary.c_note", zone=result.timezone))


COMMANDS: list[click.Command] = [summary, consistency]
