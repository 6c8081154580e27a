"""The comparison's error rates and coverages, measured by simulation on data where the truth is known.

Each simulation's band is three binomial standard errors around the nominal
rate, so a correct method fails about 3 times in 1,000 runs of the suite (the
seeds are fixed, so in practice never) and the old procedure, at 6.8-9.1 %,
falls outside it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from outreach.analysis.compare import compare
from outreach.analysis.stats import (
    bca_interval,
    binomial_half_cdf,
    count_splits,
    max_statistic_batch,
    max_statistic_test,
    median_interval,
    median_interval_ranks,
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
