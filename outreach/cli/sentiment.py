"""`outreach sentiment ...` and `outreach score-text`; registered on the main group by ``outreach.cli``.

Comment text is personal data: these commands print counts, file names and
comment ids, never authors, and the review sheet carries no author column.
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from outreach.cli.common import CONTEXT, Workspace, emit_json, pass_workspace
from outreach.errors import OutreachError

LOCAL_MODEL_NAME = "sentiment-local.npz"
SCORE_TEXT_COLUMNS = (
    "language", "sentiment_label", "sentiment_positive", "sentiment_neutral", "sentiment_negative", "pillars",
)  # fmt: skip
TEXT_BATCH = 2000


@click.group(context_settings=CONTEXT)
def sentiment() -> None:
    """Score comment sentiment, review the least certain labels, import corrections, retrain.

    Comments (and post captions) get a language (id, en, jv, ms, other) and a
    label positive / neutral / negative with probabilities. Indonesian uses a model
    trained on SmSA (IndoNLU; data by Prosa.ai); English uses TextBlob. Corrected
    labels always win over the model in counts and net sentiment.

    \b
    Example:
      outreach sentiment score
      outreach sentiment review --limit 200 --out review.csv
      outreach sentiment import review.csv
      outreach sentiment train --smsa ~/data/smsa
    """


def load_model(connection: Any, shipped: bool) -> Any:
    from outreach.pipeline import load_sentiment_model

    return load_sentiment_model(connection, shipped=shipped)


@sentiment.command("score", context_settings=CONTEXT)
@click.option("--rescore", is_flag=True, help="Score every comment and caption again, not only new ones.")
@click.option(
    "--shipped-model", "shipped", is_flag=True, help="Use the shipped SmSA model even if a local one was trained."
)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_workspace
def score(ws: Workspace, rescore: bool, shipped: bool, as_json: bool) -> None:
    """Give comments and captions a language and a sentiment label with probabilities.

    Only rows not yet scored by the current model are scored, unless --rescore.
    Officers' corrections are never changed. Uses the office's local model when
    `outreach sentiment train` made one, else the shipped model.

    \b
    Example:
      outreach sentiment score
      outreach sentiment score --rescore --json
    """
    from outreach.app.sentiment import score_comments, sentiment_summary

    engine = ws.ready_engine()
    with engine.begin() as connection:
        model = load_model(connection, shipped)
        counts = score_comments(connection, model, rescore=rescore)
        summary = sentiment_summary(connection)
    report = {"model": model.version, "scored": counts, "comments": summary}
    if as_json:
        emit_json(report)
        return
    click.echo(
        f"Scored {counts['comments']} comments and {counts['captions']} captions with model {model.version}."
    )
    net = summary["net_sentiment"]
    click.echo(
        f"Comments: {summary['positive']} positive, {summary['neutral']} neutral, {summary['negative']} negative"
        f" ({summary['corrected']} corrected by officers); net sentiment "
        + ("n/a" if net is None else f"{net:+.2f}")
        + " = (positive - negative) / (positive + negative)."
    )


@sentiment.command("review", context_settings=CONTEXT)
@click.option("--limit", default=200, show_default=True, type=click.IntRange(min=1), help="How many comments.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write (default: standard output)."
)
@pass_workspace
def review(ws: Workspace, limit: int, out: Path | None) -> None:
    """Export the least certain comment labels to a CSV for officers to correct.

    Least certain first (lowest probability of the label); already corrected
    comments are left out. Fill in corrected_label (positive, neutral or negative,
    or positif/netral/negatif), leave it blank to keep the model's label, then
    import the file. The sheet has no author data.

    \b
    Example:
      outreach sentiment review --limit 100 --out review.csv
      outreach sentiment import review.csv
    """
    from outreach.app.sentiment import REVIEW_COLUMNS, review_rows

    with ws.ready_engine().connect() as connection:
        rows = review_rows(connection, limit)
    if out is not None:
        try:
            handle = open(out, "w", encoding="utf-8-sig", newline="")  # BOM: Excel reads UTF-8
        except OSError as exc:
            raise OutreachError(f"cannot write {out}: {exc.strerror}; choose another --out path") from None
    else:
        handle = sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS, lineterminator="\n" if out is None else "\r\n")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out is not None:
            handle.close()
    if out is not None:
        if rows:
            click.echo(f"Wrote {len(rows)} comments to {out}; fill in corrected_label, then: outreach sentiment import {out}")
        else:
            click.echo(f"Wrote an empty sheet to {out}: no scored, uncorrected comments (run: outreach sentiment score)")


@sentiment.command("import", context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_workspace
def import_corrections(ws: Workspace, path: Path) -> None:
    """Import corrected labels from a review sheet; corrections win over the model.

    Every row is checked first (comment_id must exist in this database,
    corrected_label must be positive, neutral, negative or blank); one bad row
    stores nothing. Blank corrected_label cells are skipped.

    \b
    Example:
      outreach sentiment import review.csv
    """
    from datetime import datetime, timezone

    from outreach.analysis.sentiment import LABELS
    from outreach.app.sentiment import existing_comment_ids, parse_label, store_corrections

    valid = ", ".join(LABELS)
    parsed: list[tuple[int, int, str]] = []  # (sheet row, comment id, label)
    with _open_csv(path) as (reader, _):
        columns = reader.fieldnames or []
        missing = [c for c in ("comment_id", "corrected_label") if c not in columns]
        if missing:
            raise OutreachError(
                f"{path}: no column {' or '.join(missing)} (found: {', '.join(columns) or 'none'}); "
                "use the sheet written by `outreach sentiment review`"
            )
        for number, row in enumerate(reader, start=2):  # row 1 is the header, as in a spreadsheet
            try:
                label = parse_label(row.get("corrected_label") or "")
            except ValueError:
                raise OutreachError(
                    f"{path}: row {number}, column corrected_label: {row['corrected_label'].strip()!r} is not a label;"
                    f" use {valid} (or positif, netral, negatif), or leave it blank"
                ) from None
            if label is None:
                continue
            raw_id = (row.get("comment_id") or "").strip()
            if not raw_id.isdigit():
                raise OutreachError(
                    f"{path}: row {number}, column comment_id: {raw_id!r} is not a comment id; "
                    "use the ids from `outreach sentiment review`"
                )
            parsed.append((number, int(raw_id), label))
    engine = ws.ready_engine()
    with engine.begin() as connection:  # one transaction: all rows or none
        known = existing_comment_ids(connection, (cid for _, cid, _ in parsed))
        for number, cid, _ in parsed:
            if cid not in known:
                raise OutreachError(
                    f"{path}: row {number}, column comment_id: no comment with id {cid} in this database; "
                    "use the ids from `outreach sentiment review` on the same database"
                )
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        stored = store_corrections(connection, [(cid, label) for _, cid, label in parsed], now=now)
    click.echo(f"Stored {stored} corrections from {path}; they win over the model in counts and net sentiment.")


@sentiment.command("train", context_settings=CONTEXT)
@click.option(
    "--smsa",
    "smsa_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="OUTREACH_SMSA_DIR",
    help="Folder with SmSA's train_preprocess.tsv (IndoNLU, dataset/smsa_doc-sentiment-prosa) [$OUTREACH_SMSA_DIR].",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Model file to write (default: {LOCAL_MODEL_NAME} next to the database).",
)
@click.option("--limit", type=click.IntRange(min=100), help="Use only the first N SmSA texts (a quick trial).")
@pass_workspace
def train(ws: Workspace, smsa_dir: Path | None, out: Path | None, limit: int | None) -> None:
    """Retrain the sentiment model with this office's corrections weighted in.

    Fits on the SmSA training split plus every corrected comment (each counts
    many times an SmSA text), writes a local model file and makes
    `outreach sentiment score` use it; run score --rescore afterwards. Needs
    scikit-learn: pip install 'outreach[train]'.

    \b
    Example:
      outreach sentiment train --smsa ~/data/smsa
      outreach sentiment score --rescore
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise OutreachError("training needs scikit-learn; install it with: pip install 'outreach[train]'") from None
    from outreach.analysis.sentiment import SentimentModel
    from outreach.app.sentiment import corrected_texts, set_local_model_path
    from outreach.analysis.sentiment_train import read_tsv
    from outreach.analysis.sentiment_train import train as fit
    from outreach.db import is_sqlite

    if smsa_dir is None:
        raise OutreachError(
            "give the SmSA training data with --smsa DIR (the folder with train_preprocess.tsv from IndoNLU's "
            "dataset/smsa_doc-sentiment-prosa), or set OUTREACH_SMSA_DIR"
        )
    train_file = smsa_dir / "train_preprocess.tsv"
    if not train_file.is_file():
        raise OutreachError(f"{train_file} not found; --smsa must be the folder holding train_preprocess.tsv")
    if out is None:
        from sqlalchemy.engine import make_url

        database = make_url(ws.url).database if is_sqlite(ws.url) else None
        out = (Path(database).parent if database else Path.cwd()) / LOCAL_MODEL_NAME
    out = out.resolve()
    engine = ws.ready_engine()
    with engine.connect() as connection:
        corrections = corrected_texts(connection)
    texts, labels = read_tsv(train_file)
    if limit:
        texts, labels = texts[:limit], labels[:limit]
    shipped = SentimentModel.load()
    click.echo(f"Training on {len(texts)} SmSA texts and {len(corrections)} corrections ...", err=True)
    metrics = fit(
        texts, labels, corrections=corrections, out=out, cv=False,
        config=shipped.config, params=shipped.header.get("params"),
    )  # fmt: skip
    with engine.begin() as connection:
        set_local_model_path(connection, str(out))
    click.echo(
        f"Wrote model {metrics['model_version']} to {out} ({len(corrections)} corrections); "
        "`outreach sentiment score` now uses it. Run: outreach sentiment score --rescore"
    )


