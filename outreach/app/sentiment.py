"""Sentiment use cases: score stored comments and captions, the review sheet, officers'
corrections, retraining with them, and scoring any CSV file.

The model is ``outreach.analysis.sentiment`` (pure: texts in, scores out); reads are in
``outreach.queries.sentiment``, writes go through ``Store`` (``write_sentiment``,
``write_corrections``, ``set_setting``). The CSV work (sniffing, validation, formula
neutralising, atomic writes) lives here, not in a face. Comment text is personal data:
results carry counts, file names and comment ids, never authors.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

from outreach.analysis.sentiment import LABELS, ModelFileError, SentimentModel
from outreach.analysis.text import MENTION
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.queries import sentiment as read
from outreach.queries.overview import setting
from outreach.store import Store, utcnow
from outreach.texts import text

SCORE_BATCH = 500  # texts per read and write; larger batches raise peak memory (2,000: +100 MB)
TEXT_BATCH = 2000
MODEL_SETTING = "sentiment_model_path"
LOCAL_MODEL_NAME = "sentiment-local.npz"
# Officers may type the Indonesian names of the labels in a correction sheet.
LABEL_ALIASES = {"positif": "positive", "netral": "neutral", "negatif": "negative"}
REVIEW_COLUMNS = (
    "comment_id", "platform", "post_id", "post_permalink", "caption_excerpt", "text", "language",
    "label", "probability", "corrected_label",
)  # fmt: skip
SCORE_TEXT_COLUMNS = (
    "language", "sentiment_label", "sentiment_positive", "sentiment_neutral", "sentiment_negative", "pillars",
)  # fmt: skip
# OWASP's rule for CSV injection: a cell starting with one of these gets a leading quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- the model ------------------------------------------------------------------------------


def load_model(connection: Connection, *, shipped: bool = False, language: str = "id") -> SentimentModel:
    """The office's local model when `outreach sentiment train` made one, else the shipped one."""
    t = text(language)
    path = None if shipped else setting(connection, MODEL_SETTING)
    if path is not None and not Path(path).is_file():
        raise OutreachError(t("sentiment.err_model_missing", path=path))
    try:
        return SentimentModel.load(path)
    except ModelFileError as exc:
        raise OutreachError(str(exc)) from None


# --- scoring stored rows ----------------------------------------------------------------------


def score_comments(
    connection: Connection,
    model: SentimentModel,
    *,
    rescore: bool = False,
    batch: int = SCORE_BATCH,
    captions: bool = True,
) -> dict[str, int]:
    """Fill language and sentiment of comments (and post captions) not yet scored by ``model.version``.

    ``rescore=True`` scores everything again. Rows are read ``batch`` at a time by id and
    written with one executemany per batch (``Store.write_sentiment``). An officer's
    ``corrected_label`` is never touched. Returns how many comments and captions were scored.
    """
    store = Store(connection)
    counts = {"comments": 0, "captions": 0}
    for target in ("comments", "captions") if captions else ("comments",):
        last_id = 0
        while True:
            rows = read.unscored_texts(
                connection,
                target,
                after_id=last_id,
                limit=batch,
                model_version=model.version,
                rescore=rescore,
            )
            if not rows:
                break
            last_id = rows[-1][0]
            rows = [row for row in rows if row[1].strip()]
            if rows:
                scores = model.score_batch([scored_part(row[1]) for row in rows])
                store.write_sentiment(target, [(row[0], s) for row, s in zip(rows, scores)])
            counts[target] += len(rows)
    return counts


def sentiment_summary(connection: Connection) -> dict[str, Any]:
    """Comment counts per label with corrections winning, and net sentiment.

    Net sentiment = (positive - negative) / (positive + negative) over classified
    comments (DOMAIN.md); None when there are none.
    """
    totals = read.comment_label_totals(connection)
    by_label = dict.fromkeys(LABELS, 0) | totals["labels"]
    polar = by_label["positive"] + by_label["negative"]
    return {
        **by_label,
        "unscored": totals["total"] - sum(by_label.values()),
        "corrected": totals["corrected"],
        "net_sentiment": (by_label["positive"] - by_label["negative"]) / polar if polar else None,
    }


@dataclass
class ScoreResult:
    model: str
    scored: dict[str, int]  # comments, captions
    comments: dict[str, Any]  # sentiment_summary

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "scored": self.scored, "comments": self.comments}


