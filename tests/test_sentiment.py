"""Sentiment: the shipped model, scoring the database, review/import/train, score-text.

Example texts here are written for these tests; the labelled sets in tests/data are
only read by benchmarks/sentiment.py.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select

from collectors.records import AccountRef, CommentRecord, PostRecord
from outreach.analysis.language import detect_language
from outreach.analysis.sentiment import (
    DEFAULT_MODEL_PATH,
    LABELS,
    FeatureConfig,
    SentimentModel,
    is_phatic,
    is_request,
    lexicon_hits,
    macro_f1,
    preprocess,
    request_words,
    save_model,
)
from outreach.app.sentiment import REVIEW_COLUMNS, score_comments, sentiment_summary
from outreach.db import create_db_engine, upgrade
from outreach.models import Comment, Post
from outreach.store import Store
from tests.helpers import run_cli

COMMENT = Comment.__table__  # type: ignore[attr-defined]
POST = Post.__table__  # type: ignore[attr-defined]

COMMENTS = [
    "Min, kapan pendaftaran UMKM ekspor dibuka?",
    "Mantap, pelayanannya cepat dan ramah 👍",
    "Jalan di depan pasar rusak parah, sudah setahun tidak diperbaiki",
    "Terima kasih infonya min",
    "gak bagus, antri lama banget",
    "Sae tenan acarane, matur nuwun",
    "Great event, thank you!",
    "The streetlights on our road have been broken for weeks, terrible.",
    "syaratnya apa saja ya?",
    "🙏🙏",
]


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


def test_shipped_weight_file_is_small_and_has_no_pickle() -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size < 3_000_000
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as data:
        assert data["coef"].dtype == np.float16
        assert {"header", "vocab0", "vocab1", "idf0", "idf1", "coef", "intercept"} <= set(data.files)


def test_scores_are_probabilities(model: SentimentModel) -> None:
    for s in model.score_batch(COMMENTS):
        assert s.label in LABELS
        assert math.isclose(s.positive + s.neutral + s.negative, 1.0, abs_tol=1e-6)
        assert s.score == max(s.positive, s.neutral, s.negative)
        assert s.model_version == model.version


def test_deterministic_and_batch_equals_single(model: SentimentModel) -> None:
    batch = model.score_batch(COMMENTS)
    again = model.score_batch(COMMENTS, batch_size=3)
    single = [model.score(t) for t in COMMENTS]
    for a, b, c in zip(batch, again, single):
        assert a == b
        assert a.label == c.label
        assert math.isclose(a.positive, c.positive, abs_tol=1e-9)
        assert math.isclose(a.negative, c.negative, abs_tol=1e-9)


def test_empty_and_emoji_only_texts_score(model: SentimentModel) -> None:
    empty, emoji = model.score_batch(["", "🙏🙏"])
    assert empty.language == "other" and empty.label in LABELS
    assert emoji.language == "other"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Mantap min, pelayanannya cepat dan ramah", "positive"),
        ("Pelayanannya lambat banget, kecewa", "negative"),
        ("gak bagus sama sekali", "negative"),
        ("min, syarat bikin akta kelahiran apa saja ya", "neutral"),
        ("apakah ada biaya?", "neutral"),
        ("Jalannya kapan diperbaiki? sudah rusak parah", "negative"),
        # The README's examples: requests lean neutral, complaints in question form do not.
        ("syaratnya apa saja min?", "neutral"),
        ("ada live streaming gak?", "neutral"),
        ("Kapan dibuka?", "neutral"),  # two words once "kapan" is set aside: no one-word mark
        ("kok lama sekali?", "negative"),
        ("masa iya harus antre tiga jam?", "negative"),
        ("This is a great programme, well done", "positive"),
        ("Where can I get the form?", "neutral"),
    ],
)
def test_domain_examples(model: SentimentModel, text: str, label: str) -> None:
    assert model.score(text).label == label


def test_negation_and_question_rules() -> None:
    assert lexicon_hits(preprocess("gak bagus")) == (0, 1)
    assert lexicon_hits(preprocess("tidak jelas infonya")) == (0, 1)
    assert lexicon_hits(preprocess("terima kasih, mantul")) == (2, 0)
    assert is_request("kapan dibuka?", preprocess("kapan dibuka?"))
    assert is_request("min syaratnya apa aja ya", preprocess("min syaratnya apa aja ya"))
    assert is_request("ada live streaming gak min?", preprocess("ada live streaming gak min?"))
    assert not is_request("kapan diperbaiki, parah?", preprocess("kapan diperbaiki, parah?"))
    assert not is_request("kenapa belum cair?", preprocess("kenapa belum cair?"))
    assert not is_request("kok lama sekali?", preprocess("kok lama sekali?"))
    assert not is_request("bagus sekali", preprocess("bagus sekali"))
    assert not is_request("masa iya harus antre?", preprocess("masa iya harus antre?"))
    assert is_request("Masa berlaku KTP sampai kapan?", preprocess("Masa berlaku KTP sampai kapan?"))
    assert not is_request(
        "Info: https://x.go.id/berita?id=1", preprocess("Info: https://x.go.id/berita?id=1")
    )
    assert request_words(preprocess("ada live streaming gak min?")) == ["ada", "live", "streaming"]
    assert request_words(preprocess("kapan min?")) == []
    assert is_phatic(preprocess("absen dulu ya kak")) and is_phatic(preprocess("noted min"))
    assert not is_phatic(preprocess("sip min"))  # approval is left to the model
    assert not is_phatic(preprocess("siap, semangat terus pak")) and not is_phatic(preprocess("min"))


def test_macro_f1() -> None:
    assert macro_f1(["positive", "neutral", "negative"], ["positive", "neutral", "negative"]) == 1.0
    assert macro_f1(["positive", "negative"], ["negative", "positive"]) == 0.0


def _reference_logits(model: SentimentModel, tokens: list[str], marks: list[str]) -> np.ndarray:
    """The model's logits for one text, written out plainly as an oracle for the vectorised scorer."""
    signed: list[dict[int, int]] = [{}, {}]
    for block, (grams, against) in enumerate(model.config.blocks(tokens, marks)):
        for sign, part in ((1, grams), (-1, against)):
            for gram in part:
                column = model.vocab[block].get(gram)
                if column is not None:
                    signed[block][column] = signed[block].get(column, 0) + sign
    logits = model.intercept.copy()
    for block, counts in enumerate(signed):
        weights = {
            column + model.offsets[block]: math.copysign(1 + math.log(abs(c)), c)
            * model.idf[column + model.offsets[block]]
            for column, c in counts.items()
            if c
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        scale = model.config.char_weight if block == 1 else 1.0
        for column, w in weights.items():
            logits += model.coef[column] * (w / norm * scale)
    return logits


def test_vectorised_scorer_matches_plain_reference(model: SentimentModel) -> None:
    texts = COMMENTS + [
        "tidak ramah",  # negated word: its features count against the text
        "bagus tidak bagus",  # said and negated: cancels out
        "tidak tidak bagus",  # a negator after a negator is not flipped
        "pelayanan kurang cepat, tapi petugasnya tidak kasar. bagus bagus bagus",
        "qwxzv ñandú",  # unseen words and characters outside the model's alphabet
        "",
        "Ora mutu, antrine suwe banget nganti awan",
        "The bus was not very clean and the driver didn't care",
    ]
    tokens = [model.config.tokens(t) for t in texts]
    marks = model.config.marks(texts, [detect_language(t) for t in texts])
    fast = model.indonesian_logits(tokens, marks=marks)
    expected = np.array([_reference_logits(model, t, m) for t, m in zip(tokens, marks)])
    assert np.allclose(fast, expected, atol=1e-9)
    assert model.config.flipped(preprocess("tidak ramah")) == [False, True]


def test_negated_opinion_word_turns_around(model: SentimentModel) -> None:
    # SmSA's two-word "tidak X" texts are mostly absent from training as pairs; the flip
    # carries the word's own polarity over, past adverbs such as "pernah" and "terlalu".
    assert model.score("tidak ramah").label == "negative"
    assert model.score("tidak mengecewakan").label == "positive"
    assert model.score("ramah").label == "positive"
    assert model.score("pelayanannya tidak pernah mengecewakan").label == "positive"
    assert model.config.flipped(preprocess("tidak terlalu buruk")) == [False, False, True]
    assert model.config.flipped(preprocess("bukan tidak mungkin")) == [False, False, False]  # cancel


@pytest.mark.parametrize("text", ["P", "p.", "1", "y", "x?", "@budi k", "5 ⭐"])
def test_one_letter_batches_score(model: SentimentModel, text: str) -> None:
    # A batch whose only word is shorter than the longest character n-gram.
    assert model.score(text).label in LABELS
    assert len(model.score_batch([text, text, ""])) == 3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@budi",
        "@budi @ani",
        "😂😂",
        "!!!",
        "Hadir min",
        "nyimak aja",
        "up",
        "absen dulu kak",
        "cek dm min",
        "siap laksanakan pak",
    ],
)
def test_comments_with_nothing_to_read_or_only_presence_are_neutral(model: SentimentModel, text: str) -> None:
    assert model.score(text).label == "neutral"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ora mutu, antrine suwe banget nganti awan", "negative"),  # issue 12's example
        ("Pelayanane apik tenan, matur nuwun", "positive"),
        ("Dalane rusak, wis setaun ora didandani", "negative"),
        ("Petugase ora grapyak blas", "negative"),
        ("The staff were not helpful at all", "negative"),
        ("I don't like the new parking system", "negative"),
        ("Pelayanannya fast response, love it", "positive"),
        ("Website nya error terus, useless", "negative"),
    ],
)
def test_javanese_english_and_code_mixed_examples(model: SentimentModel, text: str, label: str) -> None:
    assert model.score(text).label == label


