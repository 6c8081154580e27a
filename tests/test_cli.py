"""The command line as a user meets it: exit codes and exact messages."""

from __future__ import annotations

import json

import pytest

from outreach.db import head_revision
from tests.helpers import run_cli

COMMANDS = ["init", "status"]


def test_init_then_status_json(tmp_path):
    result = run_cli("--lang", "en", "init", cwd=tmp_path)
    assert result.code == 0, result.err
    assert (
        result.out.splitlines()[0]
        == f"Created database {tmp_path / 'outreach.db'} (schema {head_revision()})."
    )
    assert (tmp_path / "outreach.toml").exists()
    again = run_cli("--lang", "en", "init", cwd=tmp_path)
    assert again.code == 0 and again.out.startswith("Checked database")
    status = run_cli("status", "--json", cwd=tmp_path)
    assert status.code == 0, status.err
    report = json.loads(status.out)
    assert report["schema"] == head_revision()
    assert report["totals"]["post"] == 0
    assert report["database"] == str(tmp_path / "outreach.db")


def test_outreach_db_from_any_directory(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db = tmp_path / "x.db"
    result = run_cli("--lang", "en", "init", "--no-config", cwd=elsewhere, env={"OUTREACH_DB": str(db)})
    assert result.code == 0, result.err
    assert db.exists()
    assert not (elsewhere / "outreach.toml").exists()
    assert run_cli("status", cwd=tmp_path, env={"OUTREACH_DB": str(db)}).code == 0


def test_db_option_beats_environment(tmp_path):
    result = run_cli(
        "--db",
        str(tmp_path / "a.db"),
        "init",
        "--no-config",
        cwd=tmp_path,
        env={"OUTREACH_DB": str(tmp_path / "b.db")},
    )
    assert result.code == 0
    assert (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()


def test_status_before_init_says_what_to_do(tmp_path):
    result = run_cli("status", cwd=tmp_path)
    assert result.code == 1
    assert result.err == f"Error: {tmp_path / 'outreach.db'} has no outreach schema yet; run: outreach init\n"


def test_missing_folder_is_one_line(tmp_path):
    missing = tmp_path / "no-such-folder"
    result = run_cli("--db", str(missing / "o.db"), "init", cwd=tmp_path)
    assert result.code == 1
    assert result.err == f"Error: cannot create {missing / 'o.db'}: the folder {missing} does not exist\n"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[report]\nlanguage = 'fr'\n", "report.language: Input should be 'id' or 'en' (got 'fr')"),
        (
            "[report]\ntimezone = 'Mars/Olympus'\n",
            "report.timezone: unknown time zone 'Mars/Olympus' (use an IANA name such as Asia/Jakarta) (got 'Mars/Olympus')",
        ),
        (
            "[reprot]\nlanguage = 'id'\n",
            "reprot: unknown key (check its spelling against the example from `outreach init`)",
        ),
        (
            "[[campaigns]]\nkey = 'a'\nname = 'A'\nstart = 'soon'\n",
            "campaigns.0.start: expected a date like 2026-01-31 (got 'soon')",
        ),
        (
            "[[campaigns]]\nkey = 'a'\nname = 'A'\npillars = ['economi']\n",
            "campaigns.0.pillars: unknown pillar 'economi'; known: branding, economy, environment, governance, living, society",
        ),
        (
            "[[accounts]]\nplatform = 'facebook'\nhandle = 'x'\n",
            "accounts.0.platform: Input should be 'instagram', 'tiktok' or 'x' (got 'facebook')",
        ),
        ("[report\n", None),
    ],
)
def test_broken_config_is_one_line(tmp_path, content, message):
    (tmp_path / "outreach.toml").write_text(content)
    result = run_cli("--lang", "en", "init", cwd=tmp_path)
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 1
    if message:
        assert lines[0] == f"Error: outreach.toml: {message}"
    else:
        assert lines[0].startswith("Error: outreach.toml: not valid TOML")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run_cli(command, "-h")
    assert result.code == 0
    assert "Example:" in result.out


def test_top_level_help_is_fast_and_lists_commands():
    result = run_cli("-h")
    assert result.code == 0
    for command in COMMANDS:
        assert f"  {command}" in result.out


