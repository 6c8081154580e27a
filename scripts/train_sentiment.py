"""Rebuild the shipped sentiment model from SmSA and NusaX (reproducible: fixed seed, fixed grid).

    .venv/bin/python scripts/train_sentiment.py [SMSA_DIR] [--nusax DIR | --no-nusax] [--out PATH]
                                                [--no-search]

Chooses features and hyper-parameters by 5-fold cross-validation on the training splits
only (SmSA's, and NusaX's for Indonesian, English, Javanese, Madurese, Sundanese and
Balinese; folds keep a NusaX sentence and its translations together), reports the
figures per source, then fits on all the training texts. No validation or test split is
read here; `benchmarks/sentiment.py` reports the validation splits.

The weights derived from NusaX are offered under CC BY-SA 4.0, as NusaX is; the credit
goes into the weight file's header.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.analysis.sentiment import DEFAULT_MODEL_PATH
from outreach.analysis.sentiment_train import NUSAX_LANGUAGES, read_corpus, select_and_train


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "smsa_dir",
        nargs="?",
        default="/work/shared/data/smsa",
        type=Path,
        help="folder holding train_preprocess.tsv (default: %(default)s)",
    )
    parser.add_argument(
        "--nusax",
        type=Path,
        default=Path("/work/shared/data/nusax"),
        help="folder holding NusaX's <language>_train.csv files (default: %(default)s)",
    )
    parser.add_argument("--no-nusax", action="store_true", help="train on SmSA alone")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_MODEL_PATH,
        help="weight file to write (default: the shipped model)",
    )
    parser.add_argument(
        "--no-search", action="store_true", help="skip the CV grid search and use the recorded best settings"
    )
    args = parser.parse_args(argv)
    train_file = args.smsa_dir / "train_preprocess.tsv"
    if not train_file.is_file():
        parser.error(f"{train_file} not found; pass the folder holding the SmSA splits")
    nusax = None if args.no_nusax else args.nusax
    if nusax is not None:
        missing = [
            f"{lang}_train.csv" for lang in NUSAX_LANGUAGES if not (nusax / f"{lang}_train.csv").is_file()
        ]
        if missing:
            parser.error(f"{nusax} lacks {', '.join(missing)}; pass --nusax DIR or --no-nusax")
    corpus = read_corpus(args.smsa_dir, nusax)
    metrics = select_and_train(
        corpus,
        out=args.out,
        search=not args.no_search,
        log=lambda row: print(json.dumps(row), file=sys.stderr),
    )
    print(json.dumps(metrics, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