def test_regional_words_read_as_indonesian_and_english_contractions_joined() -> None:
    assert preprocess("ora apik, suwe", regional=True) == ["tidak", "bagus", "lama"]
    assert preprocess("Matur nuwun", regional=True) == ["terima", "kasih"]
    assert preprocess("ora apik") == ["ora", "apik"]  # off unless the model was trained so
    assert preprocess("isn't it? Don’t", english=True) == ["isnt", "it", "dont"]
    config = FeatureConfig(negation_flip=True, english=True)
    assert config.flipped(["not", "very", "good"]) == [False, False, True]
    assert FeatureConfig(negation_flip=True).flipped(["not", "very", "good"]) is None


def test_weight_file_of_an_older_format_loads_and_leaves_english_to_textblob(tmp_path: Path) -> None:
    # Files written before the regional/english/language fields existed have none of them.
    path = tmp_path / "old.npz"
    header = {"model_version": "old-1", "features": {"char_weight": 0.5, "negation_flip": True}}
    save_model(
        path,
        vocab=[["bagus", "jelek"], ["ba", "je"]],
        idf=[np.ones(2), np.ones(2)],
        coef=np.array([[1.0, 0, -1], [-1, 0, 1], [0.5, 0, -0.5], [-0.5, 0, 0.5]]),
        intercept=np.zeros(3),
        header=header,
    )
    old = SentimentModel.load(path)
    assert not old.config.english and not old.config.regional
    assert old.score("bagus").label == "positive" and old.score("jelek").label == "negative"
    assert old.score("This is terrible").label == "negative"  # TextBlob, as before


