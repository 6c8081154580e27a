"""Message comparison: is this group of posts really doing better than that one?

A campaign planner compares captions, post types, posting hours, pillars or PR
approaches. Groups are small and social-media metrics are skewed (one viral post
drags a mean), so the default statistic is the median, its interval comes from
order statistics and differences are tested by permutation: none of these assume
a normal distribution. The planner reads every group against the top one, which
is itself picked from the data, so the p-values and difference intervals are
adjusted for that choice (``stats.max_statistic_test``) and each group gets one
plain-words verdict built from them.

The statistical core works on plain numpy arrays; ``compare_posts`` is the glue
that reads per-post metric values at a fixed age from the database.

Conventions:
- NaN means unknown (a blank in the export, a rate with unknown reach). Unknown
  values are dropped per group and counted, never treated as 0.
- Every random draw comes from a generator seeded by ``seed`` and the group
  names, so the same data gives the same report, and one group's interval does
  not change when another group is added.
- Resampling is vectorised in chunks of index matrices so memory stays bounded
  for large groups.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any, Literal, NamedTuple

import numpy as np
from sqlalchemy import Connection

from outreach.analysis.metrics import COMPONENT_LABELS, METRICS, PostFrame, engagement_definition, post_frame
from outreach.analysis.stats import (
    average_ranks,
    bca_interval,
    critical_value,
    max_statistic_test,
    median_interval,
    rank_sum_exact_p,
    significance,
)
from outreach.config import PLATFORM_NAMES, Config
from outreach.errors import OutreachError

Stat = Literal["median", "mean"]
Test = Literal["permutation", "mann-whitney"]

STATS: tuple[str, ...] = ("median", "mean")
TESTS: tuple[str, ...] = ("permutation", "mann-whitney")
DEFAULT_SEED = 20_251_001
DEFAULT_RESAMPLES = 10_000
# Resampling work grows with posts × resamples; past this many, large comparisons (a province's
# twelve weeks) use fewer resamples, never below 1,000 (p-values to about 0.001).
RESAMPLE_WORK = 20_000_000
MIN_RESAMPLES = 1_000
DEFAULT_MIN_N = 5
# Mann-Whitney p is exact (every split counted) up to this many posts in the two groups.
EXACT_RANK_LIMIT = 60

# Resampling draws index matrices of at most this many cells at a time (8 MB of int64).
_CHUNK_CELLS = 1_000_000
DAY_SECONDS = 86_400


class Interval(NamedTuple):
    """A point estimate with the bounds of its bootstrap interval (NaN when undefined)."""

    estimate: float
    low: float
    high: float


class TestResult(NamedTuple):
    """A two-sided test: the observed statistic, its p-value and how p was obtained."""

    statistic: float
    p_value: float
    method: str  # "exact permutation", "Monte Carlo permutation (10000 resamples)", "Mann-Whitney U ..."


# --------------------------------------------------------------------------- helpers


def known(values: Any) -> np.ndarray:
    """The known (finite) values as a float array; NaN and ±inf are unknown."""
    array = np.asarray(values, dtype=float).ravel()
    return array[np.isfinite(array)]


def _statistic(stat: str) -> Callable[..., Any]:
    if stat == "median":
        return np.median
    if stat == "mean":
        return np.mean
    raise ValueError(f"unknown statistic {stat!r}; choose from {', '.join(STATS)}")


def _generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(DEFAULT_SEED if rng is None else rng)


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level}")


def _rows_per_chunk(width: int) -> int:
    return max(1, _CHUNK_CELLS // max(1, width))


def _chunks(total: int, width: int) -> list[int]:
    size = _rows_per_chunk(width)
    return [min(size, total - start) for start in range(0, total, size)]


def _bootstrap_stats(values: np.ndarray, stat: str, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """The statistic of ``n_resamples`` resamples (with replacement) of ``values``."""
    function = _statistic(stat)
    n = values.size
    out = np.empty(n_resamples)
    start = 0
    for rows in _chunks(n_resamples, n):
        index = rng.integers(0, n, size=(rows, n))
        out[start : start + rows] = function(values[index], axis=1)
        start += rows
    return out


def _percentile_bounds(stats: np.ndarray, level: float) -> tuple[float, float]:
    alpha = 1.0 - level
    low, high = np.quantile(stats, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


# --------------------------------------------------------------------------- statistical core


def bootstrap_ci(
    values: Any,
    stat: Stat = "median",
    n_resamples: int = DEFAULT_RESAMPLES,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> Interval:
    """Percentile bootstrap interval of the median (or mean) of one group.

    NaN values are dropped first. With no known value everything is NaN; with a
    single value the estimate is that value and the interval is NaN (one post
    says nothing about the spread).
    """
    _check_level(level)
    data = known(values)
    function = _statistic(stat)
    if data.size == 0:
        return Interval(math.nan, math.nan, math.nan)
    estimate = float(function(data))
    if data.size < 2:
        return Interval(estimate, math.nan, math.nan)
    stats = _bootstrap_stats(data, stat, n_resamples, _generator(rng))
    return Interval(estimate, *_percentile_bounds(stats, level))


def difference_ci(
    a: Any,
    b: Any,
    stat: Stat = "median",
    n_resamples: int = DEFAULT_RESAMPLES,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> Interval:
    """``stat(a) - stat(b)`` for two independent groups, with a percentile bootstrap interval.

    Each group is resampled on its own (they are independent posts). The
    interval is NaN unless both groups have at least two known values.
    """
    _check_level(level)
    x, y = known(a), known(b)
    function = _statistic(stat)
    if x.size == 0 or y.size == 0:
        return Interval(math.nan, math.nan, math.nan)
    estimate = float(function(x) - function(y))
    if x.size < 2 or y.size < 2:
        return Interval(estimate, math.nan, math.nan)
    generator = _generator(rng)
    diffs = _bootstrap_stats(x, stat, n_resamples, generator) - _bootstrap_stats(
        y, stat, n_resamples, generator
    )
    return Interval(estimate, *_percentile_bounds(diffs, level))


def permutation_test(
    a: Any,
    b: Any,
    stat: Stat = "median",
    n_resamples: int = DEFAULT_RESAMPLES,
    rng: np.random.Generator | int | None = None,
) -> TestResult:
    """Two-sided permutation test of ``stat(a) - stat(b)`` (NaN dropped).

    When the number of ways to split the pooled posts into the two groups is at
    most ``n_resamples`` every split is enumerated and p is exact (it counts the
    observed split, so it is never 0). Otherwise splits are drawn at random and
    p = (1 + as-extreme draws) / (1 + draws), the correction that keeps a Monte
    Carlo p-value valid and never 0.
    """
    return _permutation_test(a, b, stat, n_resamples, rng)[0]


def _permutation_test(
    a: Any, b: Any, stat: str, n_resamples: int, rng: np.random.Generator | int | None, level: float = 0.95
) -> tuple[TestResult, float]:
    """``permutation_test`` and the critical value: |difference| > critical exactly when p < 1 - level."""
    x, y = known(a), known(b)
    function = _statistic(stat)
    if x.size == 0 or y.size == 0:
        return TestResult(math.nan, math.nan, "no test (a group has no known value)"), math.nan
    observed = float(function(x) - function(y))
    pooled = np.concatenate([x, y])
    n, k = pooled.size, x.size
    splits = math.comb(n, k)
    parts: list[np.ndarray] = []
    if splits <= n_resamples:
        chosen = np.array(list(combinations(range(n), k)), dtype=np.intp).reshape(splits, k)
        for start in range(0, splits, _rows_per_chunk(n)):
            part = chosen[start : start + _rows_per_chunk(n)]
            mask = np.zeros((part.shape[0], n), dtype=bool)
            np.put_along_axis(mask, part, True, axis=1)
            # A stable sort of "not in a" puts group a's members first, then group b's.
            order = np.argsort(~mask, axis=1, kind="stable")
            parts.append(_split_distances(pooled[order], k, stat))
        method, exact = f"exact permutation ({splits} splits)", True
    else:
        generator = _generator(rng)
        for rows in _chunks(n_resamples, n):
            arranged = generator.permuted(np.broadcast_to(pooled, (rows, n)), axis=1)
            parts.append(_split_distances(arranged, k, stat))
        method, exact = f"Monte Carlo permutation ({n_resamples} resamples)", False
    distances = np.concatenate(parts)
    # Differences that equal the observed one up to rounding count as "as extreme".
    threshold = abs(observed) - 1e-9 * max(1.0, abs(observed))
    extreme = int(np.count_nonzero(distances >= threshold))
    p_value = extreme / distances.size if exact else (1 + extreme) / (1 + distances.size)
    return TestResult(observed, p_value, method), critical_value(distances, exact=exact, level=level)


def _split_distances(arranged: np.ndarray, k: int, stat: str) -> np.ndarray:
    """Per row: |stat(first k values) - stat(the others)|. ``arranged`` is the caller's own
    array of known values, which this reorders within each group."""
    if stat == "median":
        return np.abs(_median_rows(arranged[:, :k]) - _median_rows(arranged[:, k:]))
    function = _statistic(stat)
    return np.abs(function(arranged[:, :k], axis=1) - function(arranged[:, k:], axis=1))


def _median_rows(block: np.ndarray) -> np.ndarray:
    """``np.median(block, axis=1)``, the same numbers, partitioning ``block`` in place: np.median
    copies the block and looks for NaN first, a quarter of a large comparison's test time."""
    half = block.shape[1] // 2
    if block.shape[1] % 2:
        block.partition(half, axis=1)
        return block[:, half].copy()
    block.partition((half - 1, half), axis=1)
    return np.asarray(np.mean(block[:, half - 1 : half + 1], axis=1))