def score(ws: Workspace, rescore: bool = False, shipped_model: bool = False) -> ScoreResult:
    """`outreach sentiment score`: score what the current model has not scored, in one transaction."""
    with ws.writing() as connection:
        model = load_model(connection, shipped=shipped_model, language=ws.language)
        counts = score_comments(connection, model, rescore=rescore)
        summary = sentiment_summary(connection)
    return ScoreResult(model.version, counts, summary)


# --- the review sheet ---------------------------------------------------------------------------


def mask_mentions(text: str | None) -> str:
    """Comment text for a review sheet: ``@handle`` mentions of other people become ``@…``
    (UU 27/2022: the sheet is passed around the office; the sentiment does not need names)."""
    return MENTION.sub("@…", text or "")


def _excerpt(caption: str | None, length: int = 80) -> str:
    caption = " ".join((caption or "").split())
    return caption if len(caption) <= length else caption[: length - 1].rstrip() + "…"


def review_rows(connection: Connection, limit: int) -> list[dict[str, Any]]:
    """Scored, uncorrected comments, least certain first, as review sheet rows (``REVIEW_COLUMNS``).

    No author data, and other people's @mentions masked: the sheet is passed around an office.
    """
    return [
        {
            "comment_id": row["comment_id"], "platform": row["platform"], "post_id": row["post_id"],
            "post_permalink": row["permalink"] or "", "caption_excerpt": _excerpt(row["caption"]),
            "text": mask_mentions(row["text"]), "language": row["language"], "label": row["label"],
            "probability": None if row["score"] is None else round(float(row["score"]), 3), "corrected_label": "",
        }
        for row in read.review_candidates(connection, limit)
    ]  # fmt: skip


