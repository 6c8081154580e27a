"""Exact and distribution-free statistics for comparing small groups of posts.

Pure numpy, no scipy: the distributions needed here are small enough to compute
exactly.

- ``median_interval``: the order-statistic interval of a median. Its coverage is
  a binomial sum that does not depend on the distribution of the values, so it
  is exact (at least ``level``) for any n; below 6 values no pair of order
  statistics reaches 95 %, and the honest interval is unbounded.
- ``bca_interval``: the bias-corrected and accelerated bootstrap interval of a
  mean (better small-sample coverage than the percentile interval).
- ``rank_sum_exact_p``: the exact two-sided permutation distribution of the
  Mann-Whitney statistic, ties included (1 post against 3 gives p = 0.5).
- ``max_statistic_test``: compares every group with the top group while
  holding the family-wise error rate although the top group is picked from the
  data: in every permutation of the posts over the groups the top group is
  picked again and the largest standardised difference to it is kept. The same
  permutation distribution gives the adjusted p-values and the critical value
  of simultaneous intervals, so an interval excludes 0 exactly when the
  adjusted p is below 1 - level.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import combinations, pairwise
from typing import NamedTuple

import numpy as np

# Permutations are dealt out and scored at most this many cells at a time (8 MB of float64),
# so a test's memory does not grow with its number of resamples.
_CHUNK_CELLS = 1_000_000
# Differences within this relative distance of the observed one count as "as extreme".
_TOLERANCE = 1e-9


def significance(level: float) -> float:
    """1 - level without float residue (1 - 0.95 is 0.050000000000000044), so p = 0.05 is not below it."""
    return round(1.0 - level, 10)


class Bounds(NamedTuple):
    """An interval; ±inf when no finite interval reaches the level, NaN when undefined."""

    low: float
    high: float


# --------------------------------------------------------------------------- one group


EXACT_BINOMIAL_MAX_N = 1_000


def binomial_half_cdf(n: int) -> np.ndarray:
    """P(B <= k) for k = 0..n, B ~ Binomial(n, 1/2): exactly with integers up to 1,000 trials
    (int / int division never overflows a float), in log space beyond."""
    if n <= EXACT_BINOMIAL_MAX_N:
        total = 2**n
        return np.array([c / total for c in np.cumsum([math.comb(n, k) for k in range(n + 1)])])
    k = np.arange(n + 1)
    log_pmf = (
        math.lgamma(n + 1)
        - np.array([math.lgamma(i + 1) + math.lgamma(n - i + 1) for i in k])
        - n * math.log(2.0)
    )
    return np.minimum(np.cumsum(np.exp(log_pmf)), 1.0)


@lru_cache(maxsize=256)
def median_interval_ranks(n: int, level: float = 0.95) -> tuple[int, int, float] | None:
    """1-based ranks (j, n + 1 - j) of the narrowest symmetric order-statistic interval
    with coverage >= ``level``, and that coverage; None when even [min, max] falls short.

    [x(j), x(n+1-j)] misses the median only when fewer than j values lie below it or
    fewer than j above it, so its coverage is 1 - 2 P(B <= j - 1), B ~ Bin(n, 1/2),
    whatever the distribution (ties only make a closed interval cover more often).
    """
    if n < 1:
        return None
    cdf = binomial_half_cdf(n)
    best: tuple[int, int, float] | None = None
    for j in range(1, (n + 1) // 2 + 1):
        coverage = 1.0 - 2.0 * float(cdf[j - 1])  # P(j <= B <= n - j), by symmetry
        if coverage < level:
            break
        best = (j, n + 1 - j, coverage)
    return best


def median_interval(values: np.ndarray, level: float = 0.95) -> Bounds:
    """Distribution-free interval of the median of known ``values`` (finite floats).

    Unbounded (-inf, inf) when the group is too small for any order-statistic
    interval to reach ``level`` (n <= 5 at 95 %); NaN when there is no value.
    """
    data = np.sort(np.asarray(values, dtype=float))
    ranks = median_interval_ranks(data.size, level)
    if data.size == 0:
        return Bounds(math.nan, math.nan)
    if ranks is None:
        return Bounds(-math.inf, math.inf)
    j, k, _ = ranks
    return Bounds(float(data[j - 1]), float(data[k - 1]))


def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _normal_quantile(p: float) -> float:
    """Inverse of the standard normal CDF (bisection on erf; exact to ~1e-12)."""
    low, high = -40.0, 40.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if _normal_cdf(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


def student_quantile(p: float, df: int) -> float:
    """Student's t quantile: exact for 1 and 2 degrees of freedom, Cornish-Fisher beyond (error < 0.5 %)."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2.0 * p - 1.0) / math.sqrt(2.0 * p * (1.0 - p))
    z = _normal_quantile(p)
    terms = (
        (z**3 + z) / 4.0,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96.0,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384.0,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160.0,
    )
    return z + sum(term / df ** (power + 1) for power, term in enumerate(terms))


