"""How far a post's value at the comparison age is from the truth, on the demo office.

The demo generator knows every post's true counts at any moment (``outreach.demo.plan``'s
growth curve); the exports only show them weekly, so many posts' 7-day values are
interpolated between snapshots days or weeks apart. This prints the error of the
values ``post_frame`` gives — a straight line between snapshots (the baseline, measured
in the same run) beside the growth curve used across long gaps — for views and likes.

    python benchmarks/interpolation.py [--age 7]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import timedelta
from pathlib import Path

import numpy as np

from outreach.analysis import metrics
from outreach.app.setup import demo_workspace, run_demo
from outreach.demo import generate as demo_generate
from outreach.demo import plan


def true_posts(folder: Path) -> dict[tuple[str, str], plan.Post]:
    """Every generated post with its final counts, by (platform, id): generate() again and keep them."""
    kept: list[plan.Post] = []
    originals = {name: getattr(plan, name) for name in ("instagram_posts", "tiktok_posts", "x_posts")}

    def keeping(function):  # type: ignore[no-untyped-def]
        def wrapped(*args):  # type: ignore[no-untyped-def]
            posts = function(*args)
            kept.extend(posts)
            return posts

        return wrapped

    for name, function in originals.items():
        setattr(plan, name, keeping(function))
    try:
        demo_generate.generate(folder)
    finally:
        for name, function in originals.items():
            setattr(plan, name, function)
    return {(p.platform, p.post_id): p for p in kept}


def errors(ws, truth, age: float, long_gap: float) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    metrics.LONG_GAP_DAYS = long_gap
    with ws.reading() as connection:
        frame = metrics.post_frame(connection, ws.config, age_days=age)
    out: dict[str, list[float]] = {"views": [], "likes": []}
    for i in np.flatnonzero(frame.at_age):
        post = truth.get((str(frame.platform[i]), str(frame.post_id[i])))
        if post is None:
            continue
        expected = post.values(post.published + timedelta(days=age))
        for name, found in out.items():
            got = getattr(frame, name)[i]
            if name in expected and expected[name] > 0 and not np.isnan(got):
                found.append((got - expected[name]) / expected[name])
    return {name: np.array(values) for name, values in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--age", type=float, default=7.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        truth = true_posts(Path(tmp) / "exports")
        ws = demo_workspace(str(Path(tmp) / "demo.db"))
        run_demo(ws, fresh=True)
        print(f"values at {args.age:g} days against the generator's truth ({len(truth)} posts)")
        print(f"{'method':<34}{'metric':<8}{'posts':>6}{'median':>9}{'mean |e|':>10}{'worst':>9}")
        curve = f"growth curve across gaps > {metrics.LONG_GAP_DAYS:g} d"
        for label, gap in (("straight line (baseline)", float("inf")), (curve, metrics.LONG_GAP_DAYS)):
            for name, values in errors(ws, truth, args.age, gap).items():
                worst = values[np.argmax(np.abs(values))] if len(values) else float("nan")
                print(
                    f"{label:<34}{name:<8}{len(values):>6}{np.median(values):>+9.1%}"
                    f"{np.mean(np.abs(values)):>10.1%}{worst:>+9.1%}"
                )
        ws.dispose()


if __name__ == "__main__":
    main()
