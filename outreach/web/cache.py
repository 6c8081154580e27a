"""Results that take seconds (a comparison's permutations, a province's weekly report), kept
per request and data version: the same question on unchanged data is answered at once.

While one request works a result out, the others asking the same question wait for it instead
of working it out beside it (eight officers opening the comparison after an import would
otherwise run eight comparisons at once on a machine of two cores)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from outreach.app.status import data_version
from outreach.app.workspace import Workspace

T = TypeVar("T")
KEPT = 32

_results: dict[Hashable, Any] = {}
_working: dict[Hashable, threading.Lock] = {}  # one lock per result being worked out
_lock = threading.Lock()


def cached(ws: Workspace, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for the same ``key`` while the data is unchanged."""
    full_key = (ws.url, ws.language, *key, data_version(ws))
    with _lock:
        if full_key in _results:
            return _results[full_key]  # stored by this function, so a T
        working = _working.setdefault(full_key, threading.Lock())
    with working:
        with _lock:
            if full_key in _results:  # worked out by the request this one waited for
                return _results[full_key]
        try:
            result = compute()
            with _lock:
                if len(_results) >= KEPT:
                    _results.pop(next(iter(_results)))  # the oldest
                _results[full_key] = result
        finally:
            with _lock:
                _working.pop(full_key, None)
    return result