def bca_interval(values: np.ndarray, boots: np.ndarray, level: float = 0.95) -> Bounds:
    """Expanded BCa bootstrap interval of the mean of ``values`` from bootstrap means ``boots``.

    Bias correction z0 from the share of bootstrap means below the estimate,
    acceleration from the jackknife (Efron 1987). The plain bootstrap is too
    narrow for small groups (its spread is that of n, not n - 1, values and it
    ignores that the spread itself is estimated), so the normal quantile is
    expanded to sqrt(n / (n - 1)) times Student's t quantile with n - 1 degrees
    of freedom (Hesterberg's expanded percentile interval, 2015), applied inside
    BCa. NaN below two values.
    """
    data = np.asarray(values, dtype=float)
    n = data.size
    if n < 2 or boots.size == 0:
        return Bounds(math.nan, math.nan)
    estimate = float(np.mean(data))
    if np.all(boots == boots[0]):
        return Bounds(float(boots[0]), float(boots[0]))
    below = float(np.count_nonzero(boots < estimate) + 0.5 * np.count_nonzero(boots == estimate)) / boots.size
    below = min(max(below, 1.0 / (boots.size + 1)), boots.size / (boots.size + 1))
    z0 = _normal_quantile(below)
    jackknife = (data.sum() - data) / (n - 1)
    spread = jackknife.mean() - jackknife
    denominator = 6.0 * float(np.sum(spread**2)) ** 1.5
    acceleration = float(np.sum(spread**3)) / denominator if denominator > 0 else 0.0
    alpha = 1.0 - level
    quantiles = []
    expansion = math.sqrt(n / (n - 1)) * student_quantile(1.0 - alpha / 2.0, n - 1)
    for sign in (-1.0, 1.0):
        z = sign * expansion
        adjusted = z0 + (z0 + z) / (1.0 - acceleration * (z0 + z))
        quantiles.append(_normal_cdf(adjusted))
    low, high = np.quantile(boots, quantiles)
    return Bounds(float(low), float(high))


# --------------------------------------------------------------------------- two groups


def average_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks 1..n with ties given their average rank, and the size of each tie group."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, ordered.size])
    # Positions starts..starts+size-1 (1-based ranks starts+1..starts+size) share their mean.
    average = starts + (sizes + 1) / 2.0
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(average, sizes)
    return ranks, sizes


def rank_sum_exact_p(x: np.ndarray, y: np.ndarray) -> float:
    """Exact two-sided p of the Mann-Whitney test: P(|S - E S| >= |s - E S|) over all splits.

    S is the rank sum of the first group under every way of splitting the pooled
    (tie-averaged) ranks into groups of the observed sizes, counted by dynamic
    programming over doubled (integer) ranks, so ties are handled exactly.
    """
    n1, n2 = x.size, y.size
    if n1 == 0 or n2 == 0:
        return math.nan
    ranks, _ = average_ranks(np.concatenate([x, y]))
    doubled = np.rint(2.0 * ranks).astype(np.int64)
    total = int(doubled[:n1].sum())
    small = min(n1, n2)
    # Count subsets of the smaller size; the other group's sum follows.
    if n2 < n1:
        total = int(doubled.sum()) - total
    top = int(doubled.sum())
    counts = np.zeros((small + 1, top + 1))
    counts[0, 0] = 1.0
    for rank in doubled:
        # Descending k so that each rank is used at most once per subset.
        counts[1:, rank:] += counts[:-1, : top + 1 - rank]
    distribution = counts[small]
    sums = np.arange(top + 1)
    expected = small * (doubled.sum() / (n1 + n2))
    distance = abs(total - expected)
    extreme = np.abs(sums - expected) >= distance - _TOLERANCE * max(1.0, distance)
    return float(min(1.0, distribution[extreme].sum() / distribution.sum()))


