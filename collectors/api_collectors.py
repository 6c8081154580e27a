"""The registry of the three API collectors, by platform name.

Kept apart from ``collectors.api`` (the contract every collector imports), so that the
contract and the collectors do not import each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from collectors.api import ApiCollector, check_platform
from collectors.instagram_api import InstagramApiCollector
from collectors.tiktok_api import TikTokApiCollector
from collectors.x_api import XApiCollector


class _Registry(Mapping[str, ApiCollector]):
    """``COLLECTORS["x"]``; an unknown name raises UnknownPlatform listing the valid ones."""

    def __init__(self, collectors: dict[str, ApiCollector]) -> None:
        self._collectors = collectors

    def __getitem__(self, name: str) -> ApiCollector:
        return self._collectors[check_platform(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._collectors)

    def __len__(self) -> int:
        return len(self._collectors)


COLLECTORS: Mapping[str, ApiCollector] = _Registry(
    {"instagram": InstagramApiCollector(), "x": XApiCollector(), "tiktok": TikTokApiCollector()}
)
