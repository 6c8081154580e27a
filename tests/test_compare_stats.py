"""The comparison's error rates and coverages, measured by simulation on data where the truth is known.

Each simulation's band is three binomial standard errors around the nominal
rate, so a correct method fails about 3 times in 1,000 runs of the suite (the
seeds are fixed, so in practice never) and the old procedure, at 6.8-9.1 %,
falls outside it.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pytest

from outreach.analysis import stats
from outreach.analysis.compare import compare
from outreach.analysis.stats import (
    MaxTest,
    _splits,
    average_ranks,
    bca_interval,
    binomial_half_cdf,
    count_splits,
    critical_value,
    max_statistic_batch,
    max_statistic_test,
    mean_rows_in_order,
    median_interval,
    median_interval_ranks,
    median_rows,
    rank_sum_exact_p,
    significance,
    student_quantile,
)

ALPHA = 0.05


def _band(rate: float, runs: int) -> tuple[float, float]:
    spread = 3 * math.sqrt(rate * (1 - rate) / runs)
    return rate - spread, rate + spread


def _null_rejection_rate(groups: int, size: int, runs: int, draws: int, ranks: bool = False) -> float:
    """Share of null data sets (all groups from one skewed distribution) with any adjusted p < 0.05."""
    rng = np.random.default_rng([groups, size, ranks])
    data = rng.lognormal(size=(runs, groups * size))
    p, _, _ = max_statistic_batch(data, [size] * groups, n_resamples=draws, ranks=ranks, rng=rng)
    return float(np.mean(np.nanmin(p, axis=1) < ALPHA))


# With 199 random permutations, p = (1 + hits) / 200 < 0.05 needs hits <= 8: the test's exact
# level is then 9/200 = 4.5 % (10,000 permutations, the default, give 4.99 %).
NOMINAL_199 = 9 / 200


@pytest.mark.parametrize(
    "groups, size, runs",
    [(3, 10, 2000), (7, 20, 1000)],  # the cases: 6.8 % and 9.1 % with Holm after picking the best
)
def test_false_positive_rate_holds_when_the_best_group_is_picked_from_the_data(groups, size, runs):
    rate = _null_rejection_rate(groups, size, runs, draws=199)
    low, high = _band(NOMINAL_199, runs)
    assert low <= rate <= high, rate
    assert rate < 0.065  # the old procedure's 6.8 % and 9.1 % are out


def test_false_positive_rate_of_the_rank_version():
    rate = _null_rejection_rate(3, 10, 1000, draws=199, ranks=True)
    low, high = _band(NOMINAL_199, 1000)
    assert low <= rate <= high, rate


def test_whole_comparison_holds_its_level():
    # End to end: compare() itself, its verdicts, the top group picked by the median.
    runs = 200  # compare() also runs the two-group tests and intervals: fewer runs, a wider band
    found = 0
    for seed in range(runs):
        rng = np.random.default_rng([seed, 99])
        groups = {name: rng.lognormal(size=10) for name in ("pagi", "siang", "malam")}
        result = compare(groups, n_resamples=199, seed=seed)
        found += any(g.verdict_code == "clearly_lower" for g in result.groups)
        assert result.best is None or result.group(result.best).verdict_code == "best"
    low, high = _band(NOMINAL_199, runs)
    assert low <= found / runs <= high


def test_small_groups_are_exact_not_approximate():
    # 2 against 3 posts: all C(5,2) = 10 splits; the most extreme is 2 of them (p = 0.2).
    test = max_statistic_test([np.array([10.0, 11.0]), np.array([1.0, 2.0, 3.0])])
    assert test.exact and test.permutations == 10 and count_splits([2, 3]) == 10
    assert test.p_adjusted[1] == pytest.approx(0.2)
    assert math.isnan(test.p_adjusted[test.top])
    # 3 x 3 x 3: 9!/(3!3!3!) = 1,680 splits, all enumerated.
    three = max_statistic_test([np.arange(3.0), np.arange(3.0) + 3, np.arange(3.0) + 6])
    assert three.exact and three.permutations == 1680


def test_critical_value_matches_the_adjusted_p():
    rng = np.random.default_rng(5)
    for trial in range(20):
        groups = [rng.lognormal(mean=0.6 * (k == 0) * (trial % 3), size=6 + k) for k in range(4)]
        test = max_statistic_test(groups, n_resamples=499, rng=np.random.default_rng(trial))
        sizes = np.array([g.size for g in groups])
        medians = np.array([np.median(g) for g in groups])
        for k in range(4):
            if k == test.top:
                continue
            half = test.critical * math.sqrt(1 / sizes[test.top] + 1 / sizes[k])
            excludes = abs(medians[k] - medians[test.top]) > half
            assert excludes == (test.p_adjusted[k] < significance(0.95))


def test_significance_has_no_float_residue():
    assert 1 - 0.95 != 0.05 and significance(0.95) == 0.05


# --------------------------------------------------------------------------- intervals


def test_order_statistic_ranks_by_hand():
    # n = 20: P(B <= 5) = 21700 / 2^20 = 0.0207, so [x(6), x(15)] covers 1 - 2 x 0.0207 = 95.86 %.
    assert median_interval_ranks(20) == (6, 15, pytest.approx(1 - 2 * 21700 / 2**20))
    assert median_interval_ranks(7) == (1, 7, pytest.approx(1 - 2 / 128))
    assert median_interval_ranks(6) == (1, 6, pytest.approx(1 - 2 / 64))
    assert median_interval_ranks(5) is None  # [min, max] covers only 93.75 %
    assert binomial_half_cdf(2).tolist() == [0.25, 0.75, 1.0]
    assert median_interval(np.array([3.0, 1.0, 2.0])) == (-math.inf, math.inf)
    assert all(math.isnan(x) for x in median_interval(np.array([])))


@pytest.mark.parametrize("n, exact", [(3, 1.0), (7, 1 - 2 / 128), (20, 1 - 2 * 21700 / 2**20)])
@pytest.mark.parametrize("distribution", ["lognormal", "counts"])
def test_median_interval_coverage(n, exact, distribution):
    # The percentile bootstrap covered the median 76 % of the time at n = 3 and 87 % at n = 7.
    runs = 4000
    rng = np.random.default_rng([n, len(distribution)])
    if distribution == "lognormal":
        data, truth = rng.lognormal(size=(runs, n)), 1.0  # median e^0
    else:
        data, truth = rng.poisson(2.0, size=(runs, n)).astype(float), 2.0  # ties everywhere
    covered = sum(low <= truth <= high for low, high in (median_interval(row) for row in data))
    rate = covered / runs
    assert rate >= 0.95 - 3 * math.sqrt(0.95 * 0.05 / runs)
    if distribution == "lognormal" and exact < 1:
        low, high = _band(exact, runs)
        assert low <= rate <= high  # continuous data: the binomial coverage, exactly


@pytest.mark.parametrize("n", [7, 20])
def test_mean_interval_coverage_is_close_to_nominal(n):
    # No interval of a mean is exact for every distribution; on normal data the expanded BCa
    # interval covers about 93-94 % (the percentile bootstrap about 88 % at n = 7).
    runs = 600
    rng = np.random.default_rng([n, 7])
    covered = 0
    for _ in range(runs):
        values = rng.normal(size=n)
        boots = values[rng.integers(0, n, size=(1000, n))].mean(axis=1)
        low, high = bca_interval(values, boots)
        covered += low <= 0.0 <= high
    assert covered / runs >= 0.95 - 0.03


def test_student_quantile():
    assert student_quantile(0.975, 1) == pytest.approx(12.706, abs=1e-3)
    assert student_quantile(0.975, 2) == pytest.approx(4.303, abs=1e-3)
    assert student_quantile(0.975, 6) == pytest.approx(2.447, abs=2e-3)
    assert student_quantile(0.975, 19) == pytest.approx(2.093, abs=1e-3)


def test_rank_sum_exact_agrees_with_enumeration():
    from itertools import combinations

    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 4, size=4).astype(float), rng.integers(0, 5, size=5).astype(float)
    pooled = np.concatenate([x, y])
    order = np.argsort(pooled, kind="mergesort")
    ranks = np.empty(9)
    ranks[order] = np.arange(1, 10)
    for value in np.unique(pooled):  # average ranks of ties
        ranks[pooled == value] = ranks[pooled == value].mean()
    sums = np.array([ranks[list(c)].sum() for c in combinations(range(9), 4)])
    expected = 4 * 5.0
    observed = ranks[:4].sum()
    brute = np.mean(np.abs(sums - expected) >= abs(observed - expected) - 1e-9)
    assert rank_sum_exact_p(x, y) == pytest.approx(brute)


# --------------------------------------------------------------------------- same numbers as before

# The max-statistic test as it was before the permutations were dealt out in chunks (commit 1e869f8,
# outreach/analysis/stats.py), verbatim: it drew all permutations' index orders at once and took
# np.median of copies. Run in a namespace of its own so that its names do not shadow the module's;
# the helpers it calls that did not change come from the module.
ORIGINAL_SOURCE = r'''
def _group_stats(arranged: np.ndarray, edges: np.ndarray, stat: str) -> np.ndarray:
    """(rows x groups) statistic of each block of columns edges[k]:edges[k+1]."""
    function = np.median if stat == "median" else np.mean
    columns = [function(arranged[:, a:b], axis=1) for a, b in pairwise(edges)]
    return np.column_stack(columns)


def _max_over_top(
    stats: np.ndarray, scores: np.ndarray, sizes: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """Per row: the largest |score(top) - score(g)| / sqrt(1/n_top + 1/n_g), the top picked by ``stats``."""
    masked = np.where(candidates[None, :], stats, -np.inf)
    top = np.argmax(masked, axis=1)
    inverse = 1.0 / sizes
    weights = np.sqrt(inverse[top][:, None] + inverse[None, :])
    rows = np.arange(stats.shape[0])
    distance = np.abs(scores[rows, top][:, None] - scores) / weights
    distance[rows, top] = -np.inf
    return np.asarray(distance.max(axis=1))



def max_statistic_test(
    groups: Sequence[np.ndarray],
    *,
    stat: str = "median",
    candidates: Sequence[bool] | None = None,
    ranks: bool = False,
    n_resamples: int = 10_000,
    level: float = 0.95,
    rng: np.random.Generator | None = None,
) -> MaxTest:
    """Adjusted p-values of every group against the top group, and the simultaneous critical value.

    ``groups`` hold known values only (each at least one). The top group is the
    one with the highest ``stat`` among ``candidates`` (all by default; ties go
    to the first). Each group's score is its ``stat``, or with ``ranks`` its mean
    rank in the pooled data (a Dunn-type rank statistic, for the Mann-Whitney
    option); the evidence against "no difference" is
    |score(top) - score(g)| / sqrt(1/n_top + 1/n_g), the Tukey-Kramer scaling, so
    small and large groups weigh alike.

    Under "every post could have come from any group" each permutation deals the
    posts out again, picks the top group again and keeps the largest of those
    standardised differences. A group's adjusted p is the share of permutations
    whose maximum reaches the group's own value, exact when all
    N!/(n_1!...n_k!) splits fit in ``n_resamples``, otherwise Monte Carlo with
    p = (1 + hits) / (1 + draws), which keeps the level for any number of draws.
    Rejecting every group with p < 1 - level therefore wrongly finds "some group
    differs" in at most 1 - level of null data sets, the top-group choice
    included. ``critical`` is the matching quantile of the maximum (of the
    ``stat`` scores), so stat(g) - stat(top) ± critical × weight are
    simultaneous intervals that exclude 0 exactly when p < 1 - level
    (with ``ranks``, the interval still belongs to ``stat``).
    """
    data = [np.asarray(g, dtype=float) for g in groups]
    sizes = [g.size for g in data]
    if len(data) < 2 or min(sizes) < 1:
        raise ValueError("max_statistic_test needs at least two groups with a value each")
    pooled = np.concatenate(data)[None, :]
    if count_splits(sizes) > n_resamples:
        generator = rng if rng is not None else np.random.default_rng()
        p, critical, top = max_statistic_batch(
            pooled, sizes, stat=stat, candidates=candidates, ranks=ranks, n_resamples=n_resamples,
            level=level, rng=generator,
        )  # fmt: skip
        draws, exact = n_resamples, False
    else:
        p, critical, top = _max_statistic_exact(pooled, sizes, stat, candidates, ranks, level)
        draws, exact = count_splits(sizes), True
    weights = np.sqrt(1.0 / sizes[int(top[0])] + 1.0 / np.asarray(sizes, dtype=float))
    weights[int(top[0])] = math.nan
    return MaxTest(int(top[0]), p[0], float(critical[0]), weights, int(draws), exact)


def max_statistic_batch(
    pooled: np.ndarray,
    sizes: Sequence[int],
    *,
    stat: str = "median",
    candidates: Sequence[bool] | None = None,
    ranks: bool = False,
    n_resamples: int = 10_000,
    level: float = 0.95,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``max_statistic_test`` with random permutations for many data sets at once.

    ``pooled`` is (data sets x posts), each row the groups' values one after the
    other in ``sizes``. Returns the adjusted p-values (data sets x groups, NaN at
    the top group), the critical values and the top groups. The single test uses
    it with one row; simulations of the error rate use it with thousands.
    """
    pooled = np.asarray(pooled, dtype=float)
    sets, n = pooled.shape
    context = _Context(pooled, sizes, stat, candidates, ranks)
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
        p[part], critical[part] = _adjust(
            observed[part], top[part], maxima.reshape(count, n_resamples),
            stat_maxima.reshape(count, n_resamples), exact=False, level=level,
        )  # fmt: skip
    return p, critical, top