ENGLISH_CHECK = """
import sys
from outreach.analysis.sentiment import SentimentModel, textblob_polarities
texts = ["This is a very good app :)", "not good at all", "Terrible, never again", "<3", "kapan dibuka?"]
SentimentModel.load().score_batch(texts)
print("nltk" in sys.modules, "textblob" in sys.modules)
from textblob.en.sentiments import PatternAnalyzer  # the whole package still imports after us
print(textblob_polarities(texts) == [PatternAnalyzer().analyze(t).polarity for t in texts])
"""


def test_english_polarity_is_textblobs_without_importing_nltk() -> None:
    # TextBlob's package imports NLTK, SciPy and scikit-learn (120 MB); scoring needs none of them.
    done = subprocess.run([sys.executable, "-c", ENGLISH_CHECK], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]


def test_language_cache_keeps_short_texts_only() -> None:
    from outreach.analysis import language

    caption = "Ayo ikut pelatihan UMKM di balai desa, pendaftaran dibuka sampai akhir bulan. " * 3
    language.clear_cache()
    assert detect_language(caption) == "id" and detect_language("mantap min") == "id"
    assert language._detect_short.cache_info().currsize == 1  # the comment, not the caption


def test_shipped_model_credits_its_data(model: SentimentModel) -> None:
    assert "SmSA" in model.header["credit"] and "NusaX" in model.header["credit"]
    assert "CC BY-SA 4.0" in model.header["credit"]


