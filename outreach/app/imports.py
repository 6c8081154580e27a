"""Import export files: collector -> store for one input at a time, then tagging and sentiment.

Each file is imported in its own transaction: a bad file is rejected whole with
a one-line reason, nothing from it is stored, and the other files still import.
A file whose bytes were imported before is skipped, so re-running an import
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from collectors import ExportKind, ParseContext, detect_kind, iter_sources
from collectors.errors import CollectorError, ExportFormatError, UnknownExportError
from collectors.exportfile import ExportSource
from collectors.manual import COMMENTS_KIND
from outreach.app.workspace import Workspace
from outreach.config import Config
from outreach.store import Store, UnknownPostError, WriteCounts, utcnow


@dataclass
class FileOutcome:
    name: str
    status: str  # imported | skipped | failed
    kind: str | None = None
    reason: str | None = None  # why skipped or failed
    counts: WriteCounts | None = None


@dataclass
class ImportSummary:
    files: list[FileOutcome] = field(default_factory=list)
    totals: WriteCounts = field(default_factory=WriteCounts)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files_imported": self.count("imported"),
            "files_skipped": self.count("skipped"),
            "files_failed": self.count("failed"),
            "posts_new": self.totals.posts_new,
            "posts_updated": self.totals.posts_updated,
            "snapshots_written": self.totals.snapshots,
            "snapshots_new": self.totals.snapshots_new,
            "account_days": self.totals.account_days,
            "audience_rows": self.totals.audience_rows,
            "comments": self.totals.comments,
            "comments_skipped": self.totals.comments_skipped,
            "notices": self.totals.notices,
            "files": [
                {
                    "file": f.name,
                    "status": f.status,
                    "kind": f.kind,
                    "reason": f.reason,
                    **(
                        {"counts": {k: v for k, v in asdict(f.counts).items() if k != "notices"}}
                        if f.counts
                        else {}
                    ),
                }
                for f in self.files
            ],
        }


Progress = Callable[[str, int], None]  # (file name, rows stored so far in that file)


def import_paths(
    engine: Engine,
    paths: Iterable[Path],
    config: Config,
    *,
    account: str | None = None,
    ignore_unknown_columns: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import every file under ``paths``, one transaction per file, as the only writer.

    Imports, pulls and scheduled runs take turns (``writer_lock``): a second import waits
    for the first and then skips the files it stored. The run row always gets an outcome:
    ok, partial, failed, or interrupted when the process is stopped; a run left unfinished
    by a killed process is closed as interrupted when the next one starts."""
    from outreach.db import writer_lock

    paths = list(paths)
    summary = ImportSummary()
    with writer_lock(engine, on_wait=on_wait):
        with engine.begin() as connection:
            store = Store(connection)
            store.close_stale_runs()
            run_id = store.start_run("import", ", ".join(str(p) for p in paths)[:500])
        try:
            _import_all(engine, paths, config, summary, account, ignore_unknown_columns, progress)
        except BaseException as exc:
            with engine.begin() as connection:
                Store(connection).finish_run(
                    run_id, "interrupted", error=f"stopped: {type(exc).__name__}", counts=_run_counts(summary)
                )
            raise
        with engine.begin() as connection:
            Store(connection).finish_run(
                run_id,
                "ok" if not summary.failed else ("failed" if not summary.count("imported") else "partial"),
                error="\n".join(f.reason or "" for f in summary.failed) or None,
                counts=_run_counts(summary),
            )
    return summary


def _run_counts(summary: ImportSummary) -> dict[str, Any]:
    return {k: v for k, v in summary.as_dict().items() if k != "files"}


def _import_all(
    engine: Engine,
    paths: list[Path],
    config: Config,
    summary: ImportSummary,
    account: str | None,
    ignore_unknown_columns: bool,
    progress: Progress | None,
) -> None:
    sources = list(iter_sources(paths))
    zip_known: dict[Path, bool] = {}
    for source, detected in _comments_last(sources):
        if isinstance(source, CollectorError):
            summary.files.append(FileOutcome(_error_name(source), "failed", reason=str(source)))
            continue
        outcome = _import_one(engine, source, detected, config, account, ignore_unknown_columns, progress)
        if source.member is not None:
            # Unknown members (README.txt, images) are fine in a ZIP that holds an export.
            recognised = outcome.kind is not None or outcome.status == "failed"
            zip_known[source.path] = zip_known.get(source.path, False) or recognised
        summary.files.append(outcome)
        if outcome.counts:
            summary.totals.add(outcome.counts)
    for archive, known in zip_known.items():
        if not known:
            summary.files.append(
                FileOutcome(
                    archive.name,
                    "failed",
                    reason=f"{archive.name}: the ZIP holds no export file outreach understands "
                    "(expected the ZIP as downloaded from Instagram, TikTok or X)",
                )
            )


