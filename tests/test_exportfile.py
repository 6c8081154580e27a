"""Number cells shared by every collector."""

from __future__ import annotations

import pytest

from collectors.exportfile import parse_count


@pytest.mark.parametrize(
    ("text", "count"),
    [("1777.0", 1777), ("12", 12), ("1.234", 1234), ("12.500", 12500), ("1.234.567", 1234567),
     ("", None), ("-", None), ("undefined", None)],
)  # fmt: skip
def test_counts(text, count):
    # A count cannot be a fraction: "1.234" is Indonesian thousands, not 1.
    assert parse_count(text) == count