def test_praise_of_ordinary_length_stays_positive(model: SentimentModel) -> None:
    # Comment-length praise must not take SmSA's news-headline length as a sign of neutral.
    assert model.score("Acaranya seru, panitianya sigap dan ramah").label == "positive"
    assert model.score("Terima kasih pak, jalannya sekarang sudah bagus").label == "positive"


# -- the database ----------------------------------------------------------------------


def _fill(engine: Engine) -> None:
    account = AccountRef("instagram", "sukamajukab")
    records: list = [
        PostRecord("instagram", "P1", account, datetime(2026, 11, 2, 3), "image",
                   "Pendaftaran UMKM ekspor sudah dibuka untuk warga! #umkm", "https://www.instagram.com/p/P1/"),
        PostRecord("instagram", "P2", account, datetime(2026, 11, 3, 3), "reel", None, None),
    ]  # fmt: skip
    records += [
        CommentRecord("instagram", "P1" if i % 2 == 0 else "P2", f"c{i}", text, author_handle=f"warga{i}")
        for i, text in enumerate(COMMENTS)
    ]
    with engine.begin() as connection:
        Store(connection).write(records)


@pytest.fixture
def filled_db(tmp_path: Path) -> Path:
    path = tmp_path / "outreach.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    _fill(engine)
    engine.dispose()
    return path


def test_score_comments_fills_new_rows_once_and_keeps_corrections(
    filled_db: Path, model: SentimentModel
) -> None:
    engine = create_db_engine(f"sqlite:///{filled_db}")
    with engine.begin() as connection:
        first = connection.execute(select(COMMENT.c.id).order_by(COMMENT.c.id)).scalars().first()
        connection.execute(COMMENT.update().where(COMMENT.c.id == first).values(corrected_label="positive"))
        assert score_comments(connection, model, batch=3) == {"comments": len(COMMENTS), "captions": 1}
        assert score_comments(connection, model) == {"comments": 0, "captions": 0}
        assert score_comments(connection, model, rescore=True) == {"comments": len(COMMENTS), "captions": 1}
        rows = connection.execute(select(COMMENT).order_by(COMMENT.c.id)).mappings().all()
        caption = connection.execute(select(POST).where(POST.c.platform_post_id == "P1")).mappings().one()
        summary = sentiment_summary(connection)
    engine.dispose()
    expected = model.score_batch(COMMENTS)
    for row, s in zip(rows, expected):
        assert (row["language"], row["sentiment_label"], row["sentiment_model"]) == (
            s.language,
            s.label,
            s.model_version,
        )
        assert math.isclose(row["sentiment_score"], s.score)
        assert math.isclose(
            row["sentiment_positive"] + row["sentiment_neutral"] + row["sentiment_negative"], 1.0
        )
    assert rows[0]["corrected_label"] == "positive"  # scoring never touches a correction
    assert caption["sentiment_label"] in LABELS and caption["language"] == "id"
    assert summary["corrected"] == 1
    labels = [r["corrected_label"] or r["sentiment_label"] for r in rows]
    assert [summary[k] for k in LABELS] == [labels.count(k) for k in LABELS]


