"""`outreach summary` and `outreach consistency`; registered on the main group by ``outreach.cli``.

Every table is followed by the definitions of the numbers in it, in the
report language (Bahasa Indonesia by default).
"""

from __future__ import annotations

from typing import Any

import click

from outreach.cli import CONTEXT, App, emit_csv, emit_json, pass_app
from outreach.errors import OutreachError
from outreach.numbers import localise_number
from outreach.options import output_format, parse_age, parse_period

GROUPINGS = ("campaign", "pillar", "strategy", "variant", "platform", "account", "office", "week", "type")
TAGS = ("campaign", "pillar", "strategy", "variant")

TEXT = {
    "en": {
        "posts": "posts", "not_at_age": "no value at age", "views": "views", "reach": "reach",
        "engagements": "engagements", "rate": "rate", "median": "median rate", "amplification": "amplification",
        "virality": "virality", "comments": "comments", "sentiment": "net sentiment (n)",
        "untagged": "(untagged)", "unknown": "(unknown)", "none": "No posts match.",
        "title": "Summary by {by}", "at_age": "values at {age} days", "lifetime": "lifetime values",
        "age_note": "Values at {age} days after publishing, interpolated between snapshots. Posts with no "
                    "value at that age (younger than it, or not exported near it) are counted in 'posts' "
                    "and 'no value at age' but left out of every number.",
        "age_note_all": "Values at {age} days after publishing, interpolated between snapshots.",
        "lifetime_note": "Lifetime values: the latest snapshot of each post.",
        "pooled": "Rate: total engagements ÷ total {denominator} over the posts where both are known; "
                  "median rate: the middle post's rate.",
        "known": "(k/n): known for k of n posts; unknown values are left out, not counted as 0.",
        "engagement_def": "Engagements ({platform}) = {definition}",
        "partial": "unknown: {gaps}; those posts count their known components only.",
        "gap": "{component} for {n} of {of} posts",
        "by": {"campaign": "campaign", "pillar": "pillar", "strategy": "PR strategy", "variant": "message variant",
               "platform": "platform", "account": "account", "office": "office", "week": "week", "type": "post type"},
        "denominator": {"reach": "reach", "views": "views", "followers": "followers"},
        "c_title": "Posting consistency by {by}, {since} to {until}",
        "weeks": "weeks with posts", "share": "share", "silence": "longest silence", "last": "last post",
        "days": "{n} days", "c_note": "Weeks are ISO weeks (Monday to Sunday) in {zone}. Longest silence: the most "
                                     "consecutive days in the period without a post, counting from its start "
                                     "and to its end.",
    },
    "id": {
        "posts": "postingan", "not_at_age": "tanpa nilai umur itu", "views": "tayangan", "reach": "jangkauan",
        "engagements": "interaksi", "rate": "tingkat", "median": "tingkat median", "amplification": "amplifikasi",
        "virality": "viralitas", "comments": "komentar", "sentiment": "sentimen bersih (n)",
        "untagged": "(belum ditandai)", "unknown": "(tidak diketahui)", "none": "Tidak ada postingan yang cocok.",
        "title": "Ringkasan per {by}", "at_age": "nilai pada umur {age} hari", "lifetime": "nilai sepanjang masa",
        "age_note": "Nilai pada {age} hari setelah terbit, diinterpolasi di antara snapshot. Postingan tanpa "
                    "nilai pada umur itu (lebih muda, atau tidak diekspor sekitar umur itu) dihitung di "
                    "'postingan' dan 'tanpa nilai umur itu' tetapi tidak masuk angka mana pun.",
        "age_note_all": "Nilai pada {age} hari setelah terbit, diinterpolasi di antara snapshot.",
        "lifetime_note": "Nilai sepanjang masa: snapshot terakhir tiap postingan.",
        "pooled": "Tingkat: total interaksi ÷ total {denominator} dari postingan yang keduanya diketahui; "
                  "tingkat median: tingkat postingan di tengah.",
        "known": "(k/n): diketahui untuk k dari n postingan; nilai yang tidak diketahui tidak dihitung, "
                 "bukan dianggap 0.",
        "engagement_def": "Interaksi ({platform}) = {definition}",
        "partial": "tidak diketahui: {gaps}; postingan itu hanya menghitung komponen yang diketahui.",
        "gap": "{component} pada {n} dari {of} postingan",
        "by": {"campaign": "kampanye", "pillar": "pilar", "strategy": "strategi PR", "variant": "varian pesan",
               "platform": "platform", "account": "akun", "office": "kantor", "week": "minggu",
               "type": "jenis postingan"},
        "denominator": {"reach": "jangkauan", "views": "tayangan", "followers": "pengikut"},
        "c_title": "Konsistensi posting per {by}, {since} s.d. {until}",
        "weeks": "minggu dengan postingan", "share": "persentase", "silence": "jeda terpanjang",
        "last": "postingan terakhir", "days": "{n} hari",
        "c_note": "Minggu = minggu ISO (Senin sampai Minggu) di {zone}. Jeda terpanjang: hari berturut-turut "
                  "terbanyak dalam periode tanpa postingan, dihitung dari awal dan sampai akhir periode.",
    },
}  # fmt: skip


