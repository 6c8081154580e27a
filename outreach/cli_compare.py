"""`outreach compare`; registered on the main group by ``outreach.cli``."""

from __future__ import annotations

import click

from outreach.cli import CONTEXT, App, emit_json, pass_app  # noqa: F401

COMMANDS: list[click.Command] = []