def _review(path: Path, db: Path, *extra: str) -> list[dict[str, str]]:
    result = run_cli("--db", str(db), "sentiment", "review", "--out", str(path), *extra)
    assert result.code == 0, result.err
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _corrections(db: Path) -> list[tuple[int, str | None]]:
    engine = create_db_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        rows = connection.execute(
            select(COMMENT.c.id, COMMENT.c.corrected_label).order_by(COMMENT.c.id)
        ).all()
    engine.dispose()
    return [(r[0], r[1]) for r in rows]


def test_score_review_import_round_trip(filled_db: Path, tmp_path: Path) -> None:
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "score")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith(
        f"Scored {len(COMMENTS)} comments and 1 captions with model "
    )
    assert "warga" not in result.out + result.err

    sheet = tmp_path / "review.csv"
    rows = _review(sheet, filled_db, "--limit", "4")
    assert list(rows[0]) == [
        "comment_id", "platform", "post_id", "post_permalink", "caption_excerpt", "text", "language",
        "label", "probability", "corrected_label",
    ]  # fmt: skip
    assert len(rows) == 4
    probabilities = [float(r["probability"]) for r in rows]
    assert probabilities == sorted(probabilities)  # least certain first
    assert all(r["corrected_label"] == "" for r in rows)

    # Officers flip every label in the sheet; one row is left blank.
    flip = {"positive": "negative", "negative": "Positif", "neutral": "negative"}
    for row in rows[:3]:
        row["corrected_label"] = flip[row["label"]]
    _write(sheet, rows)
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "import", str(sheet))
    assert result.code == 0, result.err
    assert (
        result.out
        == f"Stored 3 corrections from {sheet}; they win over the model in counts and net sentiment.\n"
    )
    stored = dict(_corrections(filled_db))
    for row in rows[:3]:
        assert stored[int(row["comment_id"])] == flip[row["label"]].casefold().replace("positif", "positive")
    assert stored[int(rows[3]["comment_id"])] is None

    # Corrections win in the counts, and rescoring leaves them alone.
    result = run_cli("--db", str(filled_db), "sentiment", "score", "--rescore", "--json")
    assert result.code == 0, result.err
    import json

    report = json.loads(result.out)
    assert report["comments"]["corrected"] == 3
    assert dict(_corrections(filled_db)) == stored
    # Corrected comments no longer come up for review.
    again = _review(tmp_path / "again.csv", filled_db)
    assert not {r["comment_id"] for r in again} & {r["comment_id"] for r in rows[:3]}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("corrected_label", "postive",
         ("row 3, column corrected_label: 'postive' is not a label; use positive, neutral, negative "
          "(or positif, netral, negatif), or leave it blank")),
        ("comment_id", "99999",
         ("row 3, column comment_id: no comment with id 99999 in this database; "
          "use the ids from `outreach sentiment review` on the same database")),
        ("comment_id", "abc",
         "row 3, column comment_id: 'abc' is not a comment id; use the ids from `outreach sentiment review`"),
    ],
)  # fmt: skip
def test_bad_correction_rows_store_nothing(
    filled_db: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    assert run_cli("--db", str(filled_db), "sentiment", "score").code == 0
    sheet = tmp_path / "review.csv"
    rows = _review(sheet, filled_db, "--limit", "3")
    for row in rows:
        row["corrected_label"] = "neutral"
    rows[1][column] = value
    _write(sheet, rows)
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "import", str(sheet))
    assert result.code == 1
    assert result.err == f"Error: {sheet}: {message}\n"
    assert all(label is None for _, label in _corrections(filled_db))


