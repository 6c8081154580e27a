"""Sentiment benchmark: macro-F1 on labelled sets, per language, and speed beside TextBlob.

    .venv/bin/python benchmarks/sentiment.py [--model PATH] [--smsa DIR] [--nusax DIR]

Sets: the SmSA validation split and NusaX's validation split of each language (never
used in training; read once per candidate meant for shipping), and our hand-labelled
comment-section sets in tests/data: English comments, Indonesian government comments,
Javanese comments and code-mixed Indonesian-English comments (the last two are dev
sets: written and labelled for this, never trained on). TextBlob's polarity (>0
positive, <0 negative, else neutral) is the baseline.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.analysis import language, text
from outreach.analysis.sentiment import SentimentModel, macro_f1
from outreach.analysis.sentiment_train import NUSAX_LANGUAGES, read_nusax, read_tsv


def clear_caches() -> None:
    language.clear_cache()
    text._standard.cache_clear()


def textblob_label(polarity: float) -> str:
    return "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"


def read_csv(path: Path) -> tuple[list[str], list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def main(argv: list[str] | None = None) -> int:
    from textblob import TextBlob

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="weight file (default: shipped)")
    parser.add_argument("--smsa", type=Path, default=Path("/work/shared/data/smsa"))
    parser.add_argument(
        "--nusax",
        type=Path,
        default=Path("/work/shared/data/nusax"),
        help="folder with NusaX's <language>_valid.csv files (skipped if absent)",
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    model = SentimentModel.load(args.model)
    load_s = time.perf_counter() - t0
    sets = {
        "SmSA validation": read_tsv(args.smsa / "valid_preprocess.tsv"),
        "English comments": read_csv(ROOT / "tests/data/english_comments.csv"),
        "gov comments": read_csv(ROOT / "tests/data/gov_comments.csv"),
        "Javanese dev": read_csv(ROOT / "tests/data/javanese_dev.csv"),
        "code-mixed dev": read_csv(ROOT / "tests/data/codemixed_dev.csv"),
    }
    if args.nusax.is_dir():
        for language in NUSAX_LANGUAGES:
            rows = read_nusax(args.nusax, "valid", [language])
            sets[f"NusaX {language} val"] = ([r[0] for r in rows], [r[1] for r in rows])
    print(f"model {model.version}  (load {load_s * 1000:.0f} ms)")
    print(f"{'set':<24} {'n':>5} {'macro-F1':>9} {'TextBlob':>9}")
    all_texts: list[str] = []
    for name, (texts, gold) in sets.items():
        ours = [s.label for s in model.score_batch(texts)]
        blob = [textblob_label(TextBlob(t).sentiment.polarity) for t in texts]
        print(f"{name:<24} {len(texts):>5} {macro_f1(gold, ours):>9.3f} {macro_f1(gold, blob):>9.3f}")
        all_texts.extend(texts)

    # Throughput on all texts above, best of 3 runs each. Our word/n-gram caches are
    # emptied before every run so that repeated texts do not flatter us.
    def rate(fn) -> float:
        best = float("inf")
        for _ in range(3):
            clear_caches()
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
        return len(all_texts) / best

    ours_rate = rate(lambda: model.score_batch(all_texts))
    blob_rate = rate(lambda: [TextBlob(t).sentiment for t in all_texts])
    print(f"{'throughput':<24} {len(all_texts):>5} {ours_rate:>9.0f} {blob_rate:>9.0f}  texts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
