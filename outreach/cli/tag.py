"""`outreach tag`: which posts serve which pillar, strategy, campaign and message variant.

Registered on the main group by ``outreach.cli``. The work and the SQL live in
``outreach.analysis.tagging``; this module parses options and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from outreach.cli.common import CONTEXT, Workspace, emit_csv, emit_json, pass_workspace
from outreach.errors import OutreachError
from outreach.cli.common import output_format

PLATFORM = click.Choice(["instagram", "tiktok", "x"])
TAG_KINDS = ("pillar", "strategy", "campaign", "variant")


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
    verb: str,
) -> list[tuple[str, str]]:
    tags = [("pillar", k) for k in pillars] + [("strategy", k) for k in strategies]
    tags += [("campaign", k) for k in campaigns] + [("variant", k) for k in variants]
    if not tags:
        raise OutreachError(
            f"say what to {verb}: --pillar, --strategy, --campaign or --variant, e.g. --pillar economy"
        )
    return tags


def _before(row: Any) -> str:
    if row is None:
        return "it had no such tag"
    if row.origin == "manual":
        return "it was excluded by hand" if row.excluded else "it was already tagged by hand"
    return f'it was tagged by {row.origin} "{row.rule}"'


def _tag_text(row: Any) -> str:
    if row.origin == "manual":
        return (
            f"{row.kind} {row.key} (excluded by hand)" if row.excluded else f"{row.kind} {row.key} (by hand)"
        )
    return f"{row.kind} {row.key} ({row.origin}: {row.rule})"


def _retag_and_print(connection: Any, ws: Workspace, post_pk: int, ref: str) -> None:
    """Re-run the rules for one post (a campaign's pillars and variants follow), then show its tags."""
    from outreach.analysis.tagging import post_assignments, tag_posts

    tag_posts(connection, ws.config, post_ids=[post_pk])
    rows = post_assignments(connection, post_pk)
    click.echo(f"Tags of {ref} now: " + ("; ".join(_tag_text(r) for r in rows) if rows else "none"))


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
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_workspace
def run(ws: Workspace, as_json: bool) -> None:
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
    from outreach.analysis.tagging import tag_posts
    from outreach.display import progress_bar, table
    from outreach.store import Store

    config = ws.config
    engine = ws.ready_engine()
    with engine.begin() as connection, progress_bar(enabled=not as_json) as report:
        Store(connection).sync_config(config)
        counts = tag_posts(
            connection, config, on_batch=(lambda n: report("Tagging posts", n)) if report else None
        )
    if as_json:
        emit_json(counts.as_dict())
    else:
        source = str(ws.config_file) if ws.config_file else "the built-in pillars and strategies"
        click.echo(f"Tagged {counts.posts:,} posts with the rules from {source}.")
        table(
            None,
            ["kind", "added", "changed", "removed", "unchanged", "manual", "blocked"],
            [
                [kind, k.added, k.updated, k.removed, k.kept, k.manual, k.blocked]
                for kind, k in counts.kinds.items()
            ],
            right=["added", "changed", "removed", "unchanged", "manual", "blocked"],
        )
        click.echo(
            "manual: set by hand, never changed by a run; blocked: rule matches not added because "
            "someone excluded them by hand."
        )
        if counts.posts:
            click.echo(
                f"Posts with no pillar: {counts.posts_without_pillar:,} of {counts.posts:,}"
                + (" (list them: outreach tag list --untagged)" if counts.posts_without_pillar else "")
            )
    if counts.missing_post_ids:
        click.echo(
            f"Warning: {len(counts.missing_post_ids)} post id(s) in outreach.toml are not in the database: "
            f"{', '.join(counts.missing_post_ids)}; import the exports that list them, "
            "then run: outreach tag run",
            err=True,
        )


@tag.command("add", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM)
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
    from outreach.analysis.tagging import find_post, manual_tag

    tags = _requested(pillars, strategies, campaigns, variants, "tag")
    ref = f"{platform}:{post_id}"
    with ws.ready_engine().begin() as connection:
        for kind, key in tags:
            for change in manual_tag(connection, platform, post_id, kind, key, config=ws.config):
                click.echo(f"Tagged {ref} to {change.kind} {change.key} by hand ({_before(change.before)}).")
        _retag_and_print(connection, ws, find_post(connection, platform, post_id), ref)


@tag.command("remove", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM)
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
    from outreach.analysis.tagging import find_post, manual_untag

    tags = _requested(pillars, strategies, campaigns, variants, "remove")
    ref = f"{platform}:{post_id}"
    with ws.ready_engine().begin() as connection:
        for kind, key in tags:
            change = manual_untag(connection, platform, post_id, kind, key, config=ws.config)
            click.echo(f"Excluded {ref} from {kind} {key} by hand ({_before(change.before)}).")
        _retag_and_print(connection, ws, find_post(connection, platform, post_id), ref)
    click.echo(f"Undo with: outreach tag clear {platform} {post_id} --{tags[0][0]} {tags[0][1]}")


@tag.command("clear", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM)
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
    from outreach.analysis.tagging import clear_manual, find_post

    tags = _requested(pillars, strategies, campaigns, variants, "clear")
    ref = f"{platform}:{post_id}"
    with ws.ready_engine().begin() as connection:
        for kind, key in tags:
            row = clear_manual(connection, platform, post_id, kind, key)
            what = "exclusion from" if row.excluded else "tag to"
            click.echo(f"Cleared the manual {what} {kind} {key} of {ref}.")
        _retag_and_print(connection, ws, find_post(connection, platform, post_id), ref)


@tag.command("show", context_settings=CONTEXT)
@click.argument("platform", type=PLATFORM)
@click.argument("post_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_workspace
def show(ws: Workspace, platform: str, post_id: str, as_json: bool) -> None:
    """Show every tag of one post, where it came from and what matched.

    origin is rule (a keyword or hashtag in the caption; "campaign KEY" when
    the tag comes with a campaign), mapping (the post id is listed in
    outreach.toml) or manual (set with `outreach tag add` or `remove`).

    \b
    Example:
      outreach tag show instagram 17900000000000001
    """
    from outreach.analysis.tagging import find_post, post_assignments, post_summary

    with ws.ready_engine().connect() as connection:
        post_pk = find_post(connection, platform, post_id)
        post = post_summary(connection, post_pk)
        rows = post_assignments(connection, post_pk)
    if as_json:
        emit_json(
            {
                **post,
                "tags": [
                    {
                        "kind": r.kind,
                        "key": r.key,
                        "origin": r.origin,
                        "rule": r.rule,
                        "excluded": r.excluded,
                        "assigned_at": r.assigned_at,
                    }
                    for r in rows
                ],
            }
        )
        return
    from outreach.display import local_time, table

    zone = ws.config.report.timezone
    account = f"@{post['account']}" if post["account"] else "unknown account"
    click.echo(f"{platform}:{post_id} · {account} · {local_time(post['published_at'], zone)}")
    click.echo(_shorten(post["caption"], 300) or "(no caption)")
    if not rows:
        click.echo(f"No tags. Add one with: outreach tag add {platform} {post_id} --pillar KEY")
        return
    table(
        None,
        ["kind", "key", "origin", "matched", "status", "since"],
        [
            [
                r.kind,
                r.key,
                r.origin,
                r.rule or "by hand",
                "excluded" if r.excluded else "tagged",
                local_time(r.assigned_at, zone),
            ]
            for r in rows
        ],
    )


@tag.command("list", context_settings=CONTEXT)
@click.option("--kind", type=click.Choice(TAG_KINDS), help="Only this kind of tag.")
@click.option("--key", metavar="KEY", help="Only this key, e.g. economy or adi-export/testimoni.")
@click.option(
    "--origin", type=click.Choice(["rule", "mapping", "manual"]), help="Only tags from this source."
)
@click.option(
    "--untagged", is_flag=True, help="List posts with no tag of --kind (default: no pillar) instead."
)
@output_format
@pass_workspace
def list_(ws: Workspace, kind: str | None, key: str | None, origin: str | None, untagged: bool, fmt: str) -> None:
    """List tagged posts, one line per tag, newest posts first; or the untagged ones.

    Exclusions set by hand are not listed (see them with `outreach tag show`).
    Times are ISO 8601 in UTC in csv and json, and in the report time zone in
    the table.

    \b
    Example:
      outreach tag list --kind campaign --key adi-export
      outreach tag list --untagged
      outreach tag list --kind pillar --format csv > pillars.csv
    """
    from outreach.analysis.tagging import assignment_listing, untagged_posts

    if untagged and (key or origin):
        raise OutreachError(
            "--untagged lists posts without tags, so --key and --origin do not apply; drop them"
        )
    with ws.ready_engine().connect() as connection:
        if untagged:
            rows = untagged_posts(connection, kind or "pillar")
            columns = ["platform", "account", "post_id", "published_at", "caption"]
            title = f"{len(rows)} posts with no {kind or 'pillar'}"
        else:
            rows = assignment_listing(connection, kind=kind, key=key, origin=origin)
            columns = ["platform", "account", "post_id", "published_at", "kind", "key", "origin", "rule"]
            title = f"{len(rows)} tags"
    if fmt == "json":
        emit_json([{c: row[c] for c in columns} for row in rows])
    elif fmt == "csv":
        emit_csv(columns, rows)
    else:
        from outreach.display import local_time, table

        zone = ws.config.report.timezone
        shown = {"published_at": lambda v: local_time(v, zone), "caption": lambda v: _shorten(v, 60)}
        table(title, columns, [[shown.get(c, lambda v: v)(row[c]) for c in columns] for row in rows])


def _shorten(text: str | None, limit: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


COMMANDS: list[click.Command] = [tag]