# --------------------------------------------------------------------------- many groups


class MaxTest(NamedTuple):
    """The max-statistic permutation test of every group against the top group."""

    top: int  # index of the top group (highest statistic among the candidates)
    p_adjusted: np.ndarray  # per group; NaN for the top group
    critical: float  # simultaneous half-width = critical * weight (inf: no interval reaches the level)
    weights: np.ndarray  # per group: sqrt(1/n_top + 1/n_g) (NaN for the top group)
    permutations: int
    exact: bool


def _group_stats(arranged: np.ndarray, edges: np.ndarray, stat: str) -> np.ndarray:
    """(rows x groups) statistic of each block of columns edges[k]:edges[k+1]."""
    function = np.median if stat == "median" else np.mean
    columns = [function(arranged[:, a:b], axis=1) for a, b in pairwise(edges)]
    return np.column_stack(columns)


def median_rows(block: np.ndarray) -> np.ndarray:
    """``np.median(block, axis=1)`` bit for bit for NaN-free rows, partitioning ``block`` in place.

    np.median copies the block and partitions once more to look for NaN; the order
    statistics it averages are the same values whatever else the partition moves.
    """
    half = block.shape[1] // 2
    if block.shape[1] % 2:
        block.partition(half, axis=1)
        # np.median takes the mean of the one middle value, which adds it to 0.0: -0.0 becomes 0.0.
        return block[:, half] + 0.0
    block.partition((half - 1, half), axis=1)
    return np.asarray(np.mean(block[:, half - 1 : half + 1], axis=1))


def mean_rows_in_order(block: np.ndarray) -> np.ndarray:
    """Each row's mean summed from left to right, as np.mean sums the rows of a column-major
    matrix (a contiguous row it sums pairwise, which rounds differently)."""
    # np.mean starts its sum at 0.0, so a row of -0.0 has the mean 0.0.
    return (np.cumsum(block, axis=1)[:, -1] + 0.0) / block.shape[1]


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


def _splits(sizes: Sequence[int]) -> Iterator[list[int]]:
    """Every assignment of positions 0..N-1 to groups of ``sizes``, as a column order."""

    def rest(remaining: tuple[int, ...], k: int) -> Iterator[list[int]]:
        if k == len(sizes) - 1:
            yield list(remaining)
            return
        for chosen in combinations(remaining, sizes[k]):
            left = tuple(i for i in remaining if i not in chosen)
            for tail in rest(left, k + 1):
                yield [*chosen, *tail]

    yield from rest(tuple(range(sum(sizes))), 0)


