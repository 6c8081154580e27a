"""Summary and posting consistency per group of posts: the numbers behind every table and report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from outreach.app.filters import EVERY_POST, PostFilter
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

GROUPINGS = ("campaign", "pillar", "strategy", "variant", "platform", "account", "office", "week", "type")
TAG_GROUPINGS = ("campaign", "pillar", "strategy", "variant")
RATES = ("reach", "views", "followers")


@dataclass
class Summary:
    by: str
    age_days: float | None
    rate_by: str
    language: str
    groups: list[dict[str, Any]]
    definitions: dict[str, Any]
    coverage: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # metric and component names to show

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "age_days": self.age_days,
            "rate_by": self.rate_by,
            "definitions": self.definitions,
            "groups": self.groups,
        }


def check_tag_key(connection: Any, ws: Workspace, kind: str, key: str | None) -> None:
    """A campaign or pillar named in a filter must exist: a typo would show an empty table."""
    if key is None:
        return
    from outreach.analysis.aggregate import known_keys

    known = known_keys(connection, ws.config, kind)
    if key not in known:
        if not known:
            raise OutreachError(
                f"no {kind} '{key}': none is configured; add a [[{kind}s]] entry to outreach.toml"
            )
        raise OutreachError(f"no {kind} '{key}'; known: {', '.join(known)}")


def filter_kwargs(filters: PostFilter) -> dict[str, Any]:
    return vars(filters).copy()


def summarise(
    ws: Workspace,
    filters: PostFilter = EVERY_POST,
    *,
    by: str = "platform",
    age_days: float | None | str = "default",
    rate_by: str | None = None,
) -> Summary:
    """Reach, views, engagements, rates and sentiment per group, all at one post age.

    ``age_days``: days after publishing, None for lifetime, "default" for the configured age."""
    from outreach.analysis.aggregate import aggregate, long_gaps
    from outreach.analysis.metrics import (
        COMPONENT_LABELS,
        METRICS,
        engagement_coverage,
        engagement_definition,
        post_frame,
    )

    config = ws.config
    age = config.engagement.age_days if age_days == "default" else age_days
    assert not isinstance(age, str)
    rate_by = rate_by or config.engagement.rate_by
    kwargs = filter_kwargs(filters)
    with ws.reading() as connection:
        check_tag_key(connection, ws, "campaign", filters.campaign)
        check_tag_key(connection, ws, "pillar", filters.pillar)
        frame = post_frame(connection, config, age_days=age, **kwargs)
        groups = aggregate(connection, config, by=by, age_days=age, frame=frame, **kwargs)
    language = ws.language
    coverage = engagement_coverage(frame, config)
    definitions = {
        "age_days": age,
        "engagements": {p: engagement_definition(config, p, language) for p in coverage},
        "engagements_missing": {p: c["missing"] for p, c in coverage.items() if c["missing"]},
        "values_across_long_gaps": int((long_gaps(frame) & frame.at_age).sum()) if age is not None else 0,
        # On a Monday most of last week's posts are younger than the comparison age.
        "posts_younger_than_age": int((frame.age_days < age).sum()) if age is not None else 0,
        "posts": len(frame),
        **{
            name: METRICS[name].definition(language)
            for name in (f"rate_{rate_by}", "amplification", "virality", "net_sentiment")
        },
    }
    shown = (f"rate_{rate_by}", "amplification", "virality", "net_sentiment")
    labels = {name: METRICS[name].label(language) for name in shown} | COMPONENT_LABELS[language]
    return Summary(by, age, rate_by, language, groups, definitions, coverage, labels)


@dataclass
class Consistency:
    by: str
    timezone: str
    language: str
    groups: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by, "timezone": self.timezone, "groups": self.groups}


def posting_consistency(
    ws: Workspace, filters: PostFilter = EVERY_POST, *, by: str = "pillar"
) -> Consistency:
    """Weeks with a post and the longest silence, per pillar or account, over the filter's period."""
    from outreach.analysis.aggregate import consistency

    kwargs = filter_kwargs(filters)
    with ws.reading() as connection:
        check_tag_key(connection, ws, "campaign", filters.campaign)
        groups = consistency(connection, ws.config, by=by, **kwargs)
    return Consistency(by, ws.timezone, ws.language, groups)
