"""`outreach tag`: which posts serve which pillar, strategy, campaign and message variant.

Registered on the main group by ``outreach.cli``. The work lives in ``outreach.app.tagging``;
this module parses options and prints, in the report language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace
from outreach.cli.common import (
    CONTEXT,
    PLATFORM_CHOICE,
    emit_csv,
    emit_json,
    output_format,
    pass_workspace,
    post_filter,
)
from outreach.texts import number, text

TAG_KINDS = ("pillar", "strategy", "campaign", "variant")
ORIGINS = ("rule", "mapping", "manual")


def _tag_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--pillar/--strategy/--campaign/--variant, each repeatable; shared by add, remove and clear."""
    options = [
        click.option("--pillar", "pillars", multiple=True, metavar="KEY", help="A pillar key, e.g. economy."),
        click.option(
            "--strategy",
            "strategies",
            multiple=True,
            metavar="KEY",
            help="A PR strategy key, e.g. collaborative.",
        ),
        click.option(
            "--campaign", "campaigns", multiple=True, metavar="KEY", help="A campaign key, e.g. adi-export."
        ),
        click.option(
            "--variant",
            "variants",
            multiple=True,
            metavar="CAMPAIGN/VARIANT",
            help="A message variant, e.g. adi-export/testimoni.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _requested(
    pillars: tuple[str, ...],
    strategies: tuple[str, ...],
    campaigns: tuple[str, ...],
    variants: tuple[str, ...],
) -> list[tuple[str, str]]:
    tags = [("pillar", k) for k in pillars] + [("strategy", k) for k in strategies]
    return tags + [("campaign", k) for k in campaigns] + [("variant", k) for k in variants]


def _before(row: Any, t: Callable[..., Any]) -> str:
    if row is None:
        return str(t("tag.before_none"))
    if row.origin == "manual":
        return str(t("tag.before_excluded") if row.excluded else t("tag.before_manual"))
    return str(t("tag.before_rule", origin=t("tag.origin")[row.origin], rule=row.rule))


def _tag_text(row: Any, t: Callable[..., Any]) -> str:
    """'pillar Smart Economy (economy; rule: umkm)': the name a person reads, the key a command takes."""
    if row.origin == "manual":
        how = t("tag.excluded_by_hand") if row.excluded else t("tag.by_hand")
    else:
        how = f"{t('tag.origin')[row.origin]}: {row.rule}"
    named = f"{row.name} ({row.key}; {how})" if row.name and row.name != row.key else f"{row.key} ({how})"
    return f"{t('tag.word')[row.kind]} {named}"


def _print_now(result: Any, t: Callable[..., Any]) -> None:
    tags = "; ".join(_tag_text(r, t) for r in result.tags) if result.tags else t("tag.now_none")
    click.echo(t("tag.now", ref=f"{result.platform}:{result.post_id}", tags=tags))


@click.group("tag", context_settings=CONTEXT)
def tag() -> None:
    """Tag posts to pillars, PR strategies, campaigns and message variants.

    Rules come from outreach.toml: the hashtags and keywords of each pillar,
    strategy, campaign (only within its dates and accounts) and variant, plus
    explicit post ids. A tag set or removed by hand always wins over the rules.

    \b
    Example:
      outreach tag run
      outreach tag add instagram 17900000000000001 --campaign adi-export
      outreach tag list --untagged
    """


@tag.command("run", context_settings=CONTEXT)
@output_format
@pass_workspace
def run(ws: Workspace, fmt: str) -> None:
    """Apply the rules and post-id mappings in outreach.toml to every stored post.

    Safe to repeat: it only adds what now matches and removes rule tags that no
    longer match (after you changed the configuration). Tags and exclusions set
    by hand are never changed. Mapped post ids that are not imported yet are
    listed as a warning.

    \b
    Example:
      outreach tag run
      outreach tag run --json
    """
    from outreach.app.tagging import tag_run
    from outreach.display import progress_bar, table

    language = ws.language
    t = text(language)
    with progress_bar(enabled=fmt == "table") as report:
        counts = tag_run(ws, progress=(lambda n: report(t("tag.progress"), n)) if report else None)
    columns = t("tag.run_columns")
    rows: list[list[Any]] = [
        [kind, k.added, k.updated, k.removed, k.kept, k.manual, k.blocked] for kind, k in counts.kinds.items()
    ]
    if fmt == "json":
        emit_json(counts.as_dict())
    elif fmt == "csv":
        emit_csv(list(TAG_COLUMNS), [dict(zip(TAG_COLUMNS, row)) for row in rows])
    else:
        source = str(ws.config_file) if ws.config_file else t("tag.run_builtin")
        click.echo(t("tag.run_done", posts=number(counts.posts, language), source=source))
        shown = [[t("tag.kind").get(row[0], row[0]), *(number(n, language) for n in row[1:])] for row in rows]
        table(None, columns, shown, right=columns[1:])
        click.echo(t("tag.run_note"))
        if counts.posts:
            click.echo(
                t("tag.run_without_pillar", n=number(counts.posts_without_pillar, language),
                  posts=number(counts.posts, language))
                + (t("tag.run_list_hint") if counts.posts_without_pillar else "")
            )  # fmt: skip
    if counts.missing_post_ids:
        missing = t("tag.run_missing", n=len(counts.missing_post_ids), ids=", ".join(counts.missing_post_ids))
        click.echo(f"Warning: {missing}", err=True)


TAG_COLUMNS = ("kind", "added", "changed", "removed", "unchanged", "manual", "blocked")


@tag.command("add", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM_CHOICE)
@click.argument("post_id")
@_tag_options
@pass_workspace
def add(
    ws: Workspace,
    platform: str,
    post_id: str,
    pillars: tuple[str, ...],
    strategies: tuple[str, ...],
    campaigns: tuple[str, ...],
    variants: tuple[str, ...],
) -> None:
    """Tag a post by hand; rules will never remove this tag.

    POST_ID is the platform's id as shown by `outreach posts`. Options can be
    repeated. Tagging a message variant also puts the post in its campaign.

    \b
    Example:
      outreach tag add instagram 17900000000000001 --pillar economy --pillar living
      outreach tag add tiktok 7430000000000000001 --variant adi-export/testimoni
    """
    from outreach.app.tagging import tag_add

    t = text(ws.language)
    result = tag_add(ws, platform, post_id, _requested(pillars, strategies, campaigns, variants))
    ref = f"{platform}:{post_id}"
    for change in result.changes:
        click.echo(
            t("tag.added", ref=ref, kind=change.kind, tag_key=change.key, before=_before(change.before, t))
        )
    _print_now(result, t)


@tag.command("remove", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM_CHOICE)
@click.argument("post_id")
@_tag_options
@pass_workspace
def remove(
    ws: Workspace,
    platform: str,
    post_id: str,
    pillars: tuple[str, ...],
    strategies: tuple[str, ...],
    campaigns: tuple[str, ...],
    variants: tuple[str, ...],
) -> None:
    """Say by hand that a post does not belong to a tag, so rules stop adding it.

    The exclusion is kept until you clear it with `outreach tag clear`.
    Excluding a campaign also drops the variants and pillars the post had only
    through that campaign.

    \b
    Example:
      outreach tag remove instagram 17900000000000001 --pillar branding
      outreach tag remove x 2107033435285991885 --campaign menanam-pohon
    """
    from outreach.app.tagging import tag_remove

    t = text(ws.language)
    result = tag_remove(ws, platform, post_id, _requested(pillars, strategies, campaigns, variants))
    ref = f"{platform}:{post_id}"
    for change in result.changes:
        click.echo(
            t("tag.removed", ref=ref, kind=change.kind, tag_key=change.key, before=_before(change.before, t))
        )
    _print_now(result, t)
    first = result.changes[0]
    click.echo(t("tag.undo", platform=platform, post_id=post_id, kind=first.kind, tag_key=first.key))


@tag.command("clear", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM_CHOICE)
@click.argument("post_id")
@_tag_options
@pass_workspace
def clear(
    ws: Workspace,
    platform: str,
    post_id: str,
    pillars: tuple[str, ...],
    strategies: tuple[str, ...],
    campaigns: tuple[str, ...],
    variants: tuple[str, ...],
) -> None:
    """Forget a tag or exclusion set by hand; the rules decide again.

    \b
    Example:
      outreach tag clear instagram 17900000000000001 --pillar branding
    """
    from outreach.app.tagging import tag_clear

    t = text(ws.language)
    result = tag_clear(ws, platform, post_id, _requested(pillars, strategies, campaigns, variants))
    ref = f"{platform}:{post_id}"
    for change in result.changes:
        message = "tag.cleared_exclusion" if change.excluded else "tag.cleared_tag"
        click.echo(t(message, ref=ref, kind=change.kind, tag_key=change.key))
    _print_now(result, t)


@tag.command("show", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM_CHOICE)
@click.argument("post_id")
@output_format
@pass_workspace
def show(ws: Workspace, platform: str, post_id: str, fmt: str) -> None:
    """Show every tag of one post, where it came from and what matched.

    origin is rule (a keyword or hashtag in the caption; "campaign KEY" when
    the tag comes with a campaign), mapping (the post id is listed in
    outreach.toml) or manual (set with `outreach tag add` or `remove`).

    \b
    Example:
      outreach tag show instagram 17900000000000001
      outreach tag show instagram 17900000000000001 --json
    """
    from outreach.app.tagging import tag_show

    result = tag_show(ws, platform, post_id)
    if fmt == "json":
        emit_json(result.as_dict())
        return
    if fmt == "csv":
        columns = ["kind", "key", "name", "origin", "rule", "excluded", "assigned_at"]
        emit_csv(columns, [row.as_dict() for row in result.tags])
        return
    from outreach.display import local_time, shorten, table

    language, zone = ws.language, ws.timezone
    t = text(language)
    post = result.post
    account = f"@{post['account']}" if post["account"] else t("tag.unknown_account")
    click.echo(
        t(
            "tag.show_header",
            ref=f"{platform}:{post_id}",
            account=account,
            time=local_time(post["published_at"], zone),
        )
    )
    click.echo(shorten(post["caption"], 300) or t("tag.no_caption"))
    if not result.tags:
        click.echo(t("tag.no_tags", platform=platform, post_id=post_id))
        return
    columns = t("tag.show_columns")
    table(
        None,
        columns,
        [
            [
                t("tag.kind").get(r.kind, r.kind),
                r.name,
                r.key,
                t("tag.origin").get(r.origin, r.origin),
                r.rule or t("tag.by_hand"),
                t("tag.status_excluded") if r.excluded else t("tag.status_tagged"),
                local_time(r.assigned_at, zone),
            ]
            for r in result.tags
        ],
        names=[columns[1], columns[4]],
    )


@tag.command("list", context_settings=CONTEXT)
@click.option("--kind", type=click.Choice(TAG_KINDS), help="Only this kind of tag.")
@click.option("--key", metavar="KEY", help="Only this key, e.g. economy or adi-export/testimoni.")
@click.option("--origin", type=click.Choice(ORIGINS), help="Only tags from this source.")
@click.option(
    "--untagged", is_flag=True, help="List posts with no tag of --kind (default: no pillar) instead."
)
@post_filter()
@output_format
@pass_workspace
def list_(
    ws: Workspace,
    kind: str | None,
    key: str | None,
    origin: str | None,
    untagged: bool,
    filters: PostFilter,
    fmt: str,
) -> None:
    """List tagged posts, one line per tag, newest posts first; or the untagged ones.

    Exclusions set by hand are not listed (see them with `outreach tag show`).
    Times are ISO 8601 in UTC in csv and json, and in the report time zone in
    the table.

    \b
    Example:
      outreach tag list --kind campaign --key adi-export
      outreach tag list --untagged --since 2026-10-01
      outreach tag list --kind pillar --platform instagram --format csv > pillars.csv
    """
    from outreach.app.tagging import tag_list

    listing = tag_list(ws, filters, kind=kind, key=key, origin=origin, untagged=untagged)
    columns, rows = listing.columns, listing.rows
    if fmt == "json":
        emit_json([{c: row[c] for c in columns} for row in rows])
        return
    if fmt == "csv":
        emit_csv(columns, rows)
        return
    from outreach.display import local_time, shorten, table

    language, zone = ws.language, ws.timezone
    t = text(language)
    if listing.untagged:
        title = t(
            "tag.untagged_title", n=number(len(rows), language), kind=t("tag.kind")[listing.kind or "pillar"]
        )
        shown = list(columns)
    else:
        title = t("tag.list_title", n=number(len(rows), language))
        shown = [c for c in columns if c != "key"]  # the name in the table; the key in csv and json
    cell: dict[str, Callable[[Any], Any]] = {
        "published_at": lambda v: local_time(v, zone),
        "caption": lambda v: shorten(v, 60),
        "kind": lambda v: t("tag.kind").get(v, v),
        "origin": lambda v: t("tag.origin").get(v, v),
    }
    headers = [t("tag.list_columns")[c] for c in shown]
    table(
        title,
        headers,
        [[cell.get(c, lambda v: v)(row[c]) for c in shown] for row in rows],
        names=[t("tag.list_columns")[c] for c in ("name", "caption", "rule")],
    )


COMMANDS: list[click.Command] = [tag]