def mann_whitney_u(
    a: Any, b: Any, *, continuity: bool = True, method: Literal["auto", "exact", "asymptotic"] = "auto"
) -> TestResult:
    """Two-sided Mann-Whitney U test.

    Returns U for group ``a`` (the number of pairs in which a's value is larger,
    ties counting one half). ``method`` "exact" counts every split of the pooled
    ranks (ties included, see ``stats.rank_sum_exact_p``); "asymptotic" uses the
    normal approximation with tie correction (and ``continuity``); "auto" is exact
    up to ``EXACT_RANK_LIMIT`` posts in all, where the approximation is poor (1 post
    against 3 has exact p 0.50, the approximation says 0.37). With every value
    equal there is no evidence of a difference and p is 1.
    """
    x, y = known(a), known(b)
    n1, n2 = x.size, y.size
    if n1 == 0 or n2 == 0:
        return TestResult(math.nan, math.nan, "no test (a group has no known value)")
    ranks, ties = average_ranks(np.concatenate([x, y]))
    u1 = float(ranks[:n1].sum() - n1 * (n1 + 1) / 2.0)
    n = n1 + n2
    if method == "exact" or (method == "auto" and n <= EXACT_RANK_LIMIT):
        return TestResult(u1, rank_sum_exact_p(x, y), "Mann-Whitney U (exact distribution)")
    mean_u = n1 * n2 / 2.0
    tie_term = float(np.sum(ties.astype(float) ** 3 - ties)) / (n * (n - 1)) if n > 1 else 0.0
    variance = n1 * n2 / 12.0 * ((n + 1) - tie_term)
    label = "Mann-Whitney U (normal approximation, tie-corrected)"
    if variance <= 0:
        return TestResult(u1, 1.0, label)
    distance = abs(u1 - mean_u) - (0.5 if continuity else 0.0)
    z = max(distance, 0.0) / math.sqrt(variance)
    return TestResult(u1, min(1.0, math.erfc(z / math.sqrt(2.0))), label)


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment for several tests; NaN entries stay NaN and are not counted."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = present.size
    if m == 0:
        return adjusted
    order = present[np.argsort(p[present], kind="mergesort")]
    scaled = (m - np.arange(m)) * p[order]
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(scaled))
    return adjusted


# --------------------------------------------------------------------------- report language