def sheet_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (a leading quote makes Excel show text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@contextmanager
def _private_file(path: Path, language: str, **options: Any) -> Iterator[IO[str]]:
    """A text file only its owner can read (0600), written beside ``path`` and renamed onto it
    at the end: a failure half-way leaves no half-written file behind."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, 0o600)  # a partial file left by an earlier run keeps its old mode
    except OSError as exc:
        raise OutreachError(text(language)("sentiment.err_write", path=path, reason=exc.strerror)) from None
    try:
        with open(descriptor, "w", **options) as handle:
            yield handle
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


@dataclass
class ReviewSheet:
    rows: list[dict[str, Any]]  # REVIEW_COLUMNS
    path: Path | None  # the file written; None when the caller prints the rows


# A comment is a few sentences and a caption at most 2,200 characters on Meta; a longer text
# (a pasted document, a hostile file) is read up to here, so memory and time stay bounded.
MAX_SCORED_CHARS = 5_000


def scored_part(text_: str | None) -> str:
    return (text_ or "")[:MAX_SCORED_CHARS]


def review_sheet(ws: Workspace, limit: int, out_path: Path | None = None) -> ReviewSheet:
    """The ``limit`` least certain comment labels for officers to correct; written to
    ``out_path`` as a CSV sheet (UTF-8 with BOM for Excel, formulas neutralised, 0600)
    when given."""
    with ws.reading() as connection:
        rows = review_rows(connection, limit)
    if out_path is not None:
        with _private_file(out_path, ws.language, encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(REVIEW_COLUMNS)
            writer.writerows([sheet_cell(row[c]) for c in REVIEW_COLUMNS] for row in rows)
    return ReviewSheet(rows, out_path)


# --- corrections --------------------------------------------------------------------------------


def parse_label(value: str) -> str | None:
    """A correction cell as a label, None when blank; raises ValueError when it is not a label."""
    value = value.strip().casefold()
    if not value:
        return None
    value = LABEL_ALIASES.get(value, value)
    if value not in LABELS:
        raise ValueError(value)
    return value


def existing_comment_ids(connection: Connection, ids: Iterable[int]) -> set[int]:
    return read.existing_comment_ids(connection, ids)


def store_corrections(
    connection: Connection, corrections: Sequence[tuple[int, str]], *, now: Any = None
) -> int:
    """Set ``corrected_label`` for (comment id, label) pairs; returns the count."""
    return Store(connection).write_corrections(corrections, at=now)


def _decoded_lines(handle: IO[bytes], path: Path, language: str) -> Iterator[str]:
    """Lines decoded one by one, so that a bad byte is reported on its own line."""
    for number_, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise OutreachError(text(language)("sentiment.err_utf8", path=path, line=number_)) from None
        yield line.removeprefix("\ufeff") if number_ == 1 else line


@contextmanager
def open_csv(path: Path, language: str = "id") -> Iterator[tuple[csv.DictReader[str], type[csv.Dialect]]]:
    """(DictReader, dialect) over a CSV in UTF-8 (BOM or not), separated by comma, semicolon or tab."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the ``with`` below; opening has its own error
    except OSError as exc:
        raise OutreachError(text(language)("sentiment.err_read", path=path, reason=exc.strerror)) from None
    with handle:
        lines = _decoded_lines(handle, path, language)
        header = next(lines, "")
        # The header line decides: Excel in an Indonesian locale writes ";".
        delimiter = max(",;\t", key=header.count) if any(d in header for d in ",;\t") else ","
        dialect: type[csv.Dialect] = type("Dialect", (csv.excel,), {"delimiter": delimiter})
        yield csv.DictReader(itertools.chain([header], lines), dialect=dialect), dialect


def read_corrections(path: Path, language: str = "id") -> list[tuple[int, int, str]]:
    """(sheet row, comment id, label) of every filled-in row of a review sheet; the first bad
    row is an error naming the file, row and column. Blank corrected_label cells are skipped."""
    t = text(language)
    parsed: list[tuple[int, int, str]] = []
    with open_csv(path, language) as (reader, _):
        columns = reader.fieldnames or []
        missing = [c for c in ("comment_id", "corrected_label") if c not in columns]
        if missing:
            raise OutreachError(
                t("sentiment.err_columns", path=path, missing=t("sentiment.or").join(missing),
                  found=", ".join(columns) or t("sentiment.none"))
            )  # fmt: skip
        for row_number, row in enumerate(reader, start=2):  # row 1 is the header, as in a spreadsheet
            cell = row.get("corrected_label") or ""
            try:
                label = parse_label(cell)
            except ValueError:
                raise OutreachError(
                    t(
                        "sentiment.err_label",
                        path=path,
                        row=row_number,
                        value=cell.strip(),
                        labels=", ".join(LABELS),
                    )
                ) from None
            if label is None:
                continue
            raw_id = (row.get("comment_id") or "").strip()
            if not raw_id.isdigit():
                raise OutreachError(t("sentiment.err_comment_id", path=path, row=row_number, value=raw_id))
            parsed.append((row_number, int(raw_id), label))
    return parsed


@dataclass
class CorrectionsResult:
    stored: int
    path: Path


def import_corrections(ws: Workspace, path: Path) -> CorrectionsResult:
    """Store the corrected labels of a review sheet; every row is checked first and one bad
    row stores nothing (one transaction). Corrections win over the model everywhere."""
    parsed = read_corrections(path, ws.language)
    with ws.writing() as connection:
        known = read.existing_comment_ids(connection, (cid for _, cid, _ in parsed))
        for row_number, cid, _ in parsed:
            if cid not in known:
                raise OutreachError(
                    text(ws.language)("sentiment.err_unknown_comment", path=path, row=row_number, id=cid)
                )
        stored = Store(connection).write_corrections([(cid, label) for _, cid, label in parsed], at=utcnow())
    return CorrectionsResult(stored, path)


def correct_labels(ws: Workspace, corrections: Sequence[tuple[int, str]]) -> int:
    """Officers' labels for comments by id (positive/neutral/negative or positif/netral/negatif),
    e.g. from the web app: all are checked first, then stored in one transaction."""
    t = text(ws.language)
    labelled: list[tuple[int, str]] = []
    for comment_id, value in corrections:
        try:
            label = parse_label(value)
        except ValueError:
            label = None
        if label is None:
            raise OutreachError(t("sentiment.err_not_label", value=value))
        labelled.append((comment_id, label))
    with ws.writing() as connection:
        known = read.existing_comment_ids(connection, (cid for cid, _ in labelled))
        for comment_id, _ in labelled:
            if comment_id not in known:
                raise OutreachError(t("sentiment.err_no_comment", id=comment_id))
        return Store(connection).write_corrections(labelled, at=utcnow())


# --- training -------------------------------------------------------------------------------------


@dataclass
class TrainResult:
    model_version: str
    path: Path
    corrections: int
    texts: int
    metrics: dict[str, Any] = field(default_factory=dict)


def default_model_path(ws: Workspace) -> Path:
    """Where a trained model goes by default: beside a SQLite database, else the working folder."""
    from sqlalchemy.engine import make_url

    from outreach.db import is_sqlite

    database = make_url(ws.url).database if is_sqlite(ws.url) else None
    return (Path(database).parent if database else Path.cwd()) / LOCAL_MODEL_NAME


def train(
    ws: Workspace,
    smsa_dir: Path | None,
    out: Path | None = None,
    limit: int | None = None,
    *,
    on_start: Callable[[int, int], None] | None = None,
) -> TrainResult:
    """Retrain the model on SmSA plus this office's corrections, write it to ``out`` (default:
    beside the database) and record it as the model `sentiment score` uses. ``on_start``
    hears (SmSA texts, corrections) before the fit, which takes a while."""
    t = text(ws.language)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise OutreachError(t("sentiment.err_sklearn")) from None
    from outreach.analysis.sentiment_train import read_tsv
    from outreach.analysis.sentiment_train import train as fit

    if smsa_dir is None:
        raise OutreachError(t("sentiment.err_smsa"))
    train_file = smsa_dir / "train_preprocess.tsv"
    if not train_file.is_file():
        raise OutreachError(t("sentiment.err_smsa_file", path=train_file))
    out = (out or default_model_path(ws)).resolve()
    with ws.reading() as connection:
        corrections = read.corrected_texts(connection)
    texts, labels = read_tsv(train_file)
    if limit:
        texts, labels = texts[:limit], labels[:limit]
    shipped = SentimentModel.load()
    if on_start:
        on_start(len(texts), len(corrections))
    metrics = fit(
        texts, labels, corrections=corrections, out=out, cv=False,
        config=shipped.config, params=shipped.header.get("params"),
    )  # fmt: skip
    with ws.writing() as connection:
        Store(connection).set_setting(MODEL_SETTING, str(out))
    return TrainResult(str(metrics["model_version"]), out, len(corrections), len(texts), metrics)


# --- score-text: any CSV file -------------------------------------------------------------------


@dataclass
class ScoreTextResult:
    rows: int
    model_version: str
    path: Path
    out: Path


def score_text(
    ws: Workspace, path: Path, column: str, out: Path, model_path: Path | None = None
) -> ScoreTextResult:
    """Add language, sentiment and pillars to a CSV file, batch by batch (large files work).

    Adds ``SCORE_TEXT_COLUMNS`` (pillars: keys joined by ";", from the configured or shipped
    taxonomy), keeps the file's separator, and writes ``out`` only when every row was read:
    the output is built beside it (0600, it holds comment text) and renamed at the end."""
    from outreach.analysis.rules import RuleMatcher, rules_for

    t = text(ws.language)
    if out.resolve() == path.resolve():
        raise OutreachError(t("sentiment.err_same_file", out=out))
    try:
        model = SentimentModel.load(model_path)
    except ModelFileError as exc:
        raise OutreachError(str(exc)) from None
    matcher = RuleMatcher(rules_for(ws.config.pillar_taxonomy))
    done = 0
    with open_csv(path, ws.language) as (reader, dialect):
        columns = list(reader.fieldnames or [])
        if column not in columns:
            raise OutreachError(
                t("sentiment.err_text_column", path=path, column=column,
                  columns=", ".join(columns) or t("sentiment.none"))
            )  # fmt: skip
        added = [c for c in SCORE_TEXT_COLUMNS if c not in columns]
        with _private_file(out, ws.language, encoding="utf-8", newline="") as target:
            writer = csv.DictWriter(
                target, fieldnames=columns + added, dialect=dialect, extrasaction="ignore"
            )
            writer.writeheader()
            for batch in _batches(reader, TEXT_BATCH):
                _write_scored(writer, batch, column, model, matcher)
                done += len(batch)
    return ScoreTextResult(done, model.version, path, out)


def _batches(rows: Iterable[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_scored(
    writer: csv.DictWriter[str], rows: list[dict[str, str]], column: str, model: SentimentModel, matcher: Any
) -> None:
    texts = [row.get(column) or "" for row in rows]
    scores = model.score_batch([scored_part(text_) for text_ in texts])
    pillars = matcher.match_many(texts)
    for row, s, matches in zip(rows, scores, pillars):
        row.update(
            language=s.language, sentiment_label=s.label, sentiment_positive=f"{s.positive:.4f}",
            sentiment_neutral=f"{s.neutral:.4f}", sentiment_negative=f"{s.negative:.4f}",
            pillars=";".join(m.key for m in matches),
        )  # fmt: skip
    writer.writerows(rows)