def _text(language: str) -> dict[str, Any]:
    return TEXT["id" if language == "id" else "en"]


def _number(value: Any, language: str, decimals: int = 0) -> str:
    """12,345.6 in English, 12.345,6 in Indonesian; '—' when unknown."""
    if value is None:
        return "—"
    return localise_number(f"{value:,.{decimals}f}", language)


def _percent(value: Any, language: str, decimals: int = 1) -> str:
    return "—" if value is None else _number(value * 100, language, decimals) + "%"


def _counted(total: Any, known: int, posts: int, language: str) -> str:
    shown = _number(total, language)
    return shown if known == posts or total is None else f"{shown} ({known}/{posts})"


def _check_campaign(connection: Any, config: Any, campaign: str | None) -> None:
    if campaign is None:
        return
    from outreach.analysis.aggregate import known_keys

    known = known_keys(connection, config, "campaign")
    if campaign not in known:
        if not known:
            raise OutreachError(
                f"no campaign '{campaign}': none is configured; add a [[campaigns]] entry to outreach.toml"
            )
        raise OutreachError(f"no campaign '{campaign}'; known: {', '.join(known)}")


def _age_text(age: float | None) -> str:
    return "lifetime" if age is None else f"{age:g}"


SINCE = click.option(
    "--since", metavar="DATE", help="Posts published on or after DATE (YYYY-MM-DD, report time zone)."
)
UNTIL = click.option(
    "--until", metavar="DATE", help="Posts published on or before DATE (YYYY-MM-DD, report time zone)."
)
PLATFORM = click.option(
    "--platform", type=click.Choice(["instagram", "tiktok", "x"]), help="Only this platform."
)


