"""CPU time and peak memory of the max-statistic permutation test behind ``outreach compare``.

    .venv/bin/python benchmarks/compare_stats.py                    # 35,000 posts, 5 groups, 1,000 resamples
    .venv/bin/python benchmarks/compare_stats.py --stat mean --ranks
    .venv/bin/python benchmarks/compare_stats.py --posts 5000 --repeat 5

The size is that of ``/compare?by=type&platform=instagram`` on a 200,000-post database:
about 35,000 posts in five post types, and the 1,000 resamples ``compare.resamples_for``
allows at that size. The baseline is the test as it was before the permutations were dealt
out in chunks (kept below): every permutation's index order drawn at once, the values
gathered into one matrix and np.median taken of copies of its blocks. Both run in this
process on the same data with the same seed, alternately, and must give the same bits.

CPU time is ``time.process_time`` (the best of ``--repeat`` runs; other processes on a shared
machine disturb it much less than wall time). Peak memory is tracemalloc's peak above what
was allocated before the call, in a run of its own (tracing slows the timing runs down).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np

from outreach.analysis import stats

# Shares of the post types of an Instagram account of a local government PR office.
SHARES = (0.40, 0.27, 0.20, 0.10, 0.03)
# The baseline's chunk: before, it held all of a data set's permutations whatever this says.
_CHUNK_CELLS = 1_000_000

Result = tuple[np.ndarray, np.ndarray, np.ndarray]


# --------------------------------------------------------------------------- the baseline


class _BaselineContext(stats._Context):
    def maxima(self, which: np.ndarray, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # As before: gather every permutation's values, np.median of copies of each group's block.
        values = self.pooled[which[:, None], orders]
        group_stats = stats._group_stats(values, self.edges, self.stat)
        by_stat = stats._max_over_top(group_stats, group_stats, self.sizes, self.mask)
        if self.ranks is None:
            return by_stat, by_stat
        scores = stats._group_stats(self.ranks[which[:, None], orders], self.edges, "mean")
        return stats._max_over_top(group_stats, scores, self.sizes, self.mask), by_stat


def baseline_batch(
    pooled: np.ndarray,
    sizes: Sequence[int],
    *,
    stat: str = "median",
    candidates: Sequence[bool] | None = None,
    ranks: bool = False,
    n_resamples: int = 10_000,
    level: float = 0.95,
    rng: np.random.Generator,
) -> Result:
    """``stats.max_statistic_batch`` before: all of a data set's permutations in one matrix."""
    pooled = np.asarray(pooled, dtype=float)
    sets, n = pooled.shape
    context = _BaselineContext(pooled, sizes, stat, candidates, ranks)
    observed, top = context.observed()
    rows = max(1, _CHUNK_CELLS // (n * n_resamples))  # data sets per chunk
    p = np.empty((sets, len(sizes)))
    critical = np.empty(sets)
    for start in range(0, sets, rows):
        part = slice(start, min(sets, start + rows))
        count = part.stop - part.start
        orders = rng.permuted(np.broadcast_to(np.arange(n), (count * n_resamples, n)), axis=1)
        which = np.repeat(np.arange(part.start, part.stop), n_resamples)
        maxima, stat_maxima = context.maxima(which, orders)
        p[part], critical[part] = stats._adjust(
            observed[part], top[part], maxima.reshape(count, n_resamples),
            stat_maxima.reshape(count, n_resamples), exact=False, level=level,
        )  # fmt: skip
    return p, critical, top


# --------------------------------------------------------------------------- measuring


def sample(posts: int, seed: int) -> tuple[np.ndarray, list[int]]:
    """Engagement rates of ``posts`` posts in five types (lognormal, four decimals: ties)."""
    sizes = [round(posts * share) for share in SHARES[:-1]]
    sizes.append(posts - sum(sizes))
    rng = np.random.default_rng(seed)
    values = [np.round(rng.lognormal(-3.5 + 0.1 * k, 0.9, size=n), 4) for k, n in enumerate(sizes)]
    return np.concatenate(values)[None, :], sizes


def cpu_seconds(run: Callable[[], Result]) -> tuple[float, Result]:
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def peak_bytes(run: Callable[[], Result]) -> int:
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=35_000)
    parser.add_argument("--resamples", type=int, default=1_000)
    parser.add_argument("--stat", choices=("median", "mean"), default="median")
    parser.add_argument("--ranks", action="store_true", help="the Mann-Whitney option's rank scores")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs of each (the best counts)")
    parser.add_argument("--seed", type=int, default=20_251_001)
    args = parser.parse_args()

    pooled, sizes = sample(args.posts, args.seed)
    options = {"stat": args.stat, "ranks": args.ranks, "n_resamples": args.resamples}
    contenders: dict[str, Callable[[], Result]] = {
        "before": lambda: baseline_batch(pooled, sizes, rng=np.random.default_rng(args.seed), **options),
        "after": lambda: stats.max_statistic_batch(pooled, sizes, rng=np.random.default_rng(args.seed), **options),
    }  # fmt: skip
    print(
        f"{args.posts:,} posts in {len(sizes)} groups {sizes}, {args.resamples:,} resamples, "
        f"stat {args.stat}{', ranks' if args.ranks else ''}"
    )
    times: dict[str, list[float]] = {name: [] for name in contenders}
    results: dict[str, Result] = {}
    for _ in range(args.repeat):
        for name, run in contenders.items():  # alternately, so that a busy moment hits both
            seconds, results[name] = cpu_seconds(run)
            times[name].append(seconds)
    peaks = {name: peak_bytes(run) for name, run in contenders.items()}
    for name in contenders:
        print(
            f"{name:>7}: {min(times[name]):6.2f} s CPU (best of {args.repeat}), {peaks[name] / 2**20:7.1f} MB peak"
        )
    before, after = min(times["before"]), min(times["after"])
    print(f"  ratio: {before / after:.1f}x faster, {peaks['before'] / peaks['after']:.0f}x less memory")
    same = all(a.tobytes() == b.tobytes() for a, b in zip(results["before"], results["after"], strict=True))
    print(f"  same p-values, critical value and top group, bit for bit: {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
