"""`outreach report campaign`: the evaluation sheet of a campaign or a pillar (XLSX, HTML, PDF).

The lead attaches ``campaign`` to the ``report`` group; the command prints the paths it wrote.
"""

from __future__ import annotations

from pathlib import Path

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, parse_day, pass_workspace

FORMATS = ("xlsx", "html", "pdf")


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.UsageError(
            f"--format {value!r}: choose one or more of {', '.join(FORMATS)}, separated by commas"
        )
    return tuple(dict.fromkeys(chosen))


@click.command("campaign", context_settings=CONTEXT)
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--pillar", metavar="KEY", help="The sheet of one pillar instead of one campaign.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the files into (created when missing).",
)
@click.option(
    "--format",
    "formats",
    default="xlsx,html,pdf",
    show_default=True,
    metavar="LIST",
    help="Comma-separated: xlsx, html, pdf.",
)
@click.option("--since", metavar="DATE", help="Start of the period (default: the campaign's start).")
@click.option("--until", metavar="DATE", help="End of the period (default: the campaign's end).")
@pass_workspace
def campaign(
    ws: Workspace,
    name: str | None,
    pillar: str | None,
    out_dir: Path,
    formats: str,
    since: str | None,
    until: str | None,
) -> None:
    """The evaluation sheet of a campaign (NAME is its key in outreach.toml) or, with --pillar,
    of a pillar: baseline, output, out-take, outcome, impact and quick wins, each against the
    campaign's targets, with the definition of every number.

    Impact figures come from outside social media: enter them in outreach.toml
    (impact = { registrations = 134 } under the campaign) or in impact.csv beside it
    (columns campaign,indicator,value,source,date).

    \b
    Example:
      outreach report campaign menanam-pohon --out laporan/
      outreach report campaign --pillar environment --format xlsx
    """
    from outreach.app.evaluation import write_evaluation

    if name and pillar:
        raise click.UsageError("give a campaign NAME or --pillar KEY, not both")
    if not name and not pillar:
        raise click.UsageError("name a campaign (its key in outreach.toml), or give --pillar KEY")
    paths = write_evaluation(
        ws,
        campaign=name,
        pillar=pillar,
        out_dir=out_dir,
        formats=_formats(formats),
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
    )
    for path in paths:
        click.echo(str(path))


COMMANDS: list[click.Command] = [campaign]