def damaged(name: str, exc: BaseException) -> str:
    """The one line for a file whose content broke the reader in a way no check foresaw."""
    detail = " ".join(str(exc).split())[:160]
    return (
        f"{name}: cannot be read ({type(exc).__name__}{': ' + detail if detail else ''}); the file may be "
        "damaged or not an export: download it again from the platform"
    )


Detected = ExportKind | UnknownExportError | ExportFormatError | None


def _detect(source: ExportSource | CollectorError) -> Detected:
    """The file's kind, or why it has none (reported when the file's turn comes)."""
    if isinstance(source, CollectorError):
        return None
    try:
        return detect_kind(source)
    except (UnknownExportError, ExportFormatError) as exc:
        return exc
    except SQLAlchemyError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file's content: its own failure, never the run's
        return ExportFormatError(source.name, damaged(source.name, exc).split(": ", 1)[1])


def _comments_last(sources: list[ExportSource | CollectorError]) -> list[tuple[Any, Detected]]:
    """Each source with its detected kind, comment files last: they name posts by id, so
    they go after every export in the same import (a Downloads folder sorts comments.csv
    before instagram/); the rest keep their order."""
    detected = [(source, _detect(source)) for source in sources]

    def is_comments(item: tuple[Any, Detected]) -> bool:
        return isinstance(item[1], ExportKind) and item[1].name == COMMENTS_KIND

    return [d for d in detected if not is_comments(d)] + [d for d in detected if is_comments(d)]


def _error_name(error: CollectorError) -> str:
    return getattr(error, "file", None) or str(error).split(":", 1)[0]


def _import_one(
    engine: Engine,
    source: ExportSource,
    detected: Detected,
    config: Config,
    account: str | None,
    ignore_unknown_columns: bool,
    progress: Progress | None,
) -> FileOutcome:
    if isinstance(detected, UnknownExportError):
        if source.member is not None:
            return FileOutcome(source.name, "skipped", reason="not an export file")
        return FileOutcome(source.name, "failed", reason=str(detected))
    if not isinstance(detected, ExportKind):
        return FileOutcome(source.name, "failed", reason=str(detected))
    kind = detected
    context = ParseContext(
        imported_at=utcnow(),
        timezone=config.report.timezone,
        account_handle=account or _folder_account(source, config, kind) or _only_account(config, kind),
        ignore_unknown_columns=ignore_unknown_columns,
    )
    try:
        content_hash = source.sha256()  # reads the whole file: a damaged ZIP member fails here
        with engine.begin() as connection:
            store = Store(connection)
            earlier = store.imported_file(content_hash)
            if earlier:
                return FileOutcome(
                    source.name,
                    "skipped",
                    kind=kind.name,
                    reason=f"already imported on {earlier['imported_at']:%Y-%m-%d %H:%M} UTC as {earlier['file_name']}",
                )
            file_id = store.record_import(
                content_hash=content_hash,
                kind=kind.name,
                platform=kind.platform,
                file_name=source.name,
                imported_at=context.imported_at,
            )
            report = (lambda rows: progress(source.name, rows)) if progress else None
            counts = store.write(kind.parse(source, context), imported_file_id=file_id, on_batch=report)
            store.finish_import(file_id, counts.rows)
    except CollectorError as exc:
        return FileOutcome(source.name, "failed", kind=kind.name, reason=str(exc))
    except UnknownPostError as exc:
        return FileOutcome(source.name, "failed", kind=kind.name, reason=f"{source.name}: {exc}")
    except (DataError, IntegrityError) as exc:
        # A value the database refuses (out of range, duplicate key in one file) is the file's.
        return FileOutcome(
            source.name, "failed", kind=kind.name, reason=damaged(source.name, exc.orig or exc)
        )
    except SQLAlchemyError:
        raise  # the database, not the file: the run stops and says so
    except Exception as exc:  # noqa: BLE001 - see below
        # No exception from a file's content may escape its transaction (rolled back above).
        return FileOutcome(source.name, "failed", kind=kind.name, reason=damaged(source.name, exc))
    return FileOutcome(source.name, "imported", kind=kind.name, counts=counts)


