"""Setting a database up: create or upgrade the schema, mirror the configuration, and the demo office."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from outreach.app.imports import ImportResult, analyse_imported, import_paths
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

DEMO = Path(__file__).resolve().parent.parent / "demo"
DEMO_DB = "outreach-demo.db"
DEMO_OUT = "outreach-demo"
DEMO_CAMPAIGN = "menanam-pohon"


@dataclass
class InitResult:
    database: str
    schema: str | None
    action: str  # created | upgraded | checked
    config_written: Path | None = None
    config_checked: Path | None = None


def init_database(ws: Workspace, *, write_config: bool = True) -> InitResult:
    """Create or upgrade the schema (keeping data), mirror the configuration into it, and
    write a commented example outreach.toml when there is none."""
    from outreach.app.values import refresh_post_values
    from outreach.config import CONFIG_NAME, write_example
    from outreach.db import current_revision, describe, upgrade
    from outreach.store import Store

    config = ws.config  # validate before touching anything
    before = current_revision(ws.engine)
    upgrade(ws.engine)
    with ws.engine.begin() as connection:
        Store(connection).sync_config(config)
    refresh_post_values(ws.engine, config)  # after an upgrade to 0008: once for every post
    after = current_revision(ws.engine)
    action = "created" if before is None else ("upgraded" if before != after else "checked")
    result = InitResult(describe(ws.url), after, action)
    if ws.config_file is not None:
        result.config_checked = ws.config_file
    elif write_config:
        target = Path(CONFIG_NAME)
        try:
            if write_example(target):
                result.config_written = target.resolve()
        except OSError as exc:
            raise OutreachError(f"cannot write {target.resolve()}: {exc.strerror}; use --no-config") from None
    return result


@dataclass
class DemoResult:
    workspace: Workspace
    database: str
    imported: ImportResult
    outputs: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            **self.imported.as_dict(),
            "outputs": [str(p) for p in self.outputs],
        }


def demo_workspace(db: str | None, language: str | None = None) -> Workspace:
    """The demo office's workspace: the bundled configuration and its own database."""
    from outreach.db import DEFAULT_DB

    ws = Workspace(db or DEMO_DB, DEMO / "outreach.toml", language=language)
    if ws.url.endswith("/" + DEFAULT_DB):
        raise OutreachError(
            "the demo does not write into outreach.db; give it its own --db, e.g. --db demo.db"
        )
    return ws


def run_demo(ws: Workspace, *, fresh: bool = False) -> DemoResult:
    """Import the bundled exports of the fictional Kabupaten Sukamaju, tag and score them."""
    from outreach.db import describe, upgrade
    from outreach.store import Store

    if fresh and ws.url.startswith("sqlite:///"):
        path = ws.url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    upgrade(ws.engine)
    with ws.engine.begin() as connection:
        Store(connection).sync_config(ws.config)
    summary = import_paths(ws.engine, [DEMO / "exports"], ws.config)
    analysed = analyse_imported(ws.engine, ws.config, summary)
    return DemoResult(ws, describe(ws.url), ImportResult(summary, analysed))


def write_demo_documents(ws: Workspace, out_dir: Path) -> list[Path]:
    """What a PR officer hands on: the weekly report of the demo's last week (HTML, PDF,
    JSON) and one campaign's evaluation sheet (XLSX, HTML, PDF)."""
    from outreach.app.evaluation import write_evaluation
    from outreach.app.weekly import week_label, write_weekly_report
    from outreach.queries.overview import last_publish_time

    with ws.reading() as connection:
        newest = last_publish_time(connection)
    if newest is None:
        return []
    local = newest.replace(tzinfo=UTC).astimezone(ZoneInfo(ws.timezone)).date()
    week = week_label(local - timedelta(days=local.weekday()))
    written = write_weekly_report(ws, week=week, out_dir=out_dir)
    written += write_evaluation(ws, campaign=DEMO_CAMPAIGN, out_dir=out_dir)
    return written
