"""The collection page: runs and failures, tokens expiring soon, and data missing per account and week."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from outreach.app.workspace import Workspace


@dataclass
class CollectionPage:
    status: dict[str, Any]
    accounts: list[dict[str, Any]] = field(default_factory=list)


def collection_page(ws: Workspace) -> CollectionPage:
    from outreach.app.status import collection_status

    status = collection_status(ws)
    accounts: list[dict[str, Any]] = []
    try:
        from outreach.app.pull import collection_health  # API collection, when configured
    except ImportError:
        pass
    else:
        accounts = [asdict(h) if is_dataclass(h) else dict(h) for h in collection_health(ws)]
    return CollectionPage(status, accounts)