def test_import_names_missing_columns(filled_db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "other.csv"
    sheet.write_text("id;label\n1;positive\n", encoding="utf-8")
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "import", str(sheet))
    assert result.code == 1
    assert result.err == (
        f"Error: {sheet}: no column comment_id or corrected_label (found: id, label); "
        "use the sheet written by `outreach sentiment review`\n"
    )


def _small_smsa(folder: Path) -> Path:
    folder.mkdir()
    lines = []
    for i in range(40):
        lines.append(f"pelayanan nya bagus dan cepat , mantap sekali nomor {i}\tpositive")
        lines.append(f"jalan nya rusak parah dan lambat , kecewa sekali nomor {i}\tnegative")
        lines.append(f"acara dimulai jam sembilan di balai desa nomor {i}\tneutral")
    (folder / "train_preprocess.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_train_local_model_with_corrections(filled_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    smsa = _small_smsa(tmp_path / "smsa")
    engine = create_db_engine(f"sqlite:///{filled_db}")
    with engine.begin() as connection:
        ids = connection.execute(select(COMMENT.c.id).order_by(COMMENT.c.id)).scalars().all()
        connection.execute(COMMENT.update().where(COMMENT.c.id == ids[0]).values(corrected_label="negative"))
    engine.dispose()

    result = run_cli(
        "--lang", "en", "--db", str(filled_db), "sentiment", "train", "--smsa", str(smsa), "--limit", "120"
    )
    assert result.code == 0, result.err
    local = tmp_path / "sentiment-local.npz"
    assert local.is_file()
    assert f"to {local} (1 corrections)" in result.out
    trained = SentimentModel.load(local)
    assert trained.version.startswith("local-")
    # The office's correction is in the local model: that comment now scores as corrected.
    assert trained.score(COMMENTS[0]).negative > SentimentModel.load().score(COMMENTS[0]).negative

    result = run_cli("--db", str(filled_db), "sentiment", "score", "--json")
    assert result.code == 0, result.err
    assert f'"model": "{trained.version}"' in result.out
    local.unlink()
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "score")
    assert result.code == 1
    assert result.err == (
        f"Error: the local sentiment model {local} is missing; run `outreach sentiment train` again, "
        "or add --shipped-model to use the shipped model\n"
    )
    assert run_cli("--db", str(filled_db), "sentiment", "score", "--shipped-model").code == 0


def test_train_needs_smsa(filled_db: Path) -> None:
    pytest.importorskip("sklearn")
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "train")
    assert result.code == 1
    assert result.err.startswith("Error: give the SmSA training data with --smsa DIR")


def test_score_text(tmp_path: Path, model: SentimentModel) -> None:
    source = tmp_path / "comments.csv"
    with open(source, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["no", "komentar"])
        for i, text in enumerate(COMMENTS + ["Ayo setor ke bank sampah, dukung UMKM lokal!"]):
            writer.writerow([i, text])
    out = tmp_path / "scored.csv"
    result = run_cli("score-text", str(source), "--column", "komentar", "--out", str(out))
    assert result.code == 0, result.err
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert list(rows[0]) == [
        "no", "komentar", "language", "sentiment_label", "sentiment_positive", "sentiment_neutral",
        "sentiment_negative", "pillars",
    ]  # fmt: skip
    expected = model.score_batch([r["komentar"] for r in rows])
    assert [r["sentiment_label"] for r in rows] == [s.label for s in expected]
    assert [r["language"] for r in rows] == [s.language for s in expected]
    assert set(rows[-1]["pillars"].split(";")) == {"environment", "economy"}

    result = run_cli("--lang", "en", "score-text", str(source), "--column", "text", "--out", str(out))
    assert result.code == 1
    assert (
        result.err == f"Error: {source} has no column 'text'; its columns are: no, komentar (use --column)\n"
    )


