"""`outreach compare`; registered on the main group by ``outreach.cli``."""

from __future__ import annotations

import math
from typing import Any

import click

from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, parse_age, pass_workspace, post_filter
from outreach.texts import area_texts, localise_number, text

# Kept here (not imported from the analysis module) so that `outreach -h` does not load numpy.
GROUPINGS = ("variant", "type", "hour", "weekday", "platform", "pillar", "strategy")


@click.command(context_settings=CONTEXT)
@click.option("--by", "by", type=click.Choice(GROUPINGS), required=True, help="What to compare.")
@post_filter("since", "until", "platform", "campaign")
@click.option(
    "--metric", metavar="NAME", help="Per-post metric (default: engagement_rate, by engagement.rate_by)."
)
@click.option(
    "--age", metavar="DAYS|lifetime",
    help="Compare posts at this age (default: engagement.age_days, 7). 'lifetime' uses the latest numbers.",
)  # fmt: skip
@click.option("--all-platforms", is_flag=True, help="Pool the platforms into one comparison.")
@click.option("--stat", type=click.Choice(["median", "mean"]), default="median", show_default=True,
              help="The statistic compared; the median is not pulled up by one viral post.")  # fmt: skip
@click.option("--test", type=click.Choice(["permutation", "mann-whitney"]), default="permutation",
              show_default=True, help="How p-values are computed.")  # fmt: skip
@click.option("--min-n", type=click.IntRange(min=1), default=5, show_default=True,
              help="Warn about groups with fewer posts with a known value; such a group is not picked as best.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (warnings included).")
@pass_workspace
def compare(
    ws: Workspace, by: str, filters: PostFilter, metric: str | None, age: str | None, all_platforms: bool,
    stat: str, test: str, min_n: int, as_json: bool,
) -> None:  # fmt: skip
    """Compare messages: which variant, post type, hour, weekday, platform, pillar or PR approach works best.

    For every group: the number of posts, the median and mean of the metric
    with a 95% interval, its difference to the top group with a simultaneous
    interval, a p-value adjusted for picking the top group from the data, and a
    plain-words verdict ("lower, and clearly so", "no clear difference", "too few
    posts to judge"). An interval excludes 0 exactly when the adjusted p is below
    0.05; a group is called best only when it has enough posts and is clearly
    ahead of every other. --since/--until limit the posts by publish day.

    Posts are compared at the same age (7 days by default), because numbers grow
    for days after publishing; younger posts are left out and counted. Unknown
    values (X has no reach, a blank in an export) are left out, never counted as 0.

    Views, reach and engagements mean different things on each platform, so when
    the posts span several platforms each platform gets its own table; use
    --platform for one, or --all-platforms to pool them. A post in two pillars
    counts in both.

    Tables, notes and definitions follow report.language in outreach.toml
    (Bahasa Indonesia by default); --json keys stay English.

    \b
    Example:
      outreach compare --by type --platform instagram
      outreach compare --by variant --campaign adi-export --metric views --age 3
      outreach compare --by pillar --all-platforms --stat mean --json
    """
    from outreach.app.compare import compare_groups

    report = compare_groups(
        ws, filters, by=by, metric=metric, age_days=parse_age(age, ws.config.engagement.age_days),
        all_platforms=all_platforms, stat=stat, test=test, min_n=min_n,
    )  # fmt: skip
    if as_json:
        emit_json(report.as_dict())
        return
    _print_report(report)


def _number(value: float, rate: bool, language: str = "en") -> str:
    if value is None or not math.isfinite(value):
        return "—"
    if rate:
        return localise_number(f"{value * 100:.2f}%", language)
    if value == int(value) or abs(value) >= 100:
        return localise_number(f"{value:,.0f}", language)
    return localise_number(f"{value:,.2f}", language)


def _difference(value: float, rate: bool, language: str = "en") -> str:
    if not math.isfinite(value):
        return "—"
    if rate:
        return localise_number(f"{value * 100:+.2f} pp", language)  # percentage points, not a relative change
    shown = f"{value:+,.0f}" if value == int(value) or abs(value) >= 100 else f"{value:+,.2f}"
    return localise_number(shown, language)


def _interval(
    low: float | None, high: float | None, rate: bool, signed: bool = False, language: str = "en"
) -> str:
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "—"
    show = _difference if signed else _number
    return f"[{show(low, rate, language)}, {show(high, rate, language)}]"


def _versus_best(group: Any, rate: bool, language: str = "en") -> str:
    if group.best:
        return text(language)("compare.best")
    if getattr(group, "leader", False):
        return text(language)("compare.top")
    if group.difference is None or not math.isfinite(group.difference):
        return "—"
    interval = _interval(group.diff_low, group.diff_high, rate, signed=True, language=language)
    estimate = _difference(group.difference, rate, language)
    return estimate if interval == "—" else f"{estimate} {interval}"


def _p(value: float | None, language: str = "en") -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return localise_number("<0.001" if value < 0.001 else f"{value:.3f}", language)


def _print_report(report: Any) -> None:
    from outreach.app.compare import grouping_name
    from outreach.display import console, table

    language = "id" if report.language == "id" else "en"
    t = area_texts("compare", language)
    rate = report.is_rate
    age = t["lifetime"]
    if report.age_days is not None:
        age = t["at_age"].format(age=localise_number(f"{report.age_days:g}", language))
    by = grouping_name(report.by, language)  # the grouping names the analysis warnings use
    for section in report.sections:
        result = section.comparison
        where = t["where"].format(platform=section.platform) if section.platform else ""
        campaign = t["campaign"].format(key=report.campaign) if report.campaign else ""
        level = f"{result.level:.0%}"
        rows = []
        for group in result.groups:
            rows.append([
                t["weekdays"].get(group.name, group.name), group.n, group.n_unknown or "",
                _number(group.median, rate, language), _number(group.mean, rate, language),
                _interval(group.ci_low, group.ci_high, rate, language=language),
                _versus_best(group, rate, language),
                _p(group.p_adjusted, language), group.verdict,
            ])  # fmt: skip
        table(
            t["title"].format(metric=report.metric, by=by, where=where, campaign=campaign, age=age,
                              posts=section.posts),
            [by, "n", t["unknown"], t["stat"]["median"], t["stat"]["mean"],
             t["interval"].format(stat=t["stat"][result.stat], level=level),
             t["difference"].format(level=level),
             t["p_adjusted"], t["verdict"]],
            rows,
            right=["n", t["unknown"], t["stat"]["median"], t["stat"]["mean"], t["p_adjusted"]],
            names=[by],
        )  # fmt: skip
        if section.left_out:
            shown = section.left_out_shown()
            reasons = ", ".join(t["reason"].format(count=n, reason=reason) for reason, n in shown.items())
            console.print(t["left_out"].format(reasons=reasons))
        for note in section.notes:
            console.print(t["note"].format(note=note))
        for warning in result.warnings:
            click.echo(t["warning"].format(where=where, warning=warning), err=True)
    console.print(t["metric"].format(metric=report.metric, definition=report.definition))
    for platform, definition in report.engagements.items():
        console.print(t["engagements"].format(platform=platform, definition=definition))
    if rate:
        console.print(t["pp"])
    console.print(t["ci"])
    if report.sections:
        console.print(t["method"].format(method=report.sections[0].comparison.method))
    hours = t["hours"].format(zone=report.timezone) if report.by in ("hour", "weekday") else ""
    console.print(t["unknown_note"] + hours)
    for note in report.notes:
        console.print(t["note"].format(note=note))


COMMANDS: list[click.Command] = [compare]