def count_splits(sizes: Sequence[int]) -> int:
    """N! / (n_1! ... n_k!): the ways to deal the pooled posts out to groups of these sizes."""
    total, out = 0, 1
    for size in sizes:
        total += size
        out *= math.comb(total, size)
    return out


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

    The permutations are those of one ``rng.permuted`` call on all data sets x
    ``n_resamples`` rows (data set after data set), dealt out a few rows at a time:
    ``permuted`` shuffles row after row with draws that depend only on the row
    length, so chunks continue the same stream and shuffling the values gives the
    values in the shuffled index order. Memory stays at a few chunks of values
    whatever the size of the groups and the number of resamples.
    """
    pooled = np.asarray(pooled, dtype=float)
    sets, n = pooled.shape
    context = _Context(pooled, sizes, stat, candidates, ranks)
    observed, top = context.observed()
    total = sets * n_resamples
    maxima = np.empty(total)
    stat_maxima = np.empty(total)
    rows = max(1, _CHUNK_CELLS // n)  # permutations per chunk
    # A chunk's values are shuffled in this one buffer (the rank version gathers its own).
    buffer = np.empty((0 if ranks else min(rows, total), n))
    for start in range(0, total, rows):
        stop = min(total, start + rows)
        which = np.arange(start, stop) // n_resamples  # the data set of each permutation
        maxima[start:stop], stat_maxima[start:stop] = context.shuffled_maxima(
            which, rng, buffer, in_order=total > 1
        )
    maxima = maxima.reshape(sets, n_resamples)
    stat_maxima = stat_maxima.reshape(sets, n_resamples)
    p = np.empty((sets, len(sizes)))
    critical = np.empty(sets)
    block = max(1, _CHUNK_CELLS // (len(sizes) * n_resamples))  # data sets per comparison matrix
    for first in range(0, sets, block):
        part = slice(first, min(sets, first + block))
        p[part], critical[part] = _adjust(
            observed[part], top[part], maxima[part], stat_maxima[part], exact=False, level=level
        )
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
        # Partitioning in place gives np.median's numbers only without NaN (np.median's NaN
        # check is what it partitions once more for), so data with NaN keep np.median.
        self.in_place = stat == "median" and not np.isnan(pooled).any()

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

    def shuffled_maxima(
        self, which: np.ndarray, rng: np.random.Generator, buffer: np.ndarray, *, in_order: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """``maxima`` of one random permutation of data set ``which[i]`` per row, the one
        ``rng.permuted`` deals the row's positions into; the values are shuffled in ``buffer``
        (at least rows x posts) unless the ranks must follow them. ``in_order``: see ``_stats``."""
        n = self.pooled.shape[1]
        if self.ranks is not None:
            orders = rng.permuted(np.broadcast_to(np.arange(n), (which.size, n)), axis=1)
            values = self.pooled[which[:, None], orders]
            return self._values_maxima(values, self.ranks[which[:, None], orders], in_order=in_order)
        values = buffer[: which.size]
        np.take(self.pooled, which, axis=0, out=values)
        rng.permuted(values, axis=1, out=values)
        return self._values_maxima(values, None, in_order=in_order)

    def maxima(self, which: np.ndarray, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per permutation (row ``which`` of the data dealt out in ``orders``): the maximum of the
        test's scores, and of the statistic (for the intervals)."""
        values = self.pooled[which[:, None], orders]
        rank_values = None if self.ranks is None else self.ranks[which[:, None], orders]
        return self._values_maxima(values, rank_values, in_order=False)

    def _values_maxima(
        self, values: np.ndarray, rank_values: np.ndarray | None, *, in_order: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """``maxima`` of permuted ``values`` (rows x posts, which this reorders within each group)."""
        stats = self._stats(values, in_order)
        by_stat = _max_over_top(stats, stats, self.sizes, self.mask)
        if rank_values is None:
            return by_stat, by_stat
        # Sums of (half-integer) ranks are exact in any order: np.mean whatever the layout.
        scores = _group_stats(rank_values, self.edges, "mean")
        return _max_over_top(stats, scores, self.sizes, self.mask), by_stat

    def _stats(self, values: np.ndarray, in_order: bool) -> np.ndarray:
        """(rows x groups) statistic of permuted ``values``. With ``in_order`` a mean sums each row
        from left to right: random permutations used to be gathered into a column-major matrix,
        which np.mean sums that way, and a row's pairwise sum rounds differently (with one row,
        the matrix was a row too)."""
        blocks = [values[:, a:b] for a, b in pairwise(self.edges)]
        if self.in_place:
            return np.column_stack([median_rows(block) for block in blocks])
        if self.stat == "mean" and in_order:
            return np.column_stack([mean_rows_in_order(block) for block in blocks])
        return _group_stats(values, self.edges, self.stat)


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


def critical_value(distances: np.ndarray, *, exact: bool, level: float = 0.95) -> float:
    """The value an observed statistic must exceed for its permutation p to be below 1 - ``level``.

    ``distances`` are the statistic over every split (``exact``; p = hits / N) or
    over random draws (p = (1 + hits) / (1 + B)). p < alpha holds exactly when at
    most m of them reach the observed value, i.e. when it exceeds the (m+1)-th
    largest; inf when even the largest observed value cannot reach the level.
    """
    draws = distances.size
    alpha = significance(level)
    # (the 1e-9 keeps an exact integer such as 0.05 x 200 = 10 from rounding up)
    allowed = math.ceil(alpha * draws - 1e-9) - 1 if exact else math.ceil(alpha * (1 + draws) - 1 - 1e-9) - 1
    if not 0 <= allowed < draws:
        return math.inf
    return float(-np.partition(-np.asarray(distances, dtype=float), allowed)[allowed])