def test_unknown_command_is_a_usage_error():
    result = run_cli("stauts")
    assert result.code == 1  # one Error: line and exit 1, as every other mistake
    assert "No such command 'stauts'" in result.err


def test_database_problems_are_one_line_without_secrets(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list\n")
    cases = {
        str(not_a_db): "Error: cannot use the database: file is not a database; check --db / OUTREACH_DB",
        "postgresql+psycopg://officer:s3cret@127.0.0.1:1/outreach": "Error: cannot use the database: ",
        "postgresql+psycopg://officer:s3cret@host:notaport/x": "Error: 'postgresql+psycopg://officer:***@host",
        "postgresql+psycopg://officer@127.0.0.1:1/outreach?password=s3cret": "Error: cannot use the database: ",
        "postgresql+psycopg://officer:s3c@ret@127.0.0.1:1/outreach": "Error: the database URL has more than one '@'",
        "postgresql+psycopg://officer@host:notaport/x?password=s3cret": "Error: 'postgresql+psycopg://officer@host",
    }
    for db, start in cases.items():
        result = run_cli("--db", db, "status", cwd=tmp_path)
        assert result.code == 1
        assert len(result.err.strip().splitlines()) == 1 and result.err.startswith(start), result.err
        assert "s3cret" not in result.err + result.out and "ret@" not in result.err


def test_the_database_and_config_are_created_private(tmp_path):
    result = run_cli("--lang", "en", "init", cwd=tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "outreach.db").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "outreach.toml").stat().st_mode & 0o777 == 0o600
    (tmp_path / "outreach.db").chmod(0o644)
    status = run_cli("--lang", "en", "status", cwd=tmp_path)
    assert status.code == 0
    assert status.err.startswith(f"Warning: {tmp_path / 'outreach.db'} can be read by other users")
    assert "chmod 600" in status.err and len(status.err.splitlines()) == 1


def test_config_mistakes_are_one_line_without_python_reprs(tmp_path):
    (tmp_path / "u16.toml").write_bytes('[report]\nlanguage = "id"\n'.encode("utf-16"))
    (tmp_path / "ansi.toml").write_bytes(b'[report]\nlanguage = "id"\n# caf\xe9\n')
    (tmp_path / "key.toml").write_text('[[campaigns]]\nkey = "Adi Export"\nname = "x"\n')
    (tmp_path / "order.toml").write_text(
        '[[campaigns]]\nkey = "a"\nname = "x"\nstart = 2026-10-10\nend = 2026-10-01\n'
    )
    (tmp_path / "date.toml").write_text('[[campaigns]]\nkey = "a"\nname = 2026-01-01\n')
    expected = {
        "u16.toml": "Error: u16.toml: saved as UTF-16; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
        "ansi.toml": "Error: ansi.toml, line 3: not UTF-8 text (saved as ANSI/Windows-1252?); save it as UTF-8",
        "key.toml": "Error: key.toml: campaigns.0.key: expected a key of lowercase letters, digits, '-' and '_'",
        "order.toml": "Error: order.toml: campaigns.0: end 2026-10-01 is before start 2026-10-10; swap them",
        "date.toml": "Error: date.toml: campaigns.0.name: expected a string (got 2026-01-01)",
    }
    for name, start in expected.items():
        result = run_cli("--config", name, "--db", "x.db", "status", cwd=tmp_path)
        assert result.code == 1 and result.err.startswith(start), result.err
        assert len(result.err.splitlines()) == 1 and "datetime" not in result.err and "^[" not in result.err
    (tmp_path / "bom.toml").write_bytes(b'\xef\xbb\xbf[report]\nlanguage = "en"\n')
    assert run_cli("--config", "bom.toml", "--db", "x.db", "init", "--no-config", cwd=tmp_path).code == 0


def test_every_command_reads_the_current_configuration(tmp_path):
    assert run_cli("--db", "x.db", "init", "--no-config", cwd=tmp_path).code == 0
    (tmp_path / "outreach.toml").write_text('[[accounts]]\nplatform = "instagram"\nhandle = "dinkes.baru"\n')
    report = json.loads(run_cli("--db", "x.db", "status", "--json", cwd=tmp_path).out)
    assert [a["handle"] for a in report["accounts"]] == ["dinkes.baru"]  # no `outreach init` needed
