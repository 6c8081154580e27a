"""`outreach sentiment ...` and `outreach score-text`; registered on the main group by ``outreach.cli``.

The work lives in ``outreach.app.sentiment``; these commands parse options and print, in
the report language. Comment text is personal data: they print counts, file names and
comment ids, never authors, and the review sheet carries no author column.
"""

from __future__ import annotations

from pathlib import Path

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_csv, emit_json, output_format, pass_workspace
from outreach.texts import number, text

LOCAL_MODEL_NAME = "sentiment-local.npz"


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


@sentiment.command("score", context_settings=CONTEXT)
@click.option("--rescore", is_flag=True, help="Score every comment and caption again, not only new ones.")
@click.option(
    "--shipped-model",
    "shipped",
    is_flag=True,
    help="Use the shipped SmSA model even if a local one was trained.",
)
@output_format
@pass_workspace
def score(ws: Workspace, rescore: bool, shipped: bool, fmt: str) -> None:
    """Give comments and captions a language and a sentiment label with probabilities.

    Only rows not yet scored by the current model are scored, unless --rescore.
    Officers' corrections are never changed. Uses the office's local model when
    `outreach sentiment train` made one, else the shipped model.

    \b
    Example:
      outreach sentiment score
      outreach sentiment score --rescore --json
    """
    from outreach.app.sentiment import score as score_stored

    result = score_stored(ws, rescore=rescore, shipped_model=shipped)
    if fmt == "json":
        emit_json(result.as_dict())
        return
    summary = result.comments
    if fmt == "csv":
        row = {"model": result.model, **{f"scored_{k}": v for k, v in result.scored.items()}, **summary}
        row["net_sentiment"] = (
            None if summary["net_sentiment"] is None else round(summary["net_sentiment"], 4)
        )
        emit_csv(list(row), [row])
        return
    language = ws.language
    t = text(language)
    click.echo(
        t("sentiment.scored", comments=number(result.scored["comments"], language),
          captions=number(result.scored["captions"], language), model=result.model)
    )  # fmt: skip
    net = summary["net_sentiment"]
    click.echo(
        t(
            "sentiment.comments",
            **{label: number(summary[label], language) for label in ("positive", "neutral", "negative")},
            corrected=number(summary["corrected"], language),
            net=t("sentiment.not_available")
            if net is None
            else ("+" if net > 0 else "") + number(net, language, 2),
        )
    )


@sentiment.command("review", context_settings=CONTEXT)
@click.option(
    "--limit", default=200, show_default=True, type=click.IntRange(min=1), help="How many comments."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file to write (default: standard output).",
)
@pass_workspace
def review(ws: Workspace, limit: int, out: Path | None) -> None:
    """Export the least certain comment labels to a CSV for officers to correct.

    Least certain first (lowest probability of the label); already corrected
    comments are left out. Fill in corrected_label (positive, neutral or negative,
    or positif/netral/negatif), leave it blank to keep the model's label, then
    import the file. The sheet has no author data, and only you can read the file.

    \b
    Example:
      outreach sentiment review --limit 100 --out review.csv
      outreach sentiment import review.csv
    """
    from outreach.app.sentiment import REVIEW_COLUMNS, review_sheet

    sheet = review_sheet(ws, limit, out)
    if sheet.path is None:
        emit_csv(REVIEW_COLUMNS, sheet.rows)
        return
    t = text(ws.language)
    if sheet.rows:
        click.echo(t("sentiment.review_wrote", n=number(len(sheet.rows), ws.language), path=sheet.path))
    else:
        click.echo(t("sentiment.review_empty", path=sheet.path))


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
    from outreach.app.sentiment import import_corrections as store_sheet

    result = store_sheet(ws, path)
    click.echo(
        text(ws.language)("sentiment.imported", n=number(result.stored, ws.language), path=result.path)
    )


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
@click.option(
    "--limit", type=click.IntRange(min=100), help="Use only the first N SmSA texts (a quick trial)."
)
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
    from outreach.app.sentiment import train as fit

    language = ws.language
    t = text(language)

    def started(texts: int, corrections: int) -> None:
        click.echo(
            t("sentiment.training", texts=number(texts, language), corrections=number(corrections, language)),
            err=True,
        )

    result = fit(ws, smsa_dir, out, limit, on_start=started)
    click.echo(
        t(
            "sentiment.trained",
            version=result.model_version,
            path=result.path,
            n=number(result.corrections, language),
        )
    )


COMMANDS: list[click.Command] = [sentiment]


@click.command("score-text", context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--column", default="text", show_default=True, help="The column holding the text.")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write."
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A model file (default: shipped).",
)
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
    from outreach.app.sentiment import score_text as score_file

    result = score_file(ws, path, column, out, model_path)
    click.echo(
        text(ws.language)(
            "sentiment.text_scored", n=number(result.rows, ws.language), path=result.path,
            model=result.model_version, out=result.out,
        )
    )  # fmt: skip


COMMANDS.append(score_text)