# The human-readable strings of a comparison (warnings, notes, the method line) follow
# config.report.language; JSON keys, group names and ``left_out`` reasons stay English.
TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "all_unknown": "{name}: all {n} posts have an unknown value; left out of the comparison",
        "all_small": "every group has fewer than {min_n} posts with a known value: treat the differences as "
                     "anecdotes, not evidence; collect more posts before deciding",
        "some_small": "fewer than {min_n} posts with a known value in {listed}: too few to judge, so these "
                      "groups are left out of the tests and cannot be best",
        "one_large": "fewer than {min_n} posts with a known value in {listed}: too few to judge; their "
                     "p-values are a first look only, and no group can be called best",
        "nothing": "fewer than two groups have a known value: nothing to compare",
        "stat": {"median": "median", "mean": "mean"},
        "stats": {"median": "medians", "mean": "means"},
        "permutation": "two-sided permutation test of the difference in {stats}",
        "mann-whitney": "two-sided Mann-Whitney U test (exact up to {exact} posts, else normal approximation)",
        "interval_median": "a distribution-free {level} interval of the median from order statistics (exact "
                           "binomial coverage whatever the distribution; unbounded below 6 posts)",
        "interval_mean": "a {level} expanded BCa bootstrap interval of the mean ({resamples} resamples, seed {seed})",
        "splits_exact": "all {n} splits",
        "splits_random": "{n} random permutations, seed {seed}",
        "method": "Per group: {interval}. Every group is compared with the top group, the one with the highest "
                  "{stat}{among}. The adjusted p-values come from a max-statistic permutation test that picks "
                  "the top group again in every permutation ({splits}), so the chance of a false \"clearly "
                  "different\" anywhere in the table is at most {alpha} although the top group is chosen from "
                  "the data; a group is only called clearly different when its own two-group test agrees (the "
                  "adjusted p is the larger of the two). {differences} Unadjusted p: {test}.",
        "among": " among groups with at least {min_n} known values",
        "differences_same": "Differences carry simultaneous {level} intervals from the same permutations "
                            "(wide when groups really differ): an interval excludes 0 exactly when the "
                            "adjusted p is below {alpha}.",
        "differences_ranks": "The adjusted p-values compare mean ranks (Dunn-type); the simultaneous {level} "
                             "intervals are of the difference in {stats}, from the same permutations, and can "
                             "disagree with the rank test.",
        "verdicts": {
            "best": "best: clearly ahead of every group with enough posts",
            "top_not_clear": "highest, but not clearly ahead of every group",
            "none_stands_out": "no group stands out",
            "alone": "nothing to compare with",
            "clearly_lower": "lower, and clearly so",
            "clearly_higher": "higher, and clearly so",
            "no_clear_difference": "no clear difference",
            "too_few": "too few posts to judge",
            "no_posts": "no posts",
            "no_known": "no known value",
        },
        "by": {"variant": "variant", "type": "type", "hour": "hour", "weekday": "weekday",
               "platform": "platform", "pillar": "pillar", "strategy": "strategy"},
        "where": " on {scope}",
        "these_posts": "these posts",
        "pooled": "platforms pooled: views, reach and engagements are counted differently on each platform, "
                  "so read differences between platforms with care",
        "within": "compared within each platform ({platforms}); --all-platforms pools them",
        "fallback": "{scope}: no {denominator} in the exports, so engagement rate by views "
                    "(engagements ÷ views) is used here",
        "fallback_pooled": "{platforms}: no {denominator} in the exports, so engagement rate by views "
                           "(engagements ÷ views) is used here for every platform",
        "denominator": {"reach": "reach", "followers": "followers", "views": "views"},
        "no_posts": "no posts to compare{where}",
        "no_known": "no post{where} has a known {metric} at this age; choose another --metric",
        "partial": "{posts} partial engagements (some actions unknown; the known ones are summed)",
        "partial_one": "1 post has", "partial_many": "{n} posts have",
        "overlap": "{by} groups overlap: {posts} in more than one {by} and count in each, "
                   "so the groups are not independent and the p-values are approximate",
        "overlap_one": "1 post is", "overlap_many": "{n} posts are",
        "chosen": "{definition} ({column}, chosen by engagement.rate_by in outreach.toml)",
        "component": "{label} of the post, as the platform counts them",
        # left_out reasons: the English text is the key (also in the JSON), this is what is shown.
        "no_snapshot": "with no metric snapshot",
        "younger": "younger than {age} days",
        "no_time": "with no publish time",
        "not_measured": "not measured at {age} days (no export near that age)",
        "no_group": {"variant": "with no message variant", "type": "with no post type",
                     "platform": "with no post platform", "pillar": "with no pillar",
                     "strategy": "with no strategy"},
    },
    "id": {
        "all_unknown": "{name}: nilai semua {n} postingan tidak diketahui; tidak diikutkan dalam perbandingan",
        "all_small": "setiap kelompok punya kurang dari {min_n} postingan dengan nilai yang diketahui: anggap "
                     "selisihnya sebagai gambaran awal, bukan bukti; kumpulkan lebih banyak postingan sebelum "
                     "memutuskan",
        "some_small": "terlalu sedikit postingan (kurang dari {min_n} dengan nilai yang diketahui) pada "
                      "{listed}: belum bisa dinilai, jadi kelompok ini tidak diuji dan tidak dapat menjadi yang "
                      "terbaik",
        "one_large": "terlalu sedikit postingan (kurang dari {min_n} dengan nilai yang diketahui) pada "
                     "{listed}: belum bisa dinilai; nilai p-nya hanya gambaran awal, dan tidak ada kelompok yang "
                     "dapat disebut terbaik",
        "nothing": "kurang dari dua kelompok yang punya nilai diketahui: tidak ada yang bisa dibandingkan",
        "stat": {"median": "median", "mean": "rata-rata"},
        "stats": {"median": "median", "mean": "rata-rata"},
        "permutation": "uji permutasi dua sisi atas selisih {stats}",
        "mann-whitney": "uji Mann-Whitney U dua sisi (eksak sampai {exact} postingan, selebihnya pendekatan "
                        "normal)",
        "interval_median": "interval {level} untuk median dari statistik urutan, bebas distribusi (cakupan "
                           "binomial eksak apa pun distribusinya; tak terbatas bila kurang dari 6 postingan)",
        "interval_mean": "interval {level} untuk rata-rata dengan bootstrap BCa yang diperlebar ({resamples} sampel ulang, "
                         "seed {seed})",
        "splits_exact": "semua {n} cara pembagian",
        "splits_random": "{n} permutasi acak, seed {seed}",
        "method": "Per kelompok: {interval}. Setiap kelompok dibandingkan dengan kelompok teratas, yaitu kelompok "
                  "dengan {stat} tertinggi{among}. Nilai p yang disesuaikan berasal dari uji permutasi statistik "
                  "maksimum yang memilih ulang kelompok teratas di setiap permutasi ({splits}), sehingga "
                  "peluang salah menyebut \"jelas berbeda\" di mana pun dalam tabel paling banyak {alpha} walaupun "
                  "kelompok teratas dipilih dari data; sebuah kelompok baru disebut jelas berbeda bila uji dua "
                  "kelompoknya sendiri juga setuju (nilai p yang disesuaikan adalah yang lebih besar dari "
                  "keduanya). {differences} Nilai p tanpa penyesuaian: {test}.",
        "among": " di antara kelompok yang punya sedikitnya {min_n} nilai yang diketahui",
        "differences_same": "Selisih diberi interval simultan {level} dari permutasi yang sama (cenderung "
                            "lebar bila kelompok memang berbeda): interval tidak memuat 0 tepat bila nilai p "
                            "yang disesuaikan di bawah {alpha}.",
        "differences_ranks": "Nilai p yang disesuaikan membandingkan rata-rata peringkat (jenis Dunn); interval "
                             "simultan {level} adalah untuk selisih {stats}, dari permutasi yang sama, dan bisa "
                             "berbeda dengan uji peringkat.",
        "verdicts": {
            "best": "terbaik: jelas unggul dari semua kelompok yang cukup postingannya",
            "top_not_clear": "tertinggi, tetapi tidak jelas unggul atas semua kelompok",
            "none_stands_out": "tidak ada kelompok yang menonjol",
            "alone": "tidak ada pembanding",
            "clearly_lower": "lebih rendah, dan jelas",
            "clearly_higher": "lebih tinggi, dan jelas",
            "no_clear_difference": "tidak ada beda yang jelas",
            "too_few": "terlalu sedikit postingan untuk dinilai",
            "no_posts": "tidak ada postingan",
            "no_known": "tidak ada nilai yang diketahui",
        },
        "by": {"variant": "varian", "type": "jenis postingan", "hour": "jam", "weekday": "hari",
               "platform": "platform", "pillar": "pilar", "strategy": "strategi PR"},
        "where": " di {scope}",
        "these_posts": "postingan ini",
        "pooled": "platform digabung: tayangan, jangkauan dan interaksi dihitung berbeda di tiap platform, "
                  "jadi baca selisih antarplatform dengan hati-hati",
        "within": "dibandingkan di dalam tiap platform ({platforms}); --all-platforms menggabungkannya",
        "fallback": "{scope}: ekspor tidak memuat {denominator}, jadi di sini dipakai tingkat interaksi per "
                    "tayangan (interaksi ÷ tayangan)",
        "fallback_pooled": "{platforms}: ekspor tidak memuat {denominator}, jadi di sini dipakai tingkat "
                           "interaksi per tayangan (interaksi ÷ tayangan) untuk semua platform",
        "denominator": {"reach": "jangkauan", "followers": "pengikut", "views": "tayangan"},
        "no_posts": "tidak ada postingan untuk dibandingkan{where}",
        "no_known": "tidak ada postingan{where} dengan nilai {metric} yang diketahui pada umur ini; "
                    "pilih --metric lain",
        "partial": "{posts} interaksi sebagian (sebagian aksi tidak diketahui; yang diketahui dijumlahkan)",
        "partial_one": "1 postingan punya", "partial_many": "{n} postingan punya",
        "overlap": "kelompok {by} tumpang tindih: {posts} masuk lebih dari satu {by} dan dihitung di "
                   "masing-masing, jadi kelompoknya tidak saling bebas dan nilai p hanya perkiraan",
        "overlap_one": "1 postingan", "overlap_many": "{n} postingan",
        "chosen": "{definition} ({column}, dipilih lewat engagement.rate_by di outreach.toml)",
        "component": "Jumlah {label} pada postingan, menurut hitungan platform",
        "no_snapshot": "tanpa snapshot metrik",
        "younger": "berumur kurang dari {age} hari",
        "no_time": "tanpa waktu terbit",
        "not_measured": "tidak terukur pada umur {age} hari (tidak ada ekspor sekitar umur itu)",
        "no_group": {"variant": "tanpa varian pesan", "type": "tanpa jenis postingan",
                     "platform": "tanpa platform", "pillar": "tanpa pilar", "strategy": "tanpa strategi PR"},
    },
}  # fmt: skip


