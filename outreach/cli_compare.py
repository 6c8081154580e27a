"""`outreach compare`; registered on the main group by ``outreach.cli``."""

from __future__ import annotations

import math
from typing import Any

import click

from outreach.cli import CONTEXT, App, emit_json, pass_app
from outreach.options import parse_age

# Kept here (not imported from the analysis module) so that `outreach -h` does not load numpy.
GROUPINGS = ("variant", "type", "hour", "weekday", "platform", "pillar", "strategy")


@click.command(context_settings=CONTEXT)
@click.option("--by", "by", type=click.Choice(GROUPINGS), required=True, help="What to compare.")
@click.option("--campaign", metavar="KEY", help="Only posts of this campaign (required for --by variant).")
@click.option(
    "--metric", metavar="NAME", help="Per-post metric (default: engagement_rate, by engagement.rate_by)."
)
@click.option(
    "--age", metavar="DAYS|lifetime",
    help="Compare posts at this age (default: engagement.age_days, 7). 'lifetime' uses the latest numbers.",
)  # fmt: skip
@click.option("--platform", type=click.Choice(["instagram", "tiktok", "x"]), help="Only this platform.")
@click.option("--all-platforms", is_flag=True, help="Pool the platforms into one comparison.")
@click.option("--stat", type=click.Choice(["median", "mean"]), default="median", show_default=True,
              help="The statistic compared; the median is not pulled up by one viral post.")  # fmt: skip
@click.option("--test", type=click.Choice(["permutation", "mann-whitney"]), default="permutation",
              show_default=True, help="How p-values are computed.")  # fmt: skip
@click.option("--min-n", type=click.IntRange(min=1), default=5, show_default=True,
              help="Warn about groups with fewer posts with a known value; such a group is not picked as best.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (warnings included).")
@pass_app
def compare(
    app: App, by: str, campaign: str | None, metric: str | None, age: str | None, platform: str | None,
    all_platforms: bool, stat: str, test: str, min_n: int, as_json: bool,
) -> None:  # fmt: skip
    """Compare messages: which variant, post type, hour, weekday, platform, pillar or PR approach works best.

    For every group: the number of posts, the median and mean of the metric and
    a 95% bootstrap interval; for every group but the best, its difference to the
    best group with a 95% interval and a p-value (Holm-adjusted over the groups).
    A p-value above 0.05, or an interval that crosses 0, means the difference may
    be noise.

    Posts are compared at the same age (7 days by default), because numbers grow
    for days after publishing; younger posts are left out and counted. Unknown
    values (X has no reach, a blank in an export) are left out, never counted as 0.

    Views, reach and engagements mean different things on each platform, so when
    the posts span several platforms each platform gets its own table; use
    --platform for one, or --all-platforms to pool them. A post in two pillars
    counts in both.

    \b
    Example:
      outreach compare --by type --platform instagram
      outreach compare --by variant --campaign adi-export --metric views --age 3
      outreach compare --by pillar --all-platforms --stat mean --json
    """
    from outreach.analysis.compare import compare_posts

    age_days = parse_age(age, app.config.engagement.age_days)
    engine = app.ready_engine()
    with engine.connect() as connection:
        report = compare_posts(
            connection, app.config, by=by, campaign=campaign, metric=metric, age_days=age_days,
            platform=platform, all_platforms=all_platforms, stat=stat, min_n=min_n, test=test,  # type: ignore[arg-type]
        )  # fmt: skip
    if as_json:
        emit_json(report.as_dict())
        return
    _print_report(report)


def _number(value: float, rate: bool) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    if rate:
        return f"{value * 100:.2f}%"
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _difference(value: float, rate: bool) -> str:
    if not math.isfinite(value):
        return "—"
    if rate:
        return f"{value * 100:+.2f} pp"  # percentage points, not a relative change
    return f"{value:+,.0f}" if value == int(value) or abs(value) >= 100 else f"{value:+,.2f}"


def _interval(low: float, high: float, rate: bool, signed: bool = False) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "—"
    show = _difference if signed else _number
    return f"[{show(low, rate)}, {show(high, rate)}]"


def _versus_best(group: Any, rate: bool) -> str:
    if group.best:
        return "best"
    if not math.isfinite(group.difference):
        return "—"
    interval = _interval(group.diff_low, group.diff_high, rate, signed=True)
    estimate = _difference(group.difference, rate)
    return estimate if interval == "—" else f"{estimate} {interval}"


def _p(value: float) -> str:
    if not math.isfinite(value):
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _print_report(report: Any) -> None:
    from outreach.display import console, table

    rate = report.is_rate
    age = "lifetime" if report.age_days is None else f"at {report.age_days:g} days"
    for section in report.sections:
        result = section.comparison
        where = f" on {section.platform}" if section.platform else ""
        campaign = f", campaign {report.campaign}" if report.campaign else ""
        level = f"{result.level:.0%} CI"
        rows = []
        for group in result.groups:
            rows.append([
                group.name, group.n, group.n_unknown or "", _number(group.median, rate), _number(group.mean, rate),
                _interval(group.ci_low, group.ci_high, rate), _versus_best(group, rate), _p(group.p_value), _p(group.p_holm),
            ])  # fmt: skip
        table(
            f"{report.metric} by {report.by}{where}{campaign} ({age}, {section.posts} posts)",
            [report.by, "n", "unknown", "median", "mean", f"{result.stat} {level}",
             f"difference to best [{level}]", "p", "p (Holm)"],
            rows,
            right=["n", "unknown", "median", "mean", "p", "p (Holm)"],
        )  # fmt: skip
        if section.left_out:
            reasons = ", ".join(f"{count} {reason}" for reason, count in section.left_out.items())
            console.print(f"Left out: {reasons}.")
        for note in section.notes:
            console.print(f"Note: {note}.")
        for warning in result.warnings:
            click.echo(f"Warning{where}: {warning}.", err=True)
    console.print(f"Metric: {report.metric} = {report.definition}.")
    for platform, definition in report.engagements.items():
        console.print(f"Engagements on {platform} = {definition}.")
    if rate:
        console.print("Differences of rates are in percentage points (pp).")
    if report.sections:
        console.print(f"Method: {report.sections[0].comparison.method}")
    hours = f" Hours and weekdays are in {report.timezone}." if report.by in ("hour", "weekday") else ""
    console.print("Unknown values are left out, not counted as 0." + hours)
    for note in report.notes:
        console.print(f"Note: {note}.")


COMMANDS: list[click.Command] = [compare]
