"""Results that take seconds (a comparison's permutations, a province's weekly report), kept
per request and data version: the same question on unchanged data is answered at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from outreach.app.status import data_version
from outreach.app.workspace import Workspace

T = TypeVar("T")
KEPT = 32

_results: dict[Hashable, Any] = {}
_lock = threading.Lock()


def cached(ws: Workspace, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for the same ``key`` while the data is unchanged."""
    full_key = (ws.url, ws.language, *key, data_version(ws))
    with _lock:
        if full_key in _results:
            return _results[full_key]  # stored by this function, so a T
    result = compute()
    with _lock:
        if len(_results) >= KEPT:
            _results.pop(next(iter(_results)))  # the oldest
        _results[full_key] = result
    return result
