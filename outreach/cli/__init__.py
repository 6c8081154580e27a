"""The ``outreach`` command line: parse arguments, call one use case of ``outreach.app``, print.

One module per command group; the options every command shares live in ``common``.
User mistakes end as one line ``Error: ...`` on stderr with the fix, exit 1. Heavy
imports (numpy, matplotlib, the sentiment model) happen inside the commands that need
them, so that ``outreach -h`` stays instant.
"""

from __future__ import annotations

import logging
import sys

import click

from collectors.errors import CollectorError
from outreach import __version__
from outreach.app.workspace import Workspace, database_problem
from outreach.cli import (
    auth,
    compare,
    evaluation,
    imports,
    posts,
    pull,
    purge,
    report,
    schedule,
    sentiment,
    serve,
    setup,
    status,
    summary,
    tag,
)
from outreach.cli.common import CONTEXT
from outreach.errors import OutreachError


@click.group(context_settings=CONTEXT)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="Database: a SQLite file or a SQLAlchemy URL (default: $OUTREACH_DB, the config file, ./outreach.db).",
)
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="Configuration file (default: $OUTREACH_CONFIG, else ./outreach.toml when present).",
)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    help="Language of tables, notes and reports (default: report.language in outreach.toml, else id).",
)
@click.version_option(__version__, "-V", "--version")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, lang: str | None) -> None:
    """Track what your Instagram, TikTok and X posts reached and what people said.

    \b
    Start with:
      outreach init                      create the database and an example outreach.toml
      outreach import ~/Downloads/*.csv  import platform export files
      outreach status                    what is stored, per platform and account
    """
    ctx.obj = Workspace(db, config_path, language=lang)
    _workspaces.append(ctx.obj)


_workspaces: list[Workspace] = []  # the command's workspace, for masking its URL in a late error


for _module in (
    setup, status, imports, pull, auth, schedule, posts, tag, sentiment, summary, compare, report, purge, serve,
):  # fmt: skip
    for _command in _module.COMMANDS:
        cli.add_command(_command)
report.report.add_command(evaluation.campaign)  # `outreach report campaign`


def sqlalchemy_errors() -> tuple[type[Exception], ...]:
    from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError

    return (OperationalError, DatabaseError, InterfaceError)


def main() -> None:
    sys.exit(run())


class _WarningLine(logging.Handler):
    """Warnings from the application layer as one line on stderr, like errors."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:  # a bug, not a warning: the operator's log needs the traceback
            click.echo(self.format(record), err=True)
            return
        click.echo(f"Warning: {record.getMessage()}", err=True)


def _warnings_to_stderr() -> None:
    logger = logging.getLogger("outreach")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        handler = _WarningLine(level=logging.WARNING)
        logger.addHandler(handler)


def run(argv: list[str] | None = None) -> int:
    """Run one command line; returns the exit status (the tests call this in-process)."""
    _warnings_to_stderr()
    _workspaces.clear()
    try:
        cli.main(args=argv, standalone_mode=False, prog_name="outreach")
    except (OutreachError, CollectorError) as exc:
        click.echo(f"Error: {exc}", err=True)
        return 1
    except sqlalchemy_errors() as exc:
        click.echo(f"Error: {database_problem(exc, _workspaces)}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.UsageError as exc:
        # One line, as every other mistake: the usage line would hide the fix.
        click.echo(f"Error: {exc.format_message()}", err=True)
        return 1
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing from the current file was stored.", err=True)
        return 130
    return 0