def _max_statistic_exact(
    pooled: np.ndarray,
    sizes: Sequence[int],
    stat: str,
    candidates: Sequence[bool] | None,
    ranks: bool,
    level: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As ``max_statistic_batch`` (one data set), over every split instead of random ones."""
    context = _Context(pooled, sizes, stat, candidates, ranks)
    observed, top = context.observed()
    n = pooled.shape[1]
    rows = max(1, _CHUNK_CELLS // n)
    maxima: list[np.ndarray] = []
    stat_maxima: list[np.ndarray] = []
    block: list[list[int]] = []
    splits = _splits(list(sizes))
    while True:
        block = [order for _, order in zip(range(rows), splits)]
        if not block:
            break
        orders = np.array(block, dtype=np.intp)
        first, second = context.maxima(np.zeros(len(block), dtype=np.intp), orders)
        maxima.append(first)
        stat_maxima.append(second)
    return (
        *_adjust(observed, top, np.concatenate(maxima)[None, :], np.concatenate(stat_maxima)[None, :],
                 exact=True, level=level),
        top,
    )  # fmt: skip


class _Context:
    """The data sets, their group layout and scores, shared by the observed data and its permutations."""

    def __init__(
        self, pooled: np.ndarray, sizes: Sequence[int], stat: str, candidates: Sequence[bool] | None,
        ranks: bool,
    ) -> None:  # fmt: skip
        self.pooled = pooled
        self.sizes = np.asarray(sizes, dtype=float)
        self.edges = np.r_[0, np.cumsum(np.asarray(sizes, dtype=int))]
        self.stat = stat
        k = len(sizes)
        self.mask = np.ones(k, dtype=bool) if candidates is None else np.asarray(candidates, dtype=bool)
        if not self.mask.any():
            raise ValueError("at least one group must be a candidate for the top")
        self.ranks = np.vstack([average_ranks(row)[0] for row in pooled]) if ranks else None

    def _scores(self, values: np.ndarray, rank_values: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        stats = _group_stats(values, self.edges, self.stat)
        scores = stats if rank_values is None else _group_stats(rank_values, self.edges, "mean")
        return stats, scores

    def observed(self) -> tuple[np.ndarray, np.ndarray]:
        """Per data set: each group's standardised distance to the top group, and the top group."""
        stats, scores = self._scores(self.pooled, self.ranks)
        top = np.argmax(np.where(self.mask[None, :], stats, -np.inf), axis=1)
        rows = np.arange(stats.shape[0])
        weights = np.sqrt(1.0 / self.sizes[top][:, None] + 1.0 / self.sizes[None, :])
        return np.abs(scores[rows, top][:, None] - scores) / weights, top

    def maxima(self, which: np.ndarray, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per permutation (row ``which`` of the data dealt out in ``orders``): the maximum of the
        test's scores, and of the statistic (for the intervals)."""
        values = self.pooled[which[:, None], orders]
        stats = _group_stats(values, self.edges, self.stat)
        by_stat = _max_over_top(stats, stats, self.sizes, self.mask)
        if self.ranks is None:
            return by_stat, by_stat
        scores = _group_stats(self.ranks[which[:, None], orders], self.edges, "mean")
        return _max_over_top(stats, scores, self.sizes, self.mask), by_stat


def _adjust(
    observed: np.ndarray,
    top: np.ndarray,
    maxima: np.ndarray,
    stat_maxima: np.ndarray,
    *,
    exact: bool,
    level: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Adjusted p-values (data sets x groups) and critical values from the permutation maxima."""
    draws = maxima.shape[1]
    threshold = observed - _TOLERANCE * np.maximum(1.0, observed)
    hits = np.count_nonzero(maxima[:, None, :] >= threshold[:, :, None], axis=2)
    p = hits / draws if exact else (1.0 + hits) / (1.0 + draws)
    p = np.minimum(1.0, p.astype(float))
    p[np.arange(p.shape[0]), top] = math.nan
    return p, np.array([critical_value(row, exact=exact, level=level) for row in stat_maxima])
'''


def _original() -> dict[str, object]:
    namespace: dict[str, object] = {
        "math": math, "np": np, "Sequence": Sequence, "pairwise": pairwise, "MaxTest": MaxTest,
        "average_ranks": average_ranks, "count_splits": count_splits, "_splits": _splits,
        "critical_value": critical_value, "_CHUNK_CELLS": 1_000_000, "_TOLERANCE": 1e-9,
    }  # fmt: skip
    exec(ORIGINAL_SOURCE, namespace)  # noqa: S102 - the constant text above, nothing from outside
    return namespace


ORIGINAL = _original()


def _values(kind: str, sizes: list[int], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng([seed, len(sizes), *sizes])
    if kind == "lognormal":
        return [rng.lognormal(size=n) for n in sizes]
    if kind == "counts":  # many ties
        return [rng.poisson(3.0, size=n).astype(float) for n in sizes]
    if kind == "rates":  # engagement rates to three decimals: ties among continuous values
        return [np.round(rng.lognormal(-4.0, 1.0, size=n), 3) for n in sizes]
    if kind == "constant":
        return [np.ones(n) for n in sizes]
    if kind == "signed":  # negatives, and zeros of both signs
        groups = [np.round(rng.normal(size=n), 1) for n in sizes]
        for g in groups:
            g[g == 0] = -0.0
            g[::4] = 0.0
        return groups
    if kind == "shifted":
        return [rng.lognormal(mean=0.5 * (k == 0), size=n) for k, n in enumerate(sizes)]
    if kind == "unknown":  # NaN inside: not a supported input, but it must not change either
        groups = [rng.lognormal(size=n) for n in sizes]
        groups[1][3] = math.nan
        return groups
    raise ValueError(kind)


# (kind of values, group sizes, options); the exact cases have at most n_resamples splits.
GOLDEN_CASES = [
    ("lognormal", [40, 25, 60, 15, 30], {}),
    ("counts", [12, 15, 9], {}),
    ("rates", [200, 150, 90, 30], {}),
    ("lognormal", [1, 40, 1, 25], {}),
    ("lognormal", [2000, 3, 1, 500], {}),
    ("counts", [1, 1, 30], {}),
    ("lognormal", [40, 25, 60], {"stat": "mean"}),
    ("counts", [20, 14, 9, 30], {"stat": "mean"}),
    ("lognormal", [30, 21, 12], {"ranks": True}),
    ("counts", [16, 25, 9, 4], {"ranks": True}),
    ("counts", [16, 25, 9], {"ranks": True, "stat": "mean"}),
    ("lognormal", [30, 20, 25, 10], {"candidates": [True, False, True, False]}),
    ("constant", [10, 12, 7], {}),
    ("signed", [21, 18, 30], {}),
    ("signed", [22, 19], {"stat": "mean"}),
    # More than 8,192 values in a group: numpy sums a row in blocks of that many.
    ("lognormal", [9500, 300, 40], {"stat": "mean", "n_resamples": 60}),
    ("lognormal", [9500, 301, 40], {"n_resamples": 60}),
    ("shifted", [35, 35], {}),
    ("lognormal", [17, 23, 11], {"level": 0.9}),
    ("lognormal", [2, 3], {}),
    ("counts", [3, 3, 3], {"n_resamples": 2000}),
    ("counts", [1, 1, 4], {"ranks": True}),
    ("lognormal", [2, 2, 3], {"stat": "mean", "candidates": [False, True, True]}),
    ("lognormal", [1, 12], {"stat": "mean"}),  # exact, and a group long enough for pairwise sums
    ("rates", [2, 10], {"stat": "mean", "ranks": True}),
    ("lognormal", [40, 30], {"stat": "mean", "n_resamples": 1}),
    ("lognormal", [40, 30, 9], {"stat": "mean", "n_resamples": 2}),
    ("unknown", [20, 15, 10], {}),
]


def _as_bytes(test: MaxTest) -> tuple[object, ...]:
    """Every field of the result, floats as their bits (so -0.0 differs from 0.0 and NaN equals NaN)."""
    return (
        test.top, np.asarray(test.p_adjusted).tobytes(), np.float64(test.critical).tobytes(),
        np.asarray(test.weights).tobytes(), test.permutations, test.exact,
    )  # fmt: skip


# Permutations per chunk: the default (8 MB), one, 37 (999 = 27 x 37), and 998 then a last one.
@pytest.mark.parametrize("chunk_rows", [None, 1, 37, 998])
@pytest.mark.parametrize("kind, sizes, options", GOLDEN_CASES)
def test_max_statistic_test_gives_the_numbers_of_the_original(kind, sizes, options, chunk_rows, monkeypatch):
    if chunk_rows is not None:
        monkeypatch.setattr(stats, "_CHUNK_CELLS", chunk_rows * sum(sizes) + sum(sizes) - 1)
    options = {"n_resamples": 999, **options}
    for seed in (0, 1, 20_251_001) if chunk_rows is None else (20_251_001,):
        groups = _values(kind, sizes, seed)
        new_rng, old_rng = np.random.default_rng(seed), np.random.default_rng(seed)
        new = max_statistic_test(groups, rng=new_rng, **options)
        old = ORIGINAL["max_statistic_test"](groups, rng=old_rng, **options)  # type: ignore[operator]
        assert _as_bytes(new) == _as_bytes(old), (kind, sizes, options, seed)
        # The same draws were used up: whatever the caller draws next is the same too.
        assert new_rng.bit_generator.state == old_rng.bit_generator.state
        assert new.exact == (count_splits(sizes) <= options["n_resamples"])


@pytest.mark.parametrize("chunk_rows", [150, 199, 1000, None])  # chunks across data sets, at them, default
@pytest.mark.parametrize(
    "stat, ranks", [("median", False), ("mean", False), ("median", True), ("mean", True)]
)
def test_max_statistic_batch_gives_the_numbers_of_the_original(stat, ranks, chunk_rows, monkeypatch):
    sizes = [5, 7, 6]
    if chunk_rows is not None:
        monkeypatch.setattr(stats, "_CHUNK_CELLS", chunk_rows * sum(sizes))
    for seed in (3, 4):
        data = np.random.default_rng(seed).lognormal(size=(40, sum(sizes)))
        data[::5] = np.round(data[::5], 1)  # ties in some data sets
        new_rng, old_rng = np.random.default_rng(seed), np.random.default_rng(seed)
        options = {"stat": stat, "ranks": ranks, "n_resamples": 199}
        new = max_statistic_batch(data, sizes, rng=new_rng, **options)
        old = ORIGINAL["max_statistic_batch"](data, sizes, rng=old_rng, **options)  # type: ignore[operator]
        assert [a.tobytes() for a in new] == [a.tobytes() for a in old]
        assert new_rng.bit_generator.state == old_rng.bit_generator.state


def test_chunks_continue_the_stream_of_one_permuted_call():
    # What the chunking rests on: Generator.permuted shuffles row after row, with draws that
    # depend only on the row length, so shuffling values in chunks of rows gives the values in
    # the index orders of one call on every row, and leaves the generator where that call does.
    values = np.random.default_rng(1).lognormal(size=23)
    whole, chunked = np.random.default_rng(9), np.random.default_rng(9)
    orders = whole.permuted(np.broadcast_to(np.arange(23), (100, 23)), axis=1)
    parts = []
    for rows in (1, 30, 7, 62):
        part = np.broadcast_to(values, (rows, 23)).copy()
        parts.append(chunked.permuted(part, axis=1, out=part))
    assert np.array_equal(np.concatenate(parts), values[orders])
    assert whole.bit_generator.state == chunked.bit_generator.state


@pytest.mark.parametrize("width", range(1, 10))
def test_median_rows_is_np_median_bit_for_bit(width):
    rng = np.random.default_rng(width)
    block = np.round(rng.normal(size=(500, width)), 1)  # ties and zeros
    block[rng.random(block.shape) < 0.2] = -0.0
    expected = np.median(block, axis=1)
    assert median_rows(block.copy()).tobytes() == expected.tobytes()


@pytest.mark.parametrize("width", [1, 2, 7, 8, 9, 100, 9000])
def test_mean_rows_in_order_is_np_mean_of_a_column_major_matrix(width):
    rng = np.random.default_rng(width)
    block = rng.lognormal(size=(6, width))
    block[0] = -0.0
    block[1, ::2] = -0.0
    expected = np.mean(np.asfortranarray(block), axis=1)
    assert mean_rows_in_order(block).tobytes() == expected.tobytes()


def test_memory_does_not_grow_with_the_resamples():
    # 20,000 posts x 300 resamples: all permutations at once took 3 x 48 MB (orders, values, copy).
    groups = [np.random.default_rng(k).lognormal(size=n) for k, n in enumerate([9000, 6000, 4000, 1000])]
    tracemalloc.start()
    try:
        max_statistic_test(groups, n_resamples=300, rng=np.random.default_rng(0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 2**20, peak
