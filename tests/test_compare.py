"""Message comparison: the statistics on hand-computed examples, the database path, the CLI."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from outreach.analysis.compare import (
    Interval,
    bootstrap_ci,
    compare,
    difference_ci,
    holm,
    known,
    mann_whitney_u,
    permutation_test,
)

NAN = math.nan


# --------------------------------------------------------------------------- bootstrap


def test_unknown_values_are_dropped_not_zero():
    assert known([1.0, NAN, 3.0, np.inf]).tolist() == [1.0, 3.0]
    # Treating NaN as 0 would give a median of 1.0.
    assert bootstrap_ci([2.0, NAN, 4.0, NAN, 3.0]).estimate == 3.0


def test_constant_group_has_a_zero_width_interval():
    assert bootstrap_ci([0.04, 0.04, 0.04, NAN]) == Interval(0.04, 0.04, 0.04)
    assert bootstrap_ci([7, 7, 7, 7], stat="mean") == Interval(7.0, 7.0, 7.0)


def test_two_value_group_by_hand():
    # Resamples of [1, 2] have median 1 (p=1/4), 1.5 (p=1/2) or 2 (p=1/4):
    # the 2.5 % and 97.5 % quantiles are 1 and 2.
    assert bootstrap_ci([1, 2]) == Interval(1.5, 1.0, 2.0)


def test_median_and_mean_of_a_skewed_group():
    values = [1, 2, 3, 4, 100]  # one viral post
    median = bootstrap_ci(values)
    mean = bootstrap_ci(values, stat="mean")
    assert median.estimate == 3.0 and mean.estimate == 22.0
    assert median.low >= 1 and median.high <= 100
    assert mean.low <= 22.0 <= mean.high


def test_one_value_has_no_interval_and_none_has_nothing():
    single = bootstrap_ci([5.0, NAN])
    assert single.estimate == 5.0 and math.isnan(single.low) and math.isnan(single.high)
    assert all(math.isnan(x) for x in bootstrap_ci([NAN, NAN]))
    assert all(math.isnan(x) for x in bootstrap_ci([]))


def test_bootstrap_is_deterministic_by_default_and_level_widens():
    values = np.random.default_rng(3).lognormal(size=40)
    assert bootstrap_ci(values) == bootstrap_ci(values)
    narrow, wide = bootstrap_ci(values, level=0.5), bootstrap_ci(values, level=0.99)
    assert wide.low < narrow.low <= narrow.high < wide.high


def test_bootstrap_chunks_give_the_same_numbers(monkeypatch):
    from outreach.analysis import compare as module

    values = np.random.default_rng(4).normal(size=50)
    whole = bootstrap_ci(values, rng=1)
    monkeypatch.setattr(module, "_CHUNK_CELLS", 7 * 50)  # 7 resamples per chunk
    # Different chunking draws the same index stream in smaller pieces.
    assert bootstrap_ci(values, rng=1) == whole


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown statistic 'mode'"):
        bootstrap_ci([1, 2], stat="mode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        bootstrap_ci([1, 2], level=95)


def test_difference_of_constant_groups_is_exact():
    assert difference_ci([3, 3, 3], [5, 5, NAN, 5]) == Interval(-2.0, -2.0, -2.0)


def test_difference_interval_covers_the_estimate_and_needs_two_values():
    rng = np.random.default_rng(5)
    a, b = rng.normal(10, 2, 30), rng.normal(8, 2, 25)
    diff = difference_ci(a, b)
    assert diff.estimate == pytest.approx(np.median(a) - np.median(b))
    assert diff.low < diff.estimate < diff.high
    assert diff.low > 0  # a true difference of one standard deviation, 25-30 posts a side
    lone = difference_ci([4.0], [1.0, 2.0, 3.0])
    assert lone.estimate == 2.0 and math.isnan(lone.low)
    assert all(math.isnan(x) for x in difference_ci([NAN], [1.0, 2.0]))


# --------------------------------------------------------------------------- tests


def test_fully_separated_groups_of_three_mean():
    # Of the C(6,3) = 20 ways to split six posts into two groups of three, only the
    # observed split and its mirror image have a mean difference as large as 3.
    result = permutation_test([4, 5, 6], [1, 2, 3], stat="mean")
    assert result.statistic == 3.0
    assert result.p_value == 2 / 20
    assert result.method == "exact permutation (20 splits)"


def test_fully_separated_groups_of_three_median():
    # Medians differ by 3 only for {5,6,x} against the rest with x = 3 or 4
    # ({3,5,6} vs {1,2,4}: 5 - 2 = 3), and the mirror images: 4 of 20 splits.
    assert permutation_test([4, 5, 6], [1, 2, 3]).p_value == 4 / 20


def test_monte_carlo_permutation_is_never_zero_and_close_to_exact():
    # 6 against 6 fully separated: exactly 2 of C(12,6) = 924 splits are as extreme.
    exact = permutation_test(range(7, 13), range(1, 7), stat="mean", n_resamples=1000)
    assert exact.p_value == pytest.approx(2 / 924)
    drawn = permutation_test(range(7, 13), range(1, 7), stat="mean", n_resamples=500)
    assert drawn.method == "Monte Carlo permutation (500 resamples)"
    assert 1 / 501 <= drawn.p_value < 0.02
    rng = np.random.default_rng(6)
    a, b = rng.normal(0.5, 1, 8), rng.normal(0, 1, 8)  # C(16,8) = 12870 splits
    full = permutation_test(a, b, n_resamples=20_000)
    sampled = permutation_test(a, b, n_resamples=10_000)
    assert full.method.startswith("exact") and sampled.method.startswith("Monte Carlo")
    assert sampled.p_value == pytest.approx(full.p_value, abs=0.015)


def test_permutation_identical_groups_and_unknowns():
    assert permutation_test([2, 2, 2], [2, 2, 2, 2]).p_value == 1.0
    assert permutation_test([4, NAN, 5, 6], [1, 2, NAN, 3], stat="mean").p_value == 2 / 20
    empty = permutation_test([NAN], [1, 2])
    assert math.isnan(empty.p_value)


def test_permutation_is_deterministic():
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=40), rng.normal(size=40)
    assert permutation_test(a, b) == permutation_test(a, b)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("continuity", [True, False])
def test_mann_whitney_matches_scipy(seed, continuity):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    # Small integer counts: many ties, as in real comment counts.
    a = rng.integers(0, 8, size=5 + seed)
    b = rng.integers(2, 10, size=9 - seed // 2)
    ours = mann_whitney_u(a, b, continuity=continuity)
    theirs = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic", use_continuity=continuity)
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9)


def test_mann_whitney_by_hand():
    # a = [4, 5, 6], b = [1, 2, 3]: every a beats every b, U = 9, mean 4.5,
    # variance 3*3*7/12 = 5.25; z = (4.5 - 0.5) / sqrt(5.25) = 1.7457; p = 0.0809.
    result = mann_whitney_u([4, 5, 6, NAN], [1, 2, 3])
    assert result.statistic == 9.0
    assert result.p_value == pytest.approx(math.erfc(4 / math.sqrt(5.25) / math.sqrt(2)))
    assert result.p_value == pytest.approx(0.0809, abs=1e-4)
    assert mann_whitney_u([3, 3], [3, 3, 3]).p_value == 1.0


def test_holm_by_hand():
    # Sorted 0.01, 0.03, 0.04 times 3, 2, 1 = 0.03, 0.06, 0.04; step-down keeps it monotone.
    assert holm([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.06, 0.06])
    adjusted = holm([0.5, NAN, 0.4])
    assert adjusted[0] == pytest.approx(0.8) and math.isnan(adjusted[1]) and adjusted[2] == pytest.approx(0.8)
    assert holm([0.6, 0.7]).tolist() == [1.0, 1.0]
    assert holm([]).size == 0


# --------------------------------------------------------------------------- compare()


def _groups():
    return {
        "reel": [0.05, 0.06, 0.07, 0.08, 0.09, NAN],  # median 0.07, one unknown reach
        "carousel": [0.02, 0.03, 0.04, 0.05, 0.06],  # median 0.04
        "image": [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.90],  # median 0.04, mean 0.1586 (one viral post)
        "story": [0.30, 0.01],  # too few posts to be "best"
        "text": [NAN, NAN],  # reach unknown for every post
    }


def test_compare_by_hand():
    result = compare(_groups())
    assert result.best == "reel"
    names = [g.name for g in result.groups]
    assert names == ["reel", "story", "carousel", "image", "text"]
    reel, story, carousel, image, text = result.groups
    assert (reel.n, reel.n_unknown, reel.median, reel.best) == (5, 1, 0.07, True)
    assert reel.mean == pytest.approx(0.07)
    assert reel.ci_low <= 0.07 <= reel.ci_high
    assert math.isnan(reel.difference) and math.isnan(reel.p_value)
    assert carousel.difference == pytest.approx(-0.03)
    assert carousel.diff_low <= -0.03 <= carousel.diff_high
    assert image.difference == pytest.approx(-0.03) and image.mean == pytest.approx(1.11 / 7)
    assert story.median == pytest.approx(0.155)
    assert (text.n, text.n_unknown) == (0, 2) and math.isnan(text.median) and math.isnan(text.ci_low)
    assert math.isnan(text.p_value)
    # reel vs carousel: 5 against 5, C(10,5) = 252 splits, enumerated.
    assert carousel.test == "exact permutation (252 splits)"
    assert [g.p_holm for g in (story, carousel, image)] == pytest.approx(
        holm([story.p_value, carousel.p_value, image.p_value]).tolist()
    )
    assert result.warnings == [
        "text: all 2 posts have an unknown value; left out of the comparison",
        "fewer than 5 posts with a known value in story (n=2): intervals are wide and these groups are not "
        "eligible as best",
    ]


def test_compare_by_mean_picks_the_viral_group():
    result = compare(_groups(), stat="mean")
    assert result.best == "image"
    assert result.group("reel").difference == pytest.approx(0.07 - 1.11 / 7)


def test_compare_when_every_group_is_small():
    result = compare({"a": [1, 2], "b": [3, 4, 5]}, min_n=5)
    assert result.best == "b"
    assert result.warnings == [
        "every group has fewer than 5 posts with a known value: treat the differences as anecdotes, not "
        "evidence; collect more posts before deciding"
    ]
    assert result.group("a").difference == 1.5 - 4.0


def test_compare_single_group_and_empty():
    one = compare({"reel": [1, 2, 3, 4, 5]})
    assert one.best == "reel" and one.warnings == ["fewer than two groups have a known value: nothing to compare"]
    none = compare({"reel": [NAN]})
    assert none.best is None
    assert "reel: all 1 posts have an unknown value; left out of the comparison" in none.warnings


def test_compare_is_deterministic_and_groups_do_not_disturb_each_other():
    rng = np.random.default_rng(8)
    groups = {"a": rng.lognormal(size=30), "b": rng.lognormal(size=25)}
    first, second = compare(groups), compare(groups)
    assert first == second
    more = compare({**groups, "c": rng.lognormal(size=20)})
    assert more.group("a").ci_low == first.group("a").ci_low
    assert more.group("b").ci_high == first.group("b").ci_high
    # Medians of resamples take few distinct values; a new seed moves at least one bound.
    other = compare(groups, seed=1).group("a")
    assert (other.ci_low, other.ci_high) != (first.group("a").ci_low, first.group("a").ci_high)


def test_compare_with_mann_whitney_and_json():
    result = compare(_groups(), test="mann-whitney")
    carousel = result.group("carousel")
    assert carousel.p_value == mann_whitney_u(_groups()["carousel"], _groups()["reel"]).p_value
    data = result.as_dict()
    text = json.dumps(data, allow_nan=False)  # NaN became null
    assert json.loads(text)["groups"][-1]["median"] is None
    assert "Holm-adjusted" in data["method"]
    assert data["best"] == "reel" and data["test"] == "mann-whitney"


def test_compare_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown test"):
        compare({"a": [1]}, test="t-test")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_n must be at least 1"):
        compare({"a": [1]}, min_n=0)
