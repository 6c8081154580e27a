"""Rebuild the shipped sentiment model from SmSA (reproducible: fixed seed, fixed grid).

    .venv/bin/python scripts/train_sentiment.py [SMSA_DIR] [--out PATH] [--no-search]

Chooses features and hyper-parameters by 5-fold cross-validation on the SmSA training
split only, then fits on the whole training split. The validation split is not read here;
`benchmarks/sentiment.py` reports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.analysis.sentiment import DEFAULT_MODEL_PATH  # noqa: E402
from outreach.analysis.sentiment_train import read_tsv, select_and_train  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("smsa_dir", nargs="?", default="/work/shared/data/smsa", type=Path,
                        help="folder holding train_preprocess.tsv (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH,
                        help="weight file to write (default: the shipped model)")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the CV grid search and use the recorded best settings")
    args = parser.parse_args(argv)
    train_file = args.smsa_dir / "train_preprocess.tsv"
    if not train_file.is_file():
        parser.error(f"{train_file} not found; pass the folder holding the SmSA splits")
    texts, labels = read_tsv(train_file)
    metrics = select_and_train(texts, labels, out=args.out, search=not args.no_search,
                               log=lambda row: print(json.dumps(row), file=sys.stderr))
    print(json.dumps(metrics, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
