"""Which posts a use case looks at: built once by a face from its options, passed down as is."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from outreach.errors import OutreachError

PLATFORMS = ("instagram", "tiktok", "x")


@dataclass(frozen=True)
class PostFilter:
    """Posts published from ``since`` to ``until`` (local days in the report zone, both
    inclusive), on one platform, account, office, campaign or pillar. None: no limit."""

    since: date | None = None
    until: date | None = None
    platform: str | None = None
    account: str | None = None  # handle, without @
    office: str | None = None  # office key
    campaign: str | None = None  # campaign key
    pillar: str | None = None  # pillar key

    def __post_init__(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise OutreachError(f"--until {self.until} is before --since {self.since}; swap them")
        if self.platform is not None and self.platform not in PLATFORMS:
            raise OutreachError(f"unknown platform '{self.platform}'; use one of {', '.join(PLATFORMS)}")
        if self.account is not None:
            object.__setattr__(self, "account", self.account.strip().removeprefix("@"))

    def with_period(self, since: date | None, until: date | None) -> PostFilter:
        return replace(self, since=since, until=until)

    def without(self, *names: str) -> PostFilter:
        return replace(self, **dict.fromkeys(names))


EVERY_POST = PostFilter()  # the default: no limit