def test_help_has_examples() -> None:
    for command in (["sentiment"], ["sentiment", "score"], ["sentiment", "review"], ["sentiment", "import"],
                    ["sentiment", "train"], ["score-text"]):  # fmt: skip
        result = run_cli(*command, "-h")
        assert result.code == 0
        assert "Example:" in result.out


def test_score_text_bad_byte_names_the_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_bytes(b"text\n" + b"mantul min\n" * 2500 + b"caf\xe9 enak\n")
    out = tmp_path / "scored.csv"
    result = run_cli("--lang", "en", "score-text", str(source), "--out", str(out))
    assert result.code == 1
    assert result.err.strip() == (
        f"Error: {source}, line 2502: not UTF-8 text; save the file as 'CSV UTF-8' and try again"
    )
    assert list(tmp_path.iterdir()) == [source]  # no output, no partial file


def test_review_sheet_masks_mentions() -> None:
    from outreach.app.sentiment import mask_mentions

    assert mask_mentions("@asep_rmdhn cek ini deh @dlh.sukamaju") == "@… cek ini deh @…"
    assert mask_mentions("tanya ke admin@sukamajukab.go.id") == "tanya ke admin@sukamajukab.go.id"


def test_review_sheet_neutralises_formulas_and_is_private(filled_db: Path, tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{filled_db}")
    with engine.begin() as connection:
        first = connection.execute(select(COMMENT.c.id).order_by(COMMENT.c.id)).scalars().first()
        connection.execute(COMMENT.update().where(COMMENT.c.id == first).values(text='=HYPERLINK("x") -_-'))
    engine.dispose()
    assert run_cli("--db", str(filled_db), "sentiment", "score").code == 0
    sheet = tmp_path / "review.csv"
    rows = _review(sheet, filled_db, "--limit", "20")
    assert sheet.stat().st_mode & 0o777 == 0o600  # it holds comment text
    assert not list(tmp_path.glob(".*partial"))
    texts = {int(r["comment_id"]): r["text"] for r in rows}
    assert texts[first] == '\'=HYPERLINK("x") -_-'
    assert not [t for t in texts.values() if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    # The sheet imports as written: the neutralised cells are not read back.
    rows[0]["corrected_label"] = "netral"
    _write(sheet, rows)
    result = run_cli("--lang", "en", "--db", str(filled_db), "sentiment", "import", str(sheet))
    assert result.code == 0, result.err
    assert dict(_corrections(filled_db))[int(rows[0]["comment_id"])] == "neutral"


def test_review_to_standard_output_and_texts_in_indonesian(filled_db: Path) -> None:
    result = run_cli("--db", str(filled_db), "sentiment", "score")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith(
        f"{len(COMMENTS)} komentar dan 1 keterangan dinilai dengan model "
    )
    result = run_cli("--db", str(filled_db), "sentiment", "review", "--limit", "2")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == ",".join(REVIEW_COLUMNS)
    assert len(result.out.splitlines()) == 3


def test_correct_labels_checks_every_label_and_id_first(filled_db: Path, tmp_path: Path, monkeypatch) -> None:
    from outreach.app.sentiment import correct_labels
    from outreach.app.workspace import Workspace
    from outreach.errors import OutreachError

    monkeypatch.chdir(tmp_path)
    ws = Workspace(str(filled_db), language="en")
    ids = [cid for cid, _ in _corrections(filled_db)]
    with pytest.raises(OutreachError, match="^'good' is not a label; use positive, neutral or negative$"):
        correct_labels(ws, [(ids[0], "positif"), (ids[1], "good")])
    with pytest.raises(OutreachError, match="^no comment with id 99999 in this database$"):
        correct_labels(ws, [(ids[0], "positif"), (99999, "negative")])
    assert all(label is None for _, label in _corrections(filled_db))
    assert correct_labels(ws, [(ids[0], "Positif"), (ids[1], "negative")]) == 2
    ws.dispose()
    assert _corrections(filled_db)[:3] == [(ids[0], "positive"), (ids[1], "negative"), (ids[2], None)]
