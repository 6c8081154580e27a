"""`outreach pull`: one collection run from the Instagram, X and TikTok APIs."""

from __future__ import annotations

import sys

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace, platform_option


@click.command("pull", context_settings=CONTEXT)
@platform_option()
@click.option("--account", metavar="HANDLE", help="Only this account (as in outreach.toml).")
@click.option("--no-tag", is_flag=True, help="Do not apply the tagging rules to the pulled posts.")
@click.option("--no-sentiment", is_flag=True, help="Do not score the sentiment of new comments.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_workspace
def pull_(
    ws: Workspace, platform: str | None, account: str | None, no_tag: bool, no_sentiment: bool, as_json: bool
) -> None:
    """Pull posts, metrics and comments from the platform APIs for the configured accounts.

    Every account with a token (secrets.toml or OUTREACH_<PLATFORM>_TOKEN) gets one
    collection run: new posts first, then posts due for a snapshot by age (+1, +2,
    +7, +30 days, then monthly). Pulling again changes nothing that did not change.
    The exit code is 1 if any account failed; each failure says what to do.

    \b
    Example:
      outreach pull
      outreach pull --platform instagram --account sukamajukab
    """
    from outreach.app.pull import AccountOutcome, account_label, pull
    from outreach.texts import text

    t = text(ws.language)

    def progress(outcome: AccountOutcome, event: str) -> None:
        if as_json:
            return
        label = account_label(outcome.platform, outcome.handle)
        if event == "start":
            click.echo(t("collection.start", account=label), err=True)
        elif event == "page":
            click.echo(
                t(
                    "collection.page",
                    account=label,
                    pages=outcome.pages,
                    posts=outcome.counts.posts_new,
                    snapshots=outcome.counts.snapshots_new,
                    calls=outcome.calls,
                ),
                err=True,
            )

    result = pull(
        ws,
        platform=platform,
        account=account,
        tag=not no_tag,
        score=not no_sentiment,
        progress=progress,
        on_wait=lambda message: click.echo(message, err=True),
    )
    if as_json:
        emit_json(result.as_dict())
    else:
        for outcome in result.accounts:
            label = account_label(outcome.platform, outcome.handle)
            if outcome.outcome == "skipped":
                click.echo(
                    t("collection.skipped", account=label, platform=outcome.platform, handle=outcome.handle)
                )
                continue
            c = outcome.counts
            click.echo(
                t(
                    "collection.done",
                    account=label,
                    outcome=outcome.outcome,
                    posts=c.posts_new,
                    updated=c.posts_updated,
                    snapshots=c.snapshots_new,
                    comments=c.comments,
                    calls=outcome.calls,
                )
            )
            for notice in c.notices[:5]:
                click.echo("  " + t("collection.notice", text=notice))
        pulled = result.pulled
        if not pulled:
            click.echo(t("collection.none"))
        else:
            totals = result.totals
            click.echo(
                t(
                    "collection.totals",
                    ok=sum(1 for a in pulled if a.succeeded),
                    n=len(pulled),
                    posts=totals.posts_new,
                    snapshots=totals.snapshots_new,
                    comments=totals.comments,
                )
            )
        if result.analysed and result.analysed.tagging:
            click.echo(t("collection.tagged", posts=getattr(result.analysed.tagging, "posts", 0)))
        if result.stopped:
            click.echo(t("collection.stopped"))
    for outcome in result.accounts:
        if outcome.outcome == "partial" and outcome.error:
            click.echo(f"Note: {outcome.error}", err=True)
    for outcome in result.failed:
        click.echo(f"Error: {outcome.error}", err=True)
    if result.failed or not result.pulled:
        sys.exit(1)


COMMANDS: list[click.Command] = [pull_]
