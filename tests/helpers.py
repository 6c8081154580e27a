"""Running the ``outreach`` command as a user would: in-process (click's runner) by default,
in a real subprocess for the few smoke tests that need one."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner


@dataclass
class Result:
    code: int
    out: str
    err: str


def _environment(env: dict[str, str] | None) -> dict[str, str | None]:
    environment: dict[str, str | None] = {k: None for k in os.environ if k.startswith("OUTREACH_")}
    environment.update(env or {})
    environment["COLUMNS"] = environment.get("COLUMNS") or "200"
    return environment


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """The command line in this process: the same parsing, errors and exit codes as ``outreach``."""
    from outreach.cli import run

    runner = CliRunner()
    before = Path.cwd()
    with runner.isolation(env=_environment(env)) as streams:
        try:
            if cwd is not None:
                os.chdir(cwd)
            code = run(list(args))
        finally:
            os.chdir(before)
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode(), err.decode())


def run_cli_subprocess(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """The real ``outreach`` in a subprocess: for smoke tests of start-up, signals and the README."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    environment.update(env or {})
    environment["COLUMNS"] = environment.get("COLUMNS") or "200"
    done = subprocess.run(
        [sys.executable, "-m", "outreach", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)
