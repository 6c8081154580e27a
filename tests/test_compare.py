"""Message comparison: the statistics on hand-computed examples, the database path, the CLI."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import insert, select

from collectors.records import AccountRef, MetricSnapshotRecord, PostRecord
from outreach.analysis.compare import (
    Interval,
    bootstrap_ci,
    compare,
    compare_posts,
    difference_ci,
    holm,
    known,
    local_hour_weekday,
    mann_whitney_u,
    permutation_test,
)
from outreach.config import Config
from outreach.errors import OutreachError
from outreach.models import Assignment, Post
from outreach.store import Store
from tests.helpers import run_cli

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
    ours = mann_whitney_u(a, b, continuity=continuity, method="asymptotic")
    theirs = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic", use_continuity=continuity)
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9)


def test_mann_whitney_by_hand():
    # a = [4, 5, 6], b = [1, 2, 3]: every a beats every b, U = 9, mean 4.5,
    # variance 3*3*7/12 = 5.25; z = (4.5 - 0.5) / sqrt(5.25) = 1.7457; p = 0.0809.
    result = mann_whitney_u([4, 5, 6, NAN], [1, 2, 3], method="asymptotic")
    assert result.statistic == 9.0
    assert result.p_value == pytest.approx(math.erfc(4 / math.sqrt(5.25) / math.sqrt(2)))
    assert result.p_value == pytest.approx(0.0809, abs=1e-4)
    # Exactly: of the C(6,3) = 20 splits only the observed one and its mirror have |U - 4.5| = 4.5.
    exact = mann_whitney_u([4, 5, 6, NAN], [1, 2, 3])
    assert (exact.statistic, exact.p_value, exact.method) == (
        9.0,
        2 / 20,
        "Mann-Whitney U (exact distribution)",
    )
    assert mann_whitney_u([3, 3], [3, 3, 3]).p_value == 1.0
    assert mann_whitney_u([3, 3], [3, 3, 3], method="asymptotic").p_value == 1.0


def test_mann_whitney_exact_for_small_groups():
    # One post against three: its rank is 1, 2, 3 or 4 with probability 1/4 each; the highest
    # and the lowest are as extreme as each other, so p = 2/4 (the normal approximation says 0.371).
    assert mann_whitney_u([9], [1, 2, 3]).p_value == 0.5
    assert mann_whitney_u([9], [1, 2, 3], method="asymptotic").p_value == pytest.approx(0.371, abs=1e-3)
    # Ties: [1, 1, 2] against [1, 2, 2, 3] by brute force over all C(7,3) = 35 splits.
    pooled = np.array([1, 1, 2, 1, 2, 2, 3], dtype=float)
    ranks = np.array([2, 2, 5, 2, 5, 5, 7], dtype=float)  # average ranks
    sums = np.array([ranks[list(c)].sum() for c in __import__("itertools").combinations(range(7), 3)])
    observed = ranks[:3].sum()
    expected = 3 * 4.0
    brute = np.mean(np.abs(sums - expected) >= abs(observed - expected) - 1e-9)
    assert mann_whitney_u(pooled[:3], pooled[3:]).p_value == pytest.approx(brute)


@pytest.mark.parametrize("seed", range(4))
def test_mann_whitney_exact_matches_scipy(seed):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=3 + seed), rng.normal(0.5, 1, size=6 - seed // 2)  # no ties: scipy's exact case
    theirs = stats.mannwhitneyu(a, b, alternative="two-sided", method="exact")
    assert mann_whitney_u(a, b).p_value == pytest.approx(theirs.pvalue, rel=1e-9)


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
    # reel has the highest median among the groups with 5 or more posts, but it is not clearly
    # ahead of carousel or image once the choice of the top group is accounted for: no best.
    assert (result.leader, result.best) == ("reel", None)
    names = [g.name for g in result.groups]
    assert names == ["reel", "story", "carousel", "image", "text"]
    reel, story, carousel, image, text = result.groups
    assert (reel.n, reel.n_unknown, reel.median, reel.leader, reel.best) == (5, 1, 0.07, True, False)
    assert reel.mean == pytest.approx(0.07)
    # Five values: no order-statistic interval reaches 95 % ([min, max] covers 1 - 2/32 = 93.75 %).
    assert (reel.ci_low, reel.ci_high) == (-math.inf, math.inf)
    # Seven values: [min, max] covers 1 - 2/128 = 98.4 %.
    assert (image.ci_low, image.ci_high) == (0.01, 0.90)
    assert math.isnan(reel.difference) and math.isnan(reel.p_value) and math.isnan(reel.p_adjusted)
    assert carousel.difference == pytest.approx(-0.03)
    assert carousel.diff_low <= -0.03 <= carousel.diff_high
    assert image.difference == pytest.approx(-0.03) and image.mean == pytest.approx(1.11 / 7)
    # story has two posts: described, not tested, and never best although its median is higher.
    assert story.median == pytest.approx(0.155) and story.difference == pytest.approx(0.085)
    assert math.isnan(story.p_value) and math.isnan(story.p_adjusted) and math.isnan(story.diff_low)
    assert (text.n, text.n_unknown) == (0, 2) and math.isnan(text.median) and math.isnan(text.ci_low)
    assert math.isnan(text.p_value)
    # reel vs carousel alone: 5 against 5, C(10,5) = 252 splits, enumerated; p just below 0.05,
    # which Holm over the pairs would have kept. The max-statistic test over the three groups
    # (15!/(5!5!5!) splits, so 10,000 random ones) also counts picking reel as the top.
    assert carousel.test == "exact permutation (252 splits)" and carousel.p_value == pytest.approx(12 / 252)
    assert result.permutations == 10_000 and not result.exact
    for group in (carousel, image):
        assert group.p_adjusted > 0.05 and group.p_holm == group.p_adjusted
        assert group.diff_low < 0 < group.diff_high  # consistent with the adjusted p
    assert [g.verdict_code for g in result.groups] == [
        "none_stands_out",
        "too_few",
        "no_clear_difference",
        "no_clear_difference",
        "no_known",
    ]
    assert [g.verdict for g in result.groups] == [
        "no group stands out",
        "too few posts to judge",
        "no clear difference",
        "no clear difference",
        "no known value",
    ]
    assert result.warnings == [
        "text: all 2 posts have an unknown value; left out of the comparison",
        (
            "fewer than 5 posts with a known value in story (n=2): too few to judge, so these groups are left "
            "out of the tests and cannot be best"
        ),
    ]


def test_clear_best_and_clearly_lower():
    result = compare({"a": [1, 2, 3, 4, 5, 6], "b": [13, 14, 15, 16, 17], "c": [12, 13, 14, 15, 16, 18]})
    assert (result.leader, result.best) == ("b", None)  # b is not clearly ahead of c
    assert [(g.name, g.verdict_code) for g in result.groups] == [
        ("b", "top_not_clear"),
        ("c", "no_clear_difference"),
        ("a", "clearly_lower"),
    ]
    a = result.group("a")
    assert a.verdict == "lower, and clearly so" and a.p_adjusted < 0.05 and a.diff_high < 0
    two = compare({"a": [1, 2, 3, 4, 5, 6], "b": [13, 14, 15, 16, 17]}, language="id")
    assert two.best == "b" and two.group("b").best
    assert two.group("b").verdict == "terbaik: jelas unggul dari semua kelompok yang cukup postingannya"
    assert two.group("a").verdict == "lebih rendah, dan jelas"
    # Two groups: every one of the C(11,5) = 462 splits, and the adjusted p is the two-group one.
    assert two.exact and two.permutations == 462
    assert two.group("a").p_adjusted == pytest.approx(two.group("a").p_value)
    data = two.as_dict()
    assert data["groups"][0]["verdict_code"] == "best" and data["leader"] == "b"


def test_interval_excludes_zero_exactly_when_the_adjusted_p_is_below_005():
    rng = np.random.default_rng(11)
    seen = set()
    for trial in range(30):
        shift = rng.uniform(0, 2)
        groups = {f"g{k}": rng.lognormal(shift * (k == 0), 1, size=8 + k) for k in range(3)}
        result = compare(groups, n_resamples=999, seed=trial)
        for group in result.groups:
            if math.isnan(group.p_adjusted):
                continue
            excludes = group.diff_low > 0 or group.diff_high < 0
            assert excludes == (group.p_adjusted < 0.05), (trial, group)
            assert group.p_adjusted >= group.p_value  # never bolder than the group's own two-group test
            assert excludes == (group.verdict_code == "clearly_lower")
            seen.add(excludes)
    assert seen == {True, False}


def test_compare_by_mean_picks_the_viral_group():
    result = compare(_groups(), stat="mean")
    assert result.leader == "image" and result.best is None
    assert result.group("image").verdict_code == "none_stands_out"
    assert result.group("reel").difference == pytest.approx(0.07 - 1.11 / 7)
    # The mean's interval is BCa bootstrap: it holds the estimate.
    reel = result.group("reel")
    assert reel.ci_low <= reel.mean <= reel.ci_high


def test_compare_when_every_group_is_small():
    result = compare({"a": [1, 2], "b": [3, 4, 5]}, min_n=5)
    assert (result.leader, result.best) == ("b", None)  # too few posts to call anything best
    assert result.warnings == [
        (
            "every group has fewer than 5 posts with a known value: treat the differences as anecdotes, "
            "not evidence; collect more posts before deciding"
        )
    ]
    assert result.group("a").difference == 1.5 - 4.0
    assert [g.verdict_code for g in result.groups] == ["too_few", "too_few"]
    # Still tested (all 10 splits), so a script sees the evidence is weak.
    assert result.exact and result.permutations == 10 and result.group("a").p_adjusted > 0.05


def test_one_group_with_enough_posts_and_small_ones():
    result = compare({"a": [5, 6, 7, 8, 9, 10], "b": [1, 2], "c": [3, 4, 5]})
    assert (result.leader, result.best) == ("a", None)
    assert [(g.name, g.verdict_code) for g in result.groups] == [
        ("a", "none_stands_out"),
        ("c", "too_few"),
        ("b", "too_few"),
    ]
    assert not math.isnan(result.group("b").p_adjusted)  # tested, for a first look
    assert result.warnings == [
        (
            "fewer than 5 posts with a known value in c (n=3), b (n=2): too few to judge; their p-values are "
            "a first look only, and no group can be called best"
        )
    ]


def test_compare_single_group_and_empty():
    one = compare({"reel": [1, 2, 3, 4, 5]})
    assert (one.leader, one.best) == ("reel", None) and one.warnings == [
        "fewer than two groups have a known value: nothing to compare"
    ]
    assert one.groups[0].verdict == "nothing to compare with"
    none = compare({"reel": [NAN]})
    assert none.best is None and none.leader is None
    assert "reel: all 1 posts have an unknown value; left out of the comparison" in none.warnings
    empty = compare({"ajakan": [], "data": [1.0, 2.0]})
    assert empty.group("ajakan").verdict_code == "no_posts" and empty.group("ajakan").n == 0


def test_compare_is_deterministic_and_groups_do_not_disturb_each_other():
    rng = np.random.default_rng(8)
    groups = {"a": rng.lognormal(size=30), "b": rng.lognormal(size=25)}
    first, second = compare(groups), compare(groups)
    assert first == second
    more = compare({**groups, "c": rng.lognormal(size=20)})
    assert more.group("a").ci_low == first.group("a").ci_low
    assert more.group("b").ci_high == first.group("b").ci_high
    # The median's interval is order statistics (no resampling): 30 values give [x(10), x(21)].
    ordered = np.sort(groups["a"])
    assert (first.group("a").ci_low, first.group("a").ci_high) == (ordered[9], ordered[20])
    # The mean's interval is bootstrap: a new seed moves it.
    by_mean = compare(groups, stat="mean").group("a")
    other = compare(groups, stat="mean", seed=1).group("a")
    assert (other.ci_low, other.ci_high) != (by_mean.ci_low, by_mean.ci_high)


def test_compare_with_mann_whitney_and_json():
    result = compare(_groups(), test="mann-whitney")
    carousel = result.group("carousel")
    assert carousel.p_value == mann_whitney_u(_groups()["carousel"], _groups()["reel"]).p_value
    assert carousel.test == "Mann-Whitney U (exact distribution)"
    data = result.as_dict()
    text = json.dumps(data, allow_nan=False)  # NaN and ±inf became null
    assert json.loads(text)["groups"][-1]["median"] is None
    assert "max-statistic permutation test" in data["method"] and "mean ranks" in data["method"]
    assert data["best"] is None and data["leader"] == "reel" and data["test"] == "mann-whitney"
    assert {"verdict", "verdict_code", "p_adjusted", "leader"} <= set(data["groups"][0])


def test_compare_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown test"):
        compare({"a": [1]}, test="t-test")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_n must be at least 1"):
        compare({"a": [1]}, min_n=0)


# --------------------------------------------------------------------------- the database path

NOW = datetime(2026, 5, 1, 0, 0)  # naive UTC, like the database
DAYS = timedelta(days=1)
IG = AccountRef("instagram", "sukamajukab", "17841400000000001", "Diskominfo Sukamaju")
XA = AccountRef("x", "sukamajukab", "1500000000000000001", "Diskominfo Sukamaju")
# English reports, so that the assertions below read as the code; the Indonesian
# default has its own tests at the end.
CONFIG = Config(
    report={"language": "en"},
    campaigns=[
        {"key": "adi-export", "name": "ADI EXPORT", "pillars": ["economy"],
         "variants": [{"key": "ajakan", "name": "Ajakan"}, {"key": "data", "name": "Angka ekspor"}]},
        {"key": "menanam-pohon", "name": "Gerakan Menanam Pohon"},
    ]
)  # fmt: skip


def _ig(post_id, published, kind, snapshots):
    """An Instagram post and its snapshots: (days after publishing, rate by reach or None=unknown reach)."""
    yield PostRecord("instagram", post_id, IG, published, kind, f"post {post_id}")
    for days, likes, reach in snapshots:
        yield MetricSnapshotRecord(
            "instagram", post_id, published + days * DAYS, "meta_content",
            {"views": 2 * (reach or 1000), "reach": reach, "likes": likes, "comments": 0, "shares": 0, "saves": 0},
        )  # fmt: skip


def _records(now=NOW):
    base = datetime(2026, 3, 2, 1, 0)  # Monday 08:00 WIB
    # Five reels measured at day 7: engagement rates 0.10 ... 0.18; one more with unknown reach.
    for i, likes in enumerate([100, 120, 140, 160, 180]):
        yield from _ig(f"r{i}", base + i * DAYS, "reel", [(7, likes, 1000)])
    yield from _ig("r-noreach", base, "reel", [(7, 150, None)])
    # Four carousels at day 7 (0.04 ... 0.07) and one seen at days 4 and 10 only:
    # 40/400 and 120/1000 interpolate at day 7 to 80/700 ... see the test.
    for i, likes in enumerate([40, 50, 60, 70]):
        yield from _ig(
            f"c{i}", base + i * DAYS + timedelta(hours=11), "carousel", [(7, likes, 1000)]
        )  # 19:00 WIB
    yield from _ig("c-between", base, "carousel", [(4, 40, 400), (10, 100, 1000)])
    # Too young for a 7-day value, and an old post exported only on its second day.
    yield from _ig("young", now - 2 * DAYS, "reel", [(1, 500, 1000)])
    yield from _ig("stopped", now - 60 * DAYS, "carousel", [(2, 10, 100)])
    # X has no reach: the reach-based rate is unknown for every X post.
    for i in range(3):
        published = base + i * DAYS
        yield PostRecord("x", f"x{i}", XA, published, "text", f"tweet {i}")
        yield MetricSnapshotRecord(
            "x",
            f"x{i}",
            published + 7 * DAYS,
            "x_content",
            {"views": 1000, "likes": 10 * (i + 1), "replies": 1},
        )


def _post_ids(connection):
    return dict(connection.execute(select(Post.platform_post_id, Post.id)).all())


def _tag(connection, rows):
    ids = _post_ids(connection)
    connection.execute(
        insert(Assignment),
        [
            {"post_id": ids[post], "kind": kind, "key": key, "origin": "manual", "excluded": excluded,
             "assigned_at": NOW}
            for post, kind, key, excluded in rows
        ],
    )  # fmt: skip


@pytest.fixture
def database(sqlite_engine):
    with sqlite_engine.begin() as connection:
        store = Store(connection)
        store.sync_config(CONFIG)
        store.write(_records())
        _tag(
            connection,
            [
                *[(f"r{i}", "pillar", "economy", False) for i in range(5)],
                *[(f"c{i}", "pillar", "environment", False) for i in range(4)],
                ("c-between", "pillar", "environment", False),
                ("r0", "pillar", "environment", False),  # in two pillars
                ("c0", "pillar", "economy", True),  # an officer said: not economy
                *[(p, "campaign", "adi-export", False) for p in ("r0", "r1", "r2", "c0", "c1", "c2", "x0")],
                *[(p, "variant", "adi-export/ajakan", False) for p in ("r0", "r1", "r2")],
                *[(p, "variant", "adi-export/data", False) for p in ("c0", "c1", "c2")],
            ],
        )
    return sqlite_engine


def _run(engine, **options):
    options.setdefault("now", NOW)
    with engine.connect() as connection:
        return compare_posts(connection, CONFIG, **options)


def test_by_type_within_each_platform(database):
    report = _run(database, by="type")
    assert (report.metric, report.column, report.is_rate) == ("engagement_rate", "rate_reach", True)
    assert (
        report.definition == "Engagements ÷ reach (rate_reach, chosen by engagement.rate_by in outreach.toml)"
    )
    assert report.engagements == {"instagram": "likes + comments + shares + saves",
                                  "x": "likes + replies + reposts + quotes + bookmarks"}  # fmt: skip
    assert [s.platform for s in report.sections] == ["instagram", "x"]
    assert report.notes == ["compared within each platform (instagram, x); --all-platforms pools them"]
    instagram, x = report.sections
    assert instagram.left_out == {
        "younger than 7 days": 1,
        "not measured at 7 days (no export near that age)": 1,
    }
    result = instagram.comparison
    assert result.best == "reel"
    reel, carousel = result.groups
    # The reel with unknown reach is counted as unknown, not as a rate of 0.
    assert (reel.n, reel.n_unknown, reel.median) == (5, 1, pytest.approx(0.14))
    # c-between at day 7 lies halfway... 3/6 of the way from day 4 to day 10:
    # likes 40 + 60 * 3/6 = 70, reach 400 + 600 * 3/6 = 700, rate 0.10.
    # Carousel rates 0.04, 0.05, 0.06, 0.07, 0.10: median 0.06, mean 0.064.
    assert (carousel.n, carousel.n_unknown) == (5, 0)
    assert carousel.median == pytest.approx(0.06) and carousel.mean == pytest.approx(0.064)
    assert carousel.difference == pytest.approx(-0.08)
    # Fully separated groups of five: 2 of C(10,5) = 252 splits are as extreme... for medians more.
    assert carousel.test == "exact permutation (252 splits)" and carousel.p_value < 0.05
    assert instagram.posts == 11
    xs = x.comparison
    # X has no reach: the default engagement rate falls back to views there, and says so.
    assert [(g.name, g.n, g.n_unknown) for g in xs.groups] == [("text", 3, 0)]
    assert xs.group("text").median == pytest.approx(0.021)  # (20 + 1) / 1000
    assert x.notes[0] == (
        "x: no reach in the exports, so engagement rate by views (engagements ÷ views) is used here"
    )


def test_an_explicit_metric_does_not_fall_back(database):
    report = _run(database, by="type", platform="x", metric="rate_reach")
    (section,) = report.sections
    assert [(g.name, g.n, g.n_unknown) for g in section.comparison.groups] == [("text", 0, 3)]
    assert section.notes == ["no post on x has a known rate_reach at this age; choose another --metric"]


def test_by_type_on_views_rate_for_x(database):
    report = _run(database, by="type", platform="x", metric="rate_views")
    (section,) = report.sections
    assert section.platform == "x"
    (text,) = section.comparison.groups
    # (likes + replies) / views: 11/1000, 21/1000, 31/1000; reposts, quotes, bookmarks unknown.
    assert (text.n, text.median) == (3, pytest.approx(0.021))
    assert section.notes == [
        "3 posts have partial engagements (some actions unknown; the known ones are summed)"
    ]


def test_lifetime_includes_young_posts(database):
    report = _run(database, by="type", platform="instagram", age_days=None)
    (section,) = report.sections
    assert section.left_out == {}
    reel = section.comparison.group("reel")
    assert reel.n == 6  # the young reel's latest numbers count now
    carousel = section.comparison.group("carousel")
    # Lifetime: c-between is 100/1000 = 0.10 and "stopped" 10/100 = 0.10 join the four.
    assert carousel.n == 6 and carousel.median == pytest.approx(0.065)


def test_by_pillar_overlaps_and_respects_exclusions(database):
    report = _run(database, by="pillar", platform="instagram")
    (section,) = report.sections
    groups = {g.name: g for g in section.comparison.groups}
    assert groups["economy"].n == 5 and groups["economy"].n_unknown == 0  # c0 was excluded by hand
    assert groups["environment"].n == 6  # four carousels, c-between and r0
    assert section.left_out["with no pillar"] == 1  # r-noreach
    assert report.notes == [
        (
            "pillar groups overlap: 1 post is in more than one pillar and count in each, so the groups "
            "are not independent and the p-values are approximate"
        )
    ]


def test_by_variant_within_a_campaign(database):
    report = _run(database, by="variant", campaign="adi-export")
    assert [s.platform for s in report.sections] == ["instagram", "x"]
    instagram = report.sections[0]
    names = [(g.name, g.n) for g in instagram.comparison.groups]
    assert names == [("ajakan", 3), ("data", 3)]
    assert instagram.comparison.group("data").difference == pytest.approx(0.05 - 0.12)
    assert report.sections[1].left_out == {"with no message variant": 1}
    assert "every group has fewer than 5 posts" in instagram.comparison.warnings[0]


def test_by_hour_and_weekday_in_the_report_time_zone(database):
    hours = _run(database, by="hour", platform="instagram")
    assert {g.name: g.n for g in hours.sections[0].comparison.groups} == {"08:00": 6, "19:00": 4}
    weekdays = _run(database, by="weekday", platform="instagram", stat="mean")
    names = {g.name for g in weekdays.sections[0].comparison.groups}
    assert names == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
    # 20:00 UTC on a Sunday is 03:00 on Monday in Jakarta.
    hour, day = local_hour_weekday(
        np.array(["2026-03-01T20:00:00", "NaT"], dtype="datetime64[s]"), "Asia/Jakarta"
    )
    assert hour.tolist() == [3, -1] and day.tolist() == [0, -1]


def test_by_platform_falls_back_to_views_for_every_platform(database):
    # The default rate is by reach; X has none. Rather than "nothing to compare", the pooled
    # table uses the rate by views for both platforms, and says so.
    report = _run(database, by="platform")
    (section,) = report.sections
    assert section.notes == [
        (
            "x: no reach in the exports, so engagement rate by views (engagements ÷ views) is used here for "
            "every platform"
        ),
        "3 posts have partial engagements (some actions unknown; the known ones are summed)",
    ]
    groups = {g.name: g for g in section.comparison.groups}
    assert set(groups) == {"instagram", "x"}
    # Instagram views are twice the reach (or 2,000): r-noreach now counts (150 / 2,000).
    assert (groups["instagram"].n, groups["instagram"].n_unknown) == (11, 0)
    assert (groups["x"].n, groups["x"].median) == (3, pytest.approx(0.021))
    assert section.comparison.leader == "instagram"
    assert "nothing to compare" not in " ".join(section.comparison.warnings)
    pooled = _run(database, by="type", all_platforms=True)
    assert pooled.sections[0].notes[0].startswith("x: no reach in the exports")
    assert pooled.sections[0].comparison.group("text").n == 3


def test_since_and_until_select_by_local_publish_day(database):
    # Reels r0..r4 go out on 2..6 March at 08:00 WIB, carousels c0..c3 on 2..5 March at 19:00 WIB.
    later = _run(database, by="type", platform="instagram", since=date(2026, 3, 4))
    groups = {g.name: g.n for g in later.sections[0].comparison.groups}
    assert groups == {"reel": 3, "carousel": 2}
    window = _run(database, by="type", platform="instagram", since=date(2026, 3, 3), until=date(2026, 3, 3))
    assert {g.name: g.n for g in window.sections[0].comparison.groups} == {"reel": 1, "carousel": 1}


def test_groups_without_posts_are_listed_with_zero(database):
    config = CONFIG.model_copy(deep=True)
    config.campaigns[0].variants.append(config.campaigns[0].variants[0].model_copy(update={"key": "video"}))
    with database.connect() as connection:
        report = compare_posts(connection, config, by="variant", campaign="adi-export", now=NOW)
    instagram = report.sections[0].comparison
    assert [(g.name, g.n, g.verdict_code) for g in instagram.groups] == [
        ("ajakan", 3, "too_few"),
        ("data", 3, "too_few"),
        ("video", 0, "no_posts"),
    ]
    pillars = _run(database, by="pillar", platform="instagram").sections[0].comparison
    names = {g.name: g.n for g in pillars.groups}
    assert names["economy"] == 5 and names["environment"] == 6
    assert {name for name, n in names.items() if n == 0} == {"governance", "branding", "living", "society"}
    assert pillars.group("living").verdict == "no posts"


def test_by_platform_pools(database):
    report = _run(database, by="platform", metric="views")
    (section,) = report.sections
    assert section.platform is None
    assert report.notes[0].startswith("platforms pooled:")
    assert {g.name for g in section.comparison.groups} == {"instagram", "x"}
    assert report.is_rate is False


@pytest.mark.parametrize(
    "options, message",
    [
        ({"by": "type", "campaign": "adi"}, "unknown campaign 'adi'; configured campaigns: adi-export, menanam-pohon"),
        ({"by": "type", "metric": "likes_per_day"}, "unknown metric 'likes_per_day'; choose from engagement_rate, "),
        ({"by": "variant"}, ("--by variant compares one campaign's message variants; add --campaign KEY "
                             "(campaigns with variants: adi-export)")),
        ({"by": "type", "platform": "x", "all_platforms": True}, "use either --platform or --all-platforms, not both"),
        ({"by": "platform", "platform": "x"}, "--by platform compares the platforms with each other; drop --platform"),
        ({"by": "colour"}, "cannot compare by 'colour'; choose from variant, type, hour"),
        ({"by": "type", "age_days": 0}, "--age must be a number of days above 0, or lifetime; got 0"),
        ({"by": "type", "metric": "performance_index"},
         ("performance_index compares each post with earlier posts of its own type, so every type averages "
          "about 1.0 by construction; compare types by another --metric (e.g. engagement_rate)")),
    ],
)  # fmt: skip
def test_mistakes_say_what_to_do(database, options, message):
    with pytest.raises(OutreachError) as error:
        _run(database, **options)
    assert str(error.value).startswith(message)


# --------------------------------------------------------------------------- the command line

CONFIG_TOML = """
[report]
language = "en"