def _folder_account(source: ExportSource, config: Config, kind: ExportKind) -> str | None:
    """A file kept in a folder named after a configured account (``exports/dlh.sukamaju/
    Views.csv``, or a ZIP member ``sukamajukab/Reach.csv``) belongs to that account: Meta's
    account-level files do not say whose they are, and offices run several accounts."""
    handles = {a.handle.lower(): a.handle for a in config.accounts if a.platform == kind.platform}
    folders = [*source.path.parent.parts, *(Path(source.member).parent.parts if source.member else ())]
    for folder in reversed(folders):  # the nearest folder wins
        handle = handles.get(folder.lower().removeprefix("@"))
        if handle:
            return handle
    return None


def _only_account(config: Config, kind: ExportKind) -> str | None:
    """Files that do not name their account belong to the platform's only configured one."""
    handles = [a.handle for a in config.accounts if a.platform == kind.platform]
    return handles[0] if len(handles) == 1 else None


@dataclass
class Analysed:
    """What ran on the data after an import: tagging counts and sentiment counts."""

    tagging: Any = None  # tagging.TagCounts
    sentiment: dict[str, Any] | None = None  # {"model", "comments", "captions"}
    values: int = 0  # posts whose values at the configured age were derived again (post_value)


def analyse_imported(
    engine: Engine,
    config: Config,
    summary: ImportSummary | None = None,
    *,
    tag: bool = True,
    score: bool = True,
) -> Analysed:
    """Tag and score what is new, so that every report, by hand or from the scheduler, sees
    new posts with their pillars and new comments with sentiment.

    Only the work still pending is done, so it is quick after a small import and resumes
    after a kill: posts not yet tagged with the current rules (new, changed by an import, or
    all of them when the rules changed) are tagged, and comments and captions not yet scored
    by the current model are scored. Both steps are idempotent and never touch manual tags or
    corrections. Last, the posts whose snapshots changed get their values at the configured
    age derived again (``app.values``), so that reports read one row per post."""
    from outreach.analysis.tagging import TagCounts
    from outreach.app.sentiment import score_comments
    from outreach.app.tagging import tag_posts, tagging_fingerprint
    from outreach.app.values import refresh_post_values
    from outreach.queries.tags import posts_waiting_for_tags

    done = Analysed()
    if tag:
        with engine.begin() as connection:  # the marks move with the tags they cover
            store = Store(connection)
            store.sync_config(config)
            fingerprint = tagging_fingerprint(config)
            # New posts, posts whose caption (or missing publish time, account, type) an import
            # changed, and every post when the rules changed: each carries no current mark.
            waiting = posts_waiting_for_tags(connection, fingerprint)
            done.tagging = (
                tag_posts(connection, config, post_ids=waiting, fingerprint=fingerprint)
                if waiting
                else TagCounts()
            )
    if score:
        with engine.begin() as connection:
            model = load_sentiment_model(connection, language=config.report.language)
            counts = score_comments(connection, model)
            if counts.get("comments") or counts.get("captions") or (summary and summary.count("imported")):
                done.sentiment = {"model": model.version, **counts}
    done.values = refresh_post_values(engine, config)
    return done


def load_sentiment_model(connection: Any, *, shipped: bool = False, language: str = "id") -> Any:
    """The office's local model when `outreach sentiment train` made one, else the shipped one."""
    from outreach.app.sentiment import load_model

    return load_model(connection, shipped=shipped, language=language)


# --- the use case -----------------------------------------------------------------------


@dataclass
class ImportResult:
    """An import and what ran after it: the face prints ``summary`` and the after-work."""

    summary: ImportSummary
    analysed: Analysed

    def as_dict(self) -> dict[str, Any]:
        tagged, scored = self.analysed.tagging, self.analysed.sentiment
        return {
            **self.summary.as_dict(),
            **({"tagging": tagged.as_dict()} if tagged else {}),
            **({"sentiment": scored} if scored else {}),
        }


def import_files(
    ws: Workspace,
    paths: Iterable[Path],
    *,
    account: str | None = None,
    ignore_unknown_columns: bool = False,
    tag: bool = True,
    score: bool = True,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import export files, folders and ZIPs, then tag and score what they brought.
    ``on_wait`` hears when another writer is running and this import waits for it."""
    engine = ws.ready_engine()
    summary = import_paths(
        engine,
        list(paths),
        ws.config,
        account=account.strip().removeprefix("@") if account else None,
        ignore_unknown_columns=ignore_unknown_columns,
        progress=progress,
        on_wait=on_wait,
    )
    return ImportResult(summary, analyse_imported(engine, ws.config, summary, tag=tag, score=score))


def export_kinds() -> list[tuple[str, str]]:
    """(platform, description) of every export kind outreach recognises, for help texts."""
    from collectors import all_kinds

    return [(kind.platform, kind.description) for kind in all_kinds()]