COMMANDS: list[click.Command] = [sentiment]


# -- score-text --------------------------------------------------------------------


def _open_csv(path: Path) -> Any:
    """Context manager: (DictReader, dialect) over a CSV in UTF-8 (BOM or not), comma, semicolon or tab."""
    from contextlib import contextmanager

    @contextmanager
    def opened() -> Iterator[tuple[csv.DictReader, Any]]:
        try:
            handle = open(path, "rb")
        except OSError as exc:
            raise OutreachError(f"cannot read {path}: {exc.strerror}") from None
        with handle:
            lines = _decoded_lines(handle, path)
            header = next(lines, "")
            # The header line decides: Excel in an Indonesian locale writes ";".
            delimiter = max(",;\t", key=header.count) if any(d in header for d in ",;\t") else ","
            dialect: Any = type("Dialect", (csv.excel,), {"delimiter": delimiter})
            yield csv.DictReader(itertools.chain([header], lines), dialect=dialect), dialect

    return opened()


def _pillar_matcher(ws: Workspace) -> Any:
    from outreach.analysis.rules import RuleMatcher, rules_for

    return RuleMatcher(rules_for(ws.config.pillar_taxonomy))


@click.command("score-text", context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--column", default="text", show_default=True, help="The column holding the text.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path), help="A model file (default: shipped).")
@pass_workspace
def score_text(ws: Workspace, path: Path, column: str, out: Path, model_path: Path | None) -> None:
    """Add language, sentiment and pillars to any CSV, for trying and auditing the models.

    Adds the columns language, sentiment_label, sentiment_positive,
    sentiment_neutral, sentiment_negative and pillars (keys joined by ";", from
    the configured or shipped pillar taxonomy). Reads and writes in batches, so
    large files work. No database is needed.

    \b
    Example:
      outreach score-text comments.csv --column text --out scored.csv
      outreach score-text captions.csv --column caption --out captions-scored.csv
    """
    from outreach.analysis.sentiment import ModelFileError, SentimentModel

    if out.resolve() == path.resolve():
        raise OutreachError(f"--out {out} is the input file; write to another file")
    try:
        model = SentimentModel.load(model_path)
    except ModelFileError as exc:
        raise OutreachError(str(exc)) from None
    matcher = _pillar_matcher(ws)
    rows_done = 0
    with _open_csv(path) as (reader, dialect):
        columns = list(reader.fieldnames or [])
        if column not in columns:
            raise OutreachError(
                f"{path} has no column {column!r}; its columns are: {', '.join(columns) or 'none'} (use --column)"
            )
        added = [c for c in SCORE_TEXT_COLUMNS if c not in columns]
        # Written beside --out and renamed at the end: a file that fails half-way
        # (a bad byte in row 3,001) leaves no half-scored output behind.
        partial = out.with_name(f".{out.name}.partial")
        try:
            target = open(partial, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise OutreachError(f"cannot write {out}: {exc.strerror}; choose another --out path") from None
        try:
            with target:
                writer = csv.DictWriter(target, fieldnames=columns + added, dialect=dialect, extrasaction="ignore")
                writer.writeheader()
                batch: list[dict[str, str]] = []
                for row in reader:
                    batch.append(row)
                    if len(batch) >= TEXT_BATCH:
                        _write_scored(writer, batch, column, model, matcher)
                        rows_done += len(batch)
                        batch = []
                if batch:
                    _write_scored(writer, batch, column, model, matcher)
                    rows_done += len(batch)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"Scored {rows_done} rows of {path} with model {model.version}; wrote {out}.")


def _decoded_lines(handle: Any, path: Path) -> Iterator[str]:
    """Lines decoded one by one, so that a bad byte is reported on its own line."""
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise OutreachError(
                f"{path}, line {number}: not UTF-8 text; save the file as 'CSV UTF-8' and try again"
            ) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def _write_scored(writer: csv.DictWriter, rows: list[dict[str, str]], column: str, model: Any, matcher: Any) -> None:
    texts = [row.get(column) or "" for row in rows]
    scores = model.score_batch(texts)
    pillars = matcher.match_many(texts)
    for row, s, matches in zip(rows, scores, pillars):
        row.update(
            language=s.language, sentiment_label=s.label, sentiment_positive=f"{s.positive:.4f}",
            sentiment_neutral=f"{s.neutral:.4f}", sentiment_negative=f"{s.negative:.4f}",
            pillars=";".join(m.key for m in matches),
        )  # fmt: skip
    writer.writerows(rows)


COMMANDS.append(score_text)