def text(language: str) -> dict[str, Any]:
    """The strings of the report language ("id" or "en"; anything else is English)."""
    return TEXT["id" if language == "id" else "en"]


# --------------------------------------------------------------------------- comparing groups


@dataclass(frozen=True)
class GroupResult:
    """One group's numbers; ``difference`` is this group's statistic minus the top group's.

    ``verdict`` is the plain-words reading in the report language and
    ``verdict_code`` its stable machine key (see ``VERDICTS``); the weekly report
    and the web app show the verdict rather than reading p-values themselves.
    """

    name: str
    n: int  # posts with a known value
    n_unknown: int  # posts in the group whose value is unknown (dropped, not 0)
    median: float
    mean: float
    ci_low: float  # interval of the chosen statistic (median: order statistics, ±inf below 6 posts)
    ci_high: float
    best: bool = False  # called best: enough posts and clearly ahead of every other judged group
    difference: float = math.nan
    diff_low: float = math.nan  # simultaneous interval of the difference (see Comparison.method)
    diff_high: float = math.nan
    p_value: float = math.nan  # unadjusted two-group p against the top group
    p_holm: float = math.nan  # kept for older readers: the same number as p_adjusted (no longer Holm)
    test: str | None = None
    leader: bool = False  # the top group the others are compared with (best or not)
    p_adjusted: float = math.nan  # max-statistic permutation p, adjusted for the choice of the top group
    verdict_code: str = ""
    verdict: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {key: _plain(value) for key, value in self.__dict__.items()}


# Verdict codes: the top group's, then the others'.
VERDICTS: tuple[str, ...] = (
    "best", "top_not_clear", "none_stands_out", "alone",
    "clearly_lower", "clearly_higher", "no_clear_difference", "too_few", "no_posts", "no_known",
)  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    stat: str
    level: float
    test: str
    n_resamples: int
    seed: int
    min_n: int
    groups: list[GroupResult]  # the top group first, then by the statistic, highest first
    best: str | None  # only a group with enough posts and a clear lead; None: no group stands out
    warnings: list[str] = field(default_factory=list)
    language: str = "en"  # of the warnings, verdicts and the method line
    leader: str | None = None  # the top group the others are compared with
    permutations: int = 0  # permutations behind the adjusted p-values (0: no test)
    exact: bool = False  # True: every split enumerated

    @property
    def method(self) -> str:
        t = text(self.language)
        level = f"{self.level:.0%}"
        alpha = _percent(significance(self.level), self.language)
        test = t[self.test].format(stats=t["stats"][self.stat], exact=EXACT_RANK_LIMIT)
        if self.stat == "median":
            interval = t["interval_median"].format(level=level)
        else:
            interval = t["interval_mean"].format(level=level, resamples=self.n_resamples, seed=self.seed)
        splits = t["splits_exact" if self.exact else "splits_random"].format(
            n=self.permutations, seed=self.seed
        )
        differences = t["differences_ranks" if self.test == "mann-whitney" else "differences_same"].format(
            level=level, alpha=alpha, stats=t["stats"][self.stat]
        )
        among = t["among"].format(min_n=self.min_n) if self.min_n > 1 else ""
        return t["method"].format(
            interval=interval, stat=t["stat"][self.stat], among=among, splits=splits, alpha=alpha,
            differences=differences, test=test,
        )  # fmt: skip

    def group(self, name: str) -> GroupResult:
        return next(g for g in self.groups if g.name == name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stat": self.stat,
            "level": self.level,
            "test": self.test,
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "min_n": self.min_n,
            "method": self.method,
            "best": self.best,
            "leader": self.leader,
            "permutations": self.permutations,
            "exact": self.exact,
            "groups": [g.as_dict() for g in self.groups],
            "warnings": list(self.warnings),
        }