@click.command(context_settings=CONTEXT)
@click.option(
    "--by",
    "by",
    type=click.Choice(GROUPINGS),
    default="platform",
    show_default=True,
    help="Group posts by this.",
)
@SINCE
@UNTIL
@PLATFORM
@click.option("--campaign", metavar="KEY", help="Only posts tagged to this campaign.")
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
@pass_app
def summary(
    app: App,
    by: str,
    since: str | None,
    until: str | None,
    platform: str | None,
    campaign: str | None,
    age: str | None,
    rate_by: str | None,
    fmt: str,
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
    from outreach.analysis.aggregate import aggregate
    from outreach.analysis.metrics import METRICS, engagement_coverage, engagement_definition, post_frame

    config = app.config
    start, end = parse_period(since, until)
    age_days = parse_age(age, config.engagement.age_days)
    rate_by = rate_by or config.engagement.rate_by
    filters = {"since": start, "until": end, "platform": platform, "campaign": campaign}
    with app.ready_engine().connect() as connection:
        _check_campaign(connection, config, campaign)
        frame = post_frame(connection, config, age_days=age_days, **filters)
        groups = aggregate(connection, config, by=by, age_days=age_days, frame=frame, **filters)
    language = config.report.language
    coverage = engagement_coverage(frame, config)
    definitions = {
        "age_days": age_days,
        "engagements": {p: engagement_definition(config, p, language) for p in coverage},
        "engagements_missing": {p: c["missing"] for p, c in coverage.items() if c["missing"]},
        **{
            name: METRICS[name].definition(language)
            for name in (f"rate_{rate_by}", "amplification", "virality", "net_sentiment")
        },
    }
    if fmt == "json":
        emit_json(
            {"by": by, "age_days": age_days, "rate_by": rate_by, "definitions": definitions, "groups": groups}
        )
        return
    if fmt == "csv":
        if groups:
            emit_csv(list(groups[0]), groups)
        return
    _print_summary(groups, by, age_days, rate_by, language, definitions, coverage)


def _print_summary(
    groups: list[dict[str, Any]],
    by: str,
    age_days: float | None,
    rate_by: str,
    language: str,
    definitions: dict,
    coverage: dict,
) -> None:
    from outreach.analysis.metrics import COMPONENT_LABELS, METRICS
    from outreach.display import console, table

    t = _text(language)
    if not groups:
        console.print(t["none"])
        return
    empty = t["untagged"] if by in TAGS else t["unknown"]
    columns = [
        t["by"][by], t["posts"], t["not_at_age"], t["views"], t["reach"], t["engagements"],
        f"{t['rate']} ({t['denominator'][rate_by]})", t["median"], t["amplification"], t["virality"],
        t["comments"], t["sentiment"],
    ]  # fmt: skip
    rows = [
        [
            g["label"] if g["key"] is not None else empty,
            _number(g["posts"], language),
            _number(g["posts_not_at_age"], language) if age_days is not None else "—",
            _counted(g["views"], g["views_known"], g["posts"], language),
            _counted(g["reach"], g["reach_known"], g["posts"], language),
            _counted(g["engagements"], g["engagements_known"], g["posts"], language),
            _percent(g[f"rate_{rate_by}"], language, 2),
            _percent(g[f"rate_{rate_by}_median"], language, 2),
            _percent(g["amplification"], language, 2),
            _percent(g["virality"], language, 2),
            _counted(g["comments"], g["comments_known"], g["posts"], language),
            "—" if g["net_sentiment"] is None
            else f"{'+' if g['net_sentiment'] > 0 else ''}{_number(g['net_sentiment'], language, 2)} "
                 f"({g['classified_comments']})",
        ]
        for g in groups
    ]  # fmt: skip
    when = t["lifetime"] if age_days is None else t["at_age"].format(age=f"{age_days:g}")
    table(f"{t['title'].format(by=t['by'][by])} · {when}", columns, rows, right=columns[1:])
    if age_days is None:
        console.print(t["lifetime_note"])
    elif any(g["posts_not_at_age"] for g in groups):
        console.print(t["age_note"].format(age=f"{age_days:g}"))
    else:
        console.print(t["age_note_all"].format(age=f"{age_days:g}"))
    rate = METRICS[f"rate_{rate_by}"]
    console.print(f"{rate.label(language)} = {rate.definition(language)}")
    console.print(t["pooled"].format(denominator=t["denominator"][rate_by]))
    names = COMPONENT_LABELS["id" if language == "id" else "en"]
    for platform, definition in definitions["engagements"].items():
        line = t["engagement_def"].format(platform=platform, definition=definition)
        missing = coverage[platform]["missing"]
        if missing:
            gaps = ", ".join(
                t["gap"].format(component=names.get(m, m), n=n, of=coverage[platform]["posts"])
                for m, n in missing.items()
            )
            line += "; " + t["partial"].format(gaps=gaps)
        console.print(line)
    console.print(t["known"])
    for name in ("amplification", "virality", "net_sentiment"):
        console.print(f"{METRICS[name].label(language)} = {METRICS[name].definition(language)}")


@click.command(context_settings=CONTEXT)
@click.option(
    "--by",
    "by",
    type=click.Choice(["pillar", "account"]),
    default="pillar",
    show_default=True,
    help="Per pillar or per account.",
)
@click.option("--since", metavar="DATE", help="First day of the period (default: the first stored post).")
@click.option("--until", metavar="DATE", help="Last day of the period (default: today).")
@PLATFORM
@output_format
@pass_app
def consistency(
    app: App, by: str, since: str | None, until: str | None, platform: str | None, fmt: str
) -> None:
    """How regularly each pillar or account posts: weeks with a post and the longest silence.

    A pillar that nobody posted about in the period shows 0 weeks and a silence
    as long as the period. Days and weeks are in the report time zone.

    \b
    Example:
      outreach consistency --by pillar --since 2026-07-01 --until 2026-09-30
      outreach consistency --by account --platform tiktok --format json
    """
    from outreach.analysis.aggregate import consistency as posting_consistency

    config = app.config
    start, end = parse_period(since, until)
    with app.ready_engine().connect() as connection:
        groups = posting_consistency(connection, config, by=by, since=start, until=end, platform=platform)
    if fmt == "json":
        emit_json({"by": by, "timezone": config.report.timezone, "groups": groups})
        return
    if fmt == "csv":
        if groups:
            emit_csv(list(groups[0]), groups)
        return
    from outreach.display import console, table

    language = config.report.language
    t = _text(language)
    if not groups:
        console.print(t["none"])
        return
    columns = [t["by"][by], t["posts"], t["weeks"], t["share"], t["silence"], t["last"]]
    rows = [
        [
            g["label"],
            _number(g["posts"], language),
            f"{g['weeks_with_posts']}/{g['weeks']}",
            _percent(g["share"], language, 0),
            t["days"].format(n=g["longest_silence_days"])
            + (
                f" ({g['longest_silence_start']} – {g['longest_silence_end']})"
                if g["longest_silence_days"]
                else ""
            ),
            g["last_post"].isoformat() if g["last_post"] else "—",
        ]
        for g in groups
    ]
    title = t["c_title"].format(by=t["by"][by], since=groups[0]["since"], until=groups[0]["until"])
    table(title, columns, rows, right=[columns[1], columns[2], columns[3]])
    console.print(t["c_note"].format(zone=config.report.timezone))


COMMANDS: list[click.Command] = [summary, consistency]
