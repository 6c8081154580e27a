"""The README's quick start and test command run as written, so they cannot rot."""

from __future__ import annotations

import re
import shlex

from outreach.cli import cli
from tests.conftest import ROOT
from tests.helpers import run_cli_subprocess

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(name: str) -> str:
    match = re.search(rf"<!-- {name} -->\s*```bash\n(.*?)\n```\s*<!-- /{name} -->", README, re.DOTALL)
    assert match, f"README has no {name} block"
    return match.group(1).strip()


def test_quick_start_runs(tmp_path):
    steps = [shlex.split(step) for step in _block("quickstart").split("&&")]
    assert steps[0][:3] == ["python3", "-m", "venv"]
    assert steps[1][0].endswith("pip") and steps[1][1:3] == ["install", "-e"]
    # The venv and install are the test environment's own; run the outreach steps.
    outreach_steps = [s for s in steps if s[0].endswith("bin/outreach")]
    assert outreach_steps
    for step in outreach_steps:
        result = run_cli_subprocess(*step[1:], cwd=tmp_path)  # as a user runs it: a real process
        assert result.code == 0, result.err
    assert (tmp_path / "outreach-demo.db").exists()
    assert "Basis data demo:" in result.out and "Akun" in result.out


def test_ci_runs_the_readme_test_command():
    command = _block("tests")
    ci = (ROOT / ".ci" / "run").read_text()
    assert command.split("pytest")[0] in ci


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"### `outreach {name}" in README, f"README has no section for outreach {name}"