def _percent(value: float, language: str) -> str:
    shown = f"{value * 100:g}%"
    return shown.replace(".", ",") if language == "id" else shown


def _plain(value: Any) -> Any:
    """JSON-safe: NaN becomes null, numpy scalars become Python numbers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _task_rng(seed: int, *labels: str) -> np.random.Generator:
    """A generator per (task, group names): results do not depend on the other groups present."""
    tag = zlib.crc32("\x1f".join(labels).encode("utf-8"))
    return np.random.default_rng([seed, tag])


def resamples_for(groups: Mapping[str, np.ndarray], wanted: int) -> int:
    """``wanted`` resamples, fewer for large comparisons (bounded work), at least 1,000."""
    known = sum(int(np.isfinite(values).sum()) for values in groups.values())
    if known == 0 or known * wanted <= RESAMPLE_WORK:
        return wanted
    return max(MIN_RESAMPLES, min(wanted, RESAMPLE_WORK // known))


def compare(
    groups: Mapping[str, Any],
    *,
    stat: Stat = "median",
    min_n: int = DEFAULT_MIN_N,
    test: Test = "permutation",
    n_resamples: int = DEFAULT_RESAMPLES,
    level: float = 0.95,
    seed: int = DEFAULT_SEED,
    language: str = "en",
) -> Comparison:
    """Compare groups of per-post values (NaN = unknown) with the top group, and say what it means.

    The top group (``leader``) has the highest ``stat`` among the groups with at
    least ``min_n`` known values (among all groups with a value when none has that
    many). Groups with fewer than ``min_n`` values are "too few posts to judge":
    while at least two groups have enough, the small ones are described but not
    tested. The tested groups get their difference to the top group, a
    simultaneous interval and a p-value adjusted by ``stats.max_statistic_test``,
    which picks the top group again in every permutation, so the chance of any
    false "clearly different" in the table is at most 1 - ``level`` although the top
    group is chosen from the data. That test treats all groups as exchangeable
    when nothing differs; when groups differ in spread (a platform mix, a few
    viral posts) it can call a pair different that the pair's own data do not
    support, so the adjusted p is the larger of it and the exact two-group
    permutation p, and the interval's half-width the larger of the two critical
    values. An interval therefore excludes 0 exactly when the adjusted p is
    below 1 - ``level`` (for the permutation test; the rank test's p belongs to
    the ranks). ``best`` is the top group only when it has enough
    posts and is clearly ahead of every other tested group.

    Per-group intervals: for the median, the order-statistic interval (exact
    coverage at least ``level`` for any distribution, unbounded below 6 posts);
    for the mean, BCa bootstrap. ``p_value`` is the unadjusted two-group test
    (``test``). ``language`` ("en" or "id") is that of warnings, verdicts and the
    method line.
    """
    function = _statistic(stat)
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}; choose from {', '.join(TESTS)}")
    _check_level(level)
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, got {min_n}")
    alpha = significance(level)

    data: dict[str, np.ndarray] = {}
    unknown: dict[str, int] = {}
    for name, values in groups.items():
        raw = np.asarray(values, dtype=float).ravel()
        data[name] = known(raw)
        unknown[name] = int(raw.size - data[name].size)

    def value(name: str) -> float:
        return float(function(data[name])) if data[name].size else math.nan

    with_values = [name for name in data if data[name].size]
    large = [name for name in with_values if data[name].size >= min_n]
    pool = large or with_values
    leader = max(pool, key=lambda name: (value(name), data[name].size, name)) if pool else None
    ranked = sorted(
        data,
        key=lambda name: (
            name != leader,
            not data[name].size,
            -(value(name) if data[name].size else 0),
            name,
        ),
    )

    t = text(language)
    warnings: list[str] = []
    for name in ranked:
        if unknown[name] and not data[name].size:
            warnings.append(t["all_unknown"].format(name=name, n=unknown[name]))
    small = [name for name in with_values if data[name].size < min_n]
    if with_values and not large:
        warnings.append(t["all_small"].format(min_n=min_n))
    elif small:
        listed = ", ".join(f"{name} (n={data[name].size})" for name in sorted(small, key=ranked.index))
        # With two or more groups of enough posts the small ones stay out of the tests; with one,
        # they are tested against it for a first look only.
        key = "some_small" if len(large) >= 2 else "one_large"
        warnings.append(t[key].format(min_n=min_n, listed=listed))
    if len(with_values) < 2:
        warnings.append(t["nothing"])

    results: dict[str, dict[str, Any]] = {}
    for name in ranked:
        values = data[name]
        low, high = _group_interval(values, stat, level, n_resamples, _task_rng(seed, "bootstrap", name))
        results[name] = {
            "name": name,
            "n": int(values.size),
            "n_unknown": unknown[name],
            "median": float(np.median(values)) if values.size else math.nan,
            "mean": float(np.mean(values)) if values.size else math.nan,
            "ci_low": low,
            "ci_high": high,
            "leader": name == leader,
        }
        if name != leader and values.size and leader is not None:
            results[name]["difference"] = value(name) - value(leader)

    # The tested family: the groups with enough posts, or every group with a value when fewer
    # than two have enough (then every verdict is "too few posts to judge" anyway).
    family = (large if len(large) >= 2 else with_values) if leader is not None else []
    others = [name for name in ranked if name in family and name != leader]
    permutations, exact = 0, False
    if leader is not None and others:
        members = [leader, *others]
        outcome = max_statistic_test(
            [data[name] for name in members], stat=stat, candidates=[name in pool for name in members],
            ranks=test == "mann-whitney", n_resamples=n_resamples, level=level,
            rng=_task_rng(seed, "max-test", *sorted(members)),
        )  # fmt: skip
        permutations, exact = outcome.permutations, outcome.exact
        for index, name in enumerate(members[1:], start=1):
            half = float(outcome.critical * outcome.weights[index])
            difference = results[name]["difference"]
            rng = _task_rng(seed, "test", name, leader)
            if test == "permutation":
                pair, pair_critical = _permutation_test(
                    data[name], data[leader], stat, n_resamples, rng, level
                )
                # The two-group test's own critical value: the interval must clear both.
                half = max(half, pair_critical)
            else:
                pair = mann_whitney_u(data[name], data[leader])
            # A clear difference needs both the family-wise test and the exact two-group test
            # (the first alone can be too bold when the groups differ in spread, see compare()).
            adjusted = max(float(outcome.p_adjusted[index]), pair.p_value)
            results[name].update(
                diff_low=difference - half, diff_high=difference + half, p_value=pair.p_value,
                test=pair.method, p_adjusted=adjusted, p_holm=adjusted,
            )  # fmt: skip

    codes = _verdicts(ranked, leader, family, results, min_n, alpha)
    best = leader if leader is not None and codes[leader] == "best" else None
    verdicts = t["verdicts"]
    return Comparison(
        stat=stat,
        level=level,
        test=test,
        n_resamples=n_resamples,
        seed=seed,
        min_n=min_n,
        groups=[
            GroupResult(
                **results[name], best=name == best, verdict_code=codes[name], verdict=verdicts[codes[name]]
            )
            for name in ranked
        ],
        best=best,
        warnings=warnings,
        language="id" if language == "id" else "en",
        leader=leader,
        permutations=permutations,
        exact=exact,
    )


def _group_interval(
    values: np.ndarray, stat: str, level: float, n_resamples: int, rng: np.random.Generator
) -> tuple[float, float]:
    """Median: order-statistic interval; mean: BCa bootstrap (NaN below two values)."""
    if stat == "median":
        return median_interval(values, level)
    if values.size < 2:
        return math.nan, math.nan
    return bca_interval(values, _bootstrap_stats(values, "mean", n_resamples, rng), level)


def _verdicts(
    ranked: list[str],
    leader: str | None,
    family: list[str],
    results: dict[str, dict[str, Any]],
    min_n: int,
    alpha: float,
) -> dict[str, str]:
    """One verdict code per group (see ``VERDICTS``)."""
    codes: dict[str, str] = {}
    clear = {name for name in family if results[name].get("p_adjusted", math.nan) < alpha}
    judged = [name for name in family if name != leader and results[name]["n"] >= min_n]
    compared = sum(1 for name in ranked if results[name]["n"]) > 1
    for name in ranked:
        row = results[name]
        if row["n"] == 0:
            codes[name] = "no_known" if row["n_unknown"] else "no_posts"
        elif row["n"] < min_n:
            codes[name] = "too_few"
        elif name == leader:
            if not judged:
                # Only groups too small to judge beside it: nothing stands out (yet).
                codes[name] = "none_stands_out" if compared else "alone"
            elif all(other in clear for other in judged):
                codes[name] = "best"
            elif any(other in clear for other in judged):
                codes[name] = "top_not_clear"
            else:
                codes[name] = "none_stands_out"
        elif name in clear:
            codes[name] = "clearly_lower" if row["difference"] < 0 else "clearly_higher"
        else:
            codes[name] = "no_clear_difference"
    return codes


# --------------------------------------------------------------------------- posts in the database

GROUPINGS: tuple[str, ...] = ("variant", "type", "hour", "weekday", "platform", "pillar", "strategy")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_METRIC = "engagement_rate"
# Per-post columns of ``metrics.PostFrame`` that can be compared, plus engagement_rate
# (the configured one of the three rates).
POST_METRICS: tuple[str, ...] = (
    DEFAULT_METRIC, "rate_reach", "rate_views", "rate_followers", "engagements", "views", "reach",
    "likes", "comments", "shares", "saves", "reposts", "quotes", "replies", "bookmarks",
    "amplification", "virality", "performance_index", "followers",
)  # fmt: skip
RATE_METRICS = frozenset(
    {DEFAULT_METRIC, "rate_reach", "rate_views", "rate_followers", "amplification", "virality"}
)
# Metrics built from engagements, whose per-platform definition is printed with them.
_FROM_ENGAGEMENTS = frozenset(
    {"engagements", "rate_reach", "rate_views", "rate_followers", "performance_index"}
)


@dataclass(frozen=True)
class Section:
    """The comparison inside one platform (``platform`` None: pooled, or comparing platforms)."""

    platform: str | None
    posts: int  # posts at the age that are in at least one group
    comparison: Comparison
    left_out: dict[str, int] = field(default_factory=dict)  # reason (English, as in the JSON) -> posts
    notes: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # reason -> how it reads in the report language

    def left_out_shown(self) -> dict[str, int]:
        """``left_out`` with the reasons in the report language."""
        return {self.reasons.get(reason, reason): count for reason, count in self.left_out.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "posts": self.posts,
            "left_out": dict(self.left_out),
            "notes": list(self.notes),
            **self.comparison.as_dict(),
        }


@dataclass(frozen=True)
class PostComparison:
    """What ``outreach compare`` shows: one section per platform unless pooled or comparing platforms."""

    by: str
    metric: str
    column: str  # the per-post column behind the metric (engagement_rate -> rate_reach ...)
    definition: str
    engagements: dict[str, str]  # platform -> its engagement definition, for engagement-based metrics
    is_rate: bool
    stat: str
    age_days: float | None  # None: lifetime (the latest numbers of every post)
    campaign: str | None
    platform: str | None
    all_platforms: bool
    timezone: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    language: str = "en"  # of the definitions, notes and warnings

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "metric": self.metric,
            "metric_column": self.column,
            "metric_definition": self.definition,
            "engagement_definitions": dict(self.engagements),
            "stat": self.stat,
            "age_days": self.age_days,
            "campaign": self.campaign,
            "platform": self.platform,
            "all_platforms": self.all_platforms,
            "timezone": self.timezone,
            "notes": list(self.notes),
            "language": self.language,
            "sections": [section.as_dict() for section in self.sections],
        }


def resolve_metric(config: Config, metric: str | None, language: str = "en") -> tuple[str, str, str]:
    """(metric name, per-post column, definition in ``language``); an unknown name lists the valid ones."""
    name = metric or DEFAULT_METRIC
    if name not in POST_METRICS:
        raise OutreachError(f"unknown metric '{name}'; choose from {', '.join(POST_METRICS)}")
    t = text(language)
    if name == DEFAULT_METRIC:
        column = f"rate_{config.engagement.rate_by}"
        definition = METRICS[column].definition(language).rstrip(".")
        return name, column, t["chosen"].format(definition=definition, column=column)
    if name in METRICS:
        return name, name, METRICS[name].definition(language).rstrip(".")
    label = COMPONENT_LABELS["id" if language == "id" else "en"].get(name, name)
    component = t["component"].format(label=label)
    return name, name, component[:1].upper() + component[1:]


def _check_campaign(config: Config, campaign: str | None) -> None:
    if campaign is None:
        return
    keys = config.tag_keys("campaign")
    if campaign not in keys:
        listed = (
            f"configured campaigns: {', '.join(keys)}"
            if keys
            else "no campaigns are configured in outreach.toml"
        )
        raise OutreachError(f"unknown campaign '{campaign}'; {listed}")


def _assigned_keys(connection: Connection, kind: str, post_ids: np.ndarray) -> dict[int, list[str]]:
    """Post id -> the keys it is tagged with (``excluded`` rows are an officer's "not this one")."""
    from outreach.queries.tags import assigned_keys

    return assigned_keys(connection, kind, {int(i) for i in post_ids})


def local_hour_weekday(published_at: np.ndarray, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Local hour (0-23) and weekday (0 = Monday) of UTC datetime64 values; -1 where unknown."""
    from outreach.analysis.aggregate import local_seconds

    stamps = np.asarray(published_at).astype("datetime64[s]")
    seconds = np.where(np.isnat(stamps), np.nan, stamps.astype(np.int64).astype(float))
    local = local_seconds(seconds, zone)
    known = ~np.isnan(local)
    whole = np.where(known, local, 0).astype(np.int64)
    # 1 January 1970 was a Thursday (weekday 3).
    hours = np.where(known, (whole % DAY_SECONDS) // 3600, -1)
    weekdays = np.where(known, (whole // DAY_SECONDS + 3) % 7, -1)
    return hours, weekdays


def _memberships(
    connection: Connection, by: str, frame: PostFrame, rows: np.ndarray, campaign: str | None, zone: str
) -> tuple[list[list[str]], str]:
    """The groups each selected row belongs to, and the key of why a row without one is left out."""
    if by in ("type", "platform"):
        column = getattr(frame, by)[rows]
        return [[str(v)] if v not in (None, "") else [] for v in column], "no_group"
    if by in ("hour", "weekday"):
        hours, weekdays = local_hour_weekday(frame.published_at[rows], zone)
        if by == "hour":
            return [[f"{h:02d}:00"] if h >= 0 else [] for h in hours], "no_time"
        return [[WEEKDAYS[d]] if d >= 0 else [] for d in weekdays], "no_time"
    ids = frame.id[rows]
    keys = _assigned_keys(connection, by, ids)
    if by == "variant":
        prefix = f"{campaign}/"
        variants = [
            [k.removeprefix(prefix) for k in keys.get(int(i), []) if k.startswith(prefix)] for i in ids
        ]
        return variants, "no_group"
    return [keys.get(int(i), []) for i in ids], "no_group"


def compare_posts(
    connection: Connection,
    config: Config,
    *,
    by: str,
    campaign: str | None = None,
    metric: str | None = None,
    age_days: float | None = 7.0,
    platform: str | None = None,
    all_platforms: bool = False,
    stat: Stat = "median",
    min_n: int = DEFAULT_MIN_N,
    test: Test = "permutation",
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    language: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
) -> PostComparison:
    """Compare stored posts grouped ``by`` one dimension, on one metric at one age.

    Posts are compared at the same age (``age_days``; None = lifetime) because
    metrics grow for days after publishing; posts not measured at that age are
    left out and counted (younger than the age, or no export near that age). Metrics mean
    different things on different platforms, so unless ``platform`` is given,
    ``all_platforms`` pools them, or ``by`` is "platform", each platform present
    gets its own comparison. ``metric`` None is ``engagement_rate``, the rate the
    configuration chooses (engagement.rate_by). ``now`` (naive UTC) is only for
    telling young posts from unmeasured ones. Notes, warnings, the method line and
    the definitions are in ``language``, by default ``config.report.language``.
    ``since``/``until`` select by publish time as in ``metrics.post_frame``
    (dates: local days in the report zone, both ends inclusive).

    When the default engagement rate is unknown for every post of a platform (X and
    TikTok exports have no reach), that platform's table uses the rate by views;
    a table that pools platforms then uses it for every platform, so that the
    groups stay comparable. Every configured variant (with ``campaign``), pillar
    or strategy is listed, with 0 posts when none has it.
    """
    if by not in GROUPINGS:
        raise OutreachError(f"cannot compare by '{by}'; choose from {', '.join(GROUPINGS)}")
    if platform is not None and all_platforms:
        raise OutreachError("use either --platform or --all-platforms, not both")
    if by == "platform" and platform is not None:
        raise OutreachError("--by platform compares the platforms with each other; drop --platform")
    if age_days is not None and not (0 < age_days < math.inf):
        raise OutreachError(f"--age must be a number of days above 0, or lifetime; got {age_days:g}")
    if by == "type" and metric == "performance_index":
        raise OutreachError(
            "performance_index compares each post with earlier posts of its own type, so every type "
            "averages about 1.0 by construction; compare types by another --metric (e.g. engagement_rate)"
        )
    _check_campaign(config, campaign)
    if by == "variant" and campaign is None:
        with_variants = [c.key for c in config.campaigns if c.variants]
        hint = f" (campaigns with variants: {', '.join(with_variants)})" if with_variants else ""
        raise OutreachError(
            f"--by variant compares one campaign's message variants; add --campaign KEY{hint}"
        )
    language = "id" if (language or config.report.language) == "id" else "en"
    t = text(language)
    name, column, definition = resolve_metric(config, metric, language)
    zone = config.report.timezone

    frame = post_frame(
        connection, config, age_days=age_days, platform=platform, campaign=campaign, since=since, until=until
    )
    values = np.asarray(getattr(frame, column), dtype=float)
    at_age = np.asarray(frame.at_age, dtype=bool)
    platforms = np.asarray(frame.platform, dtype=object).astype(str)
    partial = np.asarray(frame.engagements_partial, dtype=bool) if column in _FROM_ENGAGEMENTS else None
    present = sorted(set(platforms.tolist()))
    engagements = (
        {p: engagement_definition(config, p, language) for p in present if p in PLATFORM_NAMES}
        if column in _FROM_ENGAGEMENTS or name == DEFAULT_METRIC
        else {}
    )
    young = np.zeros(values.size, dtype=bool)
    if age_days is not None:
        # A post that cannot be that old yet, as opposed to one whose exports stopped earlier.
        moment = np.datetime64(now or datetime.now(UTC).replace(tzinfo=None), "s")
        young = ~at_age & (frame.published_at + np.timedelta64(int(age_days * DAY_SECONDS), "s") > moment)

    notes: list[str] = []
    pooled = by == "platform" or all_platforms or platform is not None
    # A section is labelled with its platform whenever it holds a single one.
    scopes: list[str | None] = list(present) if not pooled and len(present) > 1 else [None]
    label = (
        platform if platform is not None else (present[0] if len(present) == 1 and by != "platform" else None)
    )
    if len(present) > 1 and (by == "platform" or all_platforms):
        notes.append(t["pooled"])
    elif len(scopes) > 1:
        notes.append(t["within"].format(platforms=", ".join(present)))

    sections = []
    overlapping = 0
    for scope in scopes:
        in_scope = np.ones(values.size, dtype=bool) if scope is None else platforms == scope
        scope = scope or label
        left_out: dict[str, int] = {}
        reasons: dict[str, str] = {}  # how each reason reads in the report language
        masks: dict[str, np.ndarray] = {}
        if age_days is None:
            masks["no_snapshot"] = in_scope & ~at_age
        else:
            undated = np.isnat(frame.published_at)
            masks["younger"] = in_scope & young
            masks["no_time"] = in_scope & ~at_age & undated
            masks["not_measured"] = in_scope & ~at_age & ~young & ~undated
        for key, mask in masks.items():
            _count_into(left_out, _reason(key, by, age_days, language, reasons), mask)
        rows = np.flatnonzero(in_scope & at_age)
        scope_values = values
        fallback_note = None
        if metric is None and column != "rate_views" and rows.size:
            # X exports have no reach (TikTok Studio's neither): rather than an empty table (or a
            # pooled table without those platforms), the default engagement rate falls back to
            # views for the whole table, and says so.
            by_views = np.asarray(frame.rate_views, dtype=float)
            lacking = [
                p for p in sorted(set(platforms[rows].tolist()))
                if not np.isfinite(values[rows][platforms[rows] == p]).any()
                and np.isfinite(by_views[rows][platforms[rows] == p]).any()
            ]  # fmt: skip
            if lacking:
                scope_values = by_views
                denominator = t["denominator"][column.removeprefix("rate_")]
                if scope is None and (by == "platform" or all_platforms):
                    fallback_note = t["fallback_pooled"].format(
                        platforms=", ".join(lacking), denominator=denominator
                    )
                else:
                    fallback_note = t["fallback"].format(
                        scope=scope or t["these_posts"], denominator=denominator
                    )
        members, why = _memberships(connection, by, frame, rows, campaign, zone)
        groups: dict[str, list[float]] = {}
        ungrouped = 0
        for row, keys in zip(rows, members):
            ungrouped += not keys
            overlapping += len(keys) > 1
            for key in keys:
                groups.setdefault(key, []).append(scope_values[row])
        if ungrouped:
            key = _reason(why, by, age_days, language, reasons)
            left_out[key] = left_out.get(key, 0) + ungrouped
        for key in _configured_groups(config, by, campaign):
            groups.setdefault(key, [])
        ordered = {key: np.asarray(groups[key], dtype=float) for key in sorted(groups)}
        comparison = compare(
            ordered, stat=stat, min_n=min_n, test=test, n_resamples=resamples_for(ordered, n_resamples),
            seed=seed, language=language,
        )  # fmt: skip
        section_notes = [fallback_note] if fallback_note else []
        where = t["where"].format(scope=scope) if scope else ""
        if not any(v.size for v in ordered.values()):
            section_notes.append(t["no_posts"].format(where=where))
        elif not any(np.isfinite(v).any() for v in ordered.values()):
            section_notes.append(t["no_known"].format(where=where, metric=name))
        if partial is not None:
            grouped = np.zeros(values.size, dtype=bool)
            grouped[[row for row, keys in zip(rows, members) if keys]] = True
            count = int(np.count_nonzero(grouped & partial & np.isfinite(scope_values)))
            if count:
                posts = t["partial_one"] if count == 1 else t["partial_many"].format(n=count)
                section_notes.append(t["partial"].format(posts=posts))
        sections.append(
            Section(scope, int(rows.size - ungrouped), comparison, left_out, section_notes, reasons)
        )
    if overlapping:
        posts = t["overlap_one"] if overlapping == 1 else t["overlap_many"].format(n=overlapping)
        notes.append(t["overlap"].format(by=t["by"][by], posts=posts))
    return PostComparison(
        by=by, metric=name, column=column, definition=definition, engagements=engagements,
        is_rate=name in RATE_METRICS, stat=stat, age_days=age_days, campaign=campaign, platform=platform,
        all_platforms=all_platforms, timezone=zone, sections=sections, notes=notes, language=language,
    )  # fmt: skip


def _configured_groups(config: Config, by: str, campaign: str | None) -> list[str]:
    """The groups a planner expects to see even without posts: variants, pillars, strategies."""
    if by == "variant" and campaign is not None:
        prefix = f"{campaign}/"
        return [key.removeprefix(prefix) for key in config.tag_keys("variant") if key.startswith(prefix)]
    if by in ("pillar", "strategy"):
        return config.tag_keys(by)
    return []


def _reason(key: str, by: str, age_days: float | None, language: str, shown: dict[str, str]) -> str:
    """The English reason for leaving posts out (the key in ``left_out``); ``shown`` learns how it reads."""
    english, local = TEXT["en"][key], text(language)[key]
    if key == "no_group":
        english, local = english[by], local[by]
    age = f"{age_days:g}" if age_days is not None else ""
    english = english.format(age=age)
    shown[english] = local.format(age=age.replace(".", ",") if language == "id" else age)
    return english


def _count_into(counts: dict[str, int], reason: str, mask: np.ndarray) -> None:
    count = int(np.count_nonzero(mask))
    if count:
        counts[reason] = count