[[campaigns]]
key = "adi-export"
name = "ADI EXPORT"
variants = [{ key = "ajakan" }, { key = "data" }]
"""


@pytest.fixture
def cli_database(tmp_path, sqlite_engine, sqlite_url):
    config_path = tmp_path / "outreach.toml"
    config_path.write_text(CONFIG_TOML, encoding="utf-8")
    now = datetime.now(UTC).replace(tzinfo=None)  # the command judges "too young" by the clock
    with sqlite_engine.begin() as connection:
        Store(connection).write(_records(now))
    return tmp_path, sqlite_url.removeprefix("sqlite:///")


def test_cli_table(cli_database):
    folder, db = cli_database
    result = run_cli("--db", db, "compare", "--by", "type", "--platform", "instagram", cwd=folder)
    assert result.code == 0, result.err
    out = result.out
    assert "engagement_rate by type on instagram (at 7 days, 11 posts)" in out
    assert "reel" in out and "best" in out and "14.00%" in out
    assert "-8.00 pp [" in out
    assert "Left out: 1 younger than 7 days, 1 not measured at 7 days (no export near that age)." in out
    assert (
        "Metric: engagement_rate = Engagements ÷ reach (rate_reach, chosen by engagement.rate_by in outreach.toml)."
        in out
    )
    assert "Engagements on instagram = likes + comments + shares + saves" in out
    assert "Method: Per group:" in out and "max-statistic" in out
    assert result.err == ""


def test_cli_json_and_warnings(cli_database):
    folder, db = cli_database
    result = run_cli(
        "--db", db, "compare", "--by", "type", "--json", "--min-n", "6", "--age", "7", cwd=folder
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["by"] == "type" and report["age_days"] == 7.0 and report["metric_column"] == "rate_reach"
    instagram = report["sections"][0]
    # Every group below --min-n 6: reel leads but is not called best, and no group is judged.
    assert (
        instagram["platform"] == "instagram" and instagram["best"] is None and instagram["leader"] == "reel"
    )
    assert [g["verdict_code"] for g in instagram["groups"]] == ["too_few", "too_few"]
    reel = instagram["groups"][0]
    assert (reel["name"], reel["n"], reel["n_unknown"]) == ("reel", 5, 1)
    assert reel["difference"] is None and instagram["groups"][1]["p_holm"] is not None
    assert instagram["warnings"][0].startswith("every group has fewer than 6 posts")
    # X: reach unknown (never 0), so the default rate is by views there, with a note.
    assert report["sections"][1]["groups"][0]["median"] == pytest.approx(0.021)
    assert "engagement rate by views" in report["sections"][1]["notes"][0]


def test_cli_lifetime_and_errors(cli_database):
    folder, db = cli_database
    lifetime = run_cli("--db", db, "compare", "--by", "type", "--age", "lifetime", "--json", cwd=folder)
    assert lifetime.code == 0, lifetime.err
    assert json.loads(lifetime.out)["age_days"] is None
    bad_age = run_cli("--db", db, "compare", "--by", "type", "--age", "week", cwd=folder)
    assert (bad_age.code, bad_age.err) == (
        1,
        "Error: --age 'week' is not a number of days; use e.g. --age 7 or --age lifetime\n",
    )
    campaign = run_cli("--db", db, "compare", "--by", "variant", "--campaign", "adi", cwd=folder)
    assert campaign.code == 1
    assert campaign.err == "Error: unknown campaign 'adi'; configured campaigns: adi-export\n"
    metric = run_cli("--db", db, "compare", "--by", "type", "--metric", "ctr", cwd=folder)
    assert metric.code == 1 and metric.err.startswith(
        "Error: unknown metric 'ctr'; choose from engagement_rate, rate_reach"
    )


def test_cli_help_has_an_example():
    import outreach.cli  # noqa: F401  (registers the command modules in order)
    from outreach.analysis.compare import GROUPINGS
    from outreach.cli.compare import GROUPINGS as CLI_GROUPINGS

    assert CLI_GROUPINGS == GROUPINGS
    result = run_cli("compare", "-h")
    assert result.code == 0
    assert "Example:\n    outreach compare --by type --platform instagram" in result.out


def test_empty_database_has_nothing_to_compare(sqlite_engine):
    report = _run(sqlite_engine, by="pillar")
    (section,) = report.sections
    assert (section.platform, section.posts, section.comparison.best) == (None, 0, None)
    assert section.notes == ["no posts to compare"]


# --------------------------------------------------------------------------- the report language

ID_CONFIG = CONFIG.model_copy(update={"report": CONFIG.report.model_copy(update={"language": "id"})})


def test_default_language_is_indonesian(database):
    assert Config().report.language == "id"
    with database.connect() as connection:
        report = compare_posts(connection, ID_CONFIG, by="pillar", platform="instagram", now=NOW)
    assert report.language == "id"
    assert report.definition == (
        "Interaksi ÷ jangkauan (rate_reach, dipilih lewat engagement.rate_by di outreach.toml)"
    )
    assert report.engagements == {"instagram": "suka + komentar + bagikan + simpan"}
    (section,) = report.sections
    # The JSON keeps the English reasons as keys; the report shows them in Indonesian.
    assert section.left_out == {
        "younger than 7 days": 1,
        "not measured at 7 days (no export near that age)": 1,
        "with no pillar": 1,
    }
    assert section.left_out_shown() == {
        "berumur kurang dari 7 hari": 1,
        "tidak terukur pada umur 7 hari (tidak ada ekspor sekitar umur itu)": 1,
        "tanpa pilar": 1,
    }
    assert report.notes[0].startswith("kelompok pilar tumpang tindih: 1 postingan masuk lebih dari satu")
    method = section.comparison.method
    assert method.startswith(
        "Per kelompok: interval 95% untuk median dari statistik urutan, bebas distribusi"
    )
    assert "uji permutasi dua sisi atas selisih median" in method and "statistik maksimum" in method
    # An explicit language wins over the configuration.
    with database.connect() as connection:
        english = compare_posts(
            connection, ID_CONFIG, by="pillar", platform="instagram", now=NOW, language="en"
        )
    assert english.definition.startswith("Engagements ÷ reach") and english.language == "en"


def test_warnings_in_indonesian():
    result = compare(_groups(), language="id")
    assert result.warnings == [
        "text: nilai semua 2 postingan tidak diketahui; tidak diikutkan dalam perbandingan",
        (
            "terlalu sedikit postingan (kurang dari 5 dengan nilai yang diketahui) pada story (n=2): "
            "belum bisa dinilai, jadi kelompok ini tidak diuji dan tidak dapat menjadi yang terbaik"
        ),
    ]
    assert compare({"a": [1]}, language="id").warnings[-1].startswith("kurang dari dua kelompok")
    assert "rata-rata tertinggi" in compare(_groups(), stat="mean", language="id").method


def test_cli_table_in_indonesian_by_default(cli_database):
    folder, db = cli_database
    toml = folder / "outreach.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "en"\n', ""), encoding="utf-8")
    result = run_cli("--db", db, "compare", "--by", "type", "--platform", "instagram", cwd=folder)
    assert result.code == 0, result.err
    out = result.out
    assert "engagement_rate per jenis postingan di instagram (umur 7 hari, 11 postingan)" in out
    headers = ("jenis postingan", "tidak diketahui", "rata-rata", "IK 95% median",
               "selisih thd. teratas", "nilai p (disesuaikan)", "penilaian")  # fmt: skip
    for header in headers:
        assert header in out, header
    assert "terbaik" in out and "14,00%" in out and "-8,00 pp [" in out
    assert (
        "Tidak diikutkan: 1 postingan berumur kurang dari 7 hari, 1 postingan tidak terukur pada umur 7 hari"
        in out
    )
    assert (
        "Metrik: engagement_rate = Interaksi ÷ jangkauan (rate_reach, dipilih lewat engagement.rate_by di "
        "outreach.toml)." in out
    )
    assert "Interaksi di instagram = suka + komentar + bagikan + simpan." in out
    assert "Metode: Per kelompok: interval 95%" in out
    assert "Nilai yang tidak diketahui tidak diikutkan, bukan dihitung sebagai 0." in out
    assert "Metric:" not in out and "Left out" not in out and "best" not in out
    assert result.err == ""


def _set_language(folder, language):
    toml = folder / "outreach.toml"
    text = toml.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"')
    toml.write_text(text, encoding="utf-8")


def test_cli_json_keeps_english_keys_in_indonesian(cli_database):
    folder, db = cli_database
    _set_language(folder, "id")
    result = run_cli("--db", db, "compare", "--by", "type", "--json", "--min-n", "6", cwd=folder)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["language"] == "id" and report["metric_definition"].startswith("Interaksi ÷ jangkauan")
    instagram = report["sections"][0]
    assert {"left_out", "notes", "warnings", "method", "groups", "best"} <= set(instagram)
    assert "younger than 7 days" in instagram["left_out"]
    assert instagram["warnings"][0].startswith("setiap kelompok punya kurang dari 6 postingan")
    assert "tingkat interaksi per tayangan" in report["sections"][1]["notes"][0]


def test_cli_weekdays_in_indonesian(cli_database):
    folder, db = cli_database
    _set_language(folder, "id")
    result = run_cli("--db", db, "compare", "--by", "weekday", "--platform", "instagram", cwd=folder)
    assert result.code == 0, result.err
    assert "Senin" in result.out and "Monday" not in result.out
    assert "Jam dan hari menurut zona waktu Asia/Jakarta." in result.out
