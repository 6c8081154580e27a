"""The one HTTP layer every API collector goes through.

``ApiClient`` wraps one ``requests.Session`` per platform and owns everything that
can go wrong on the wire: connect/read timeouts, retries with backoff and jitter for
connection errors and 5xx, rate-limit waits, and turning each platform's error body
into a typed error. Collectors never call ``requests`` themselves.

Every call is charged to a ``Budget`` (a wall-clock deadline and a maximum number of
HTTP calls per run); a wait that would end past the deadline is not slept, the error
is raised instead, so a scheduled job can never hang.

Tokens travel in the ``Authorization`` header only, are wrapped in ``Secret`` and are
scrubbed from every message taken from a response, so they never reach an exception,
a log line or a repr.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlsplit

import requests

from collectors.errors import CollectorError

if TYPE_CHECKING:
    from collectors.api import ApiSettings

log = logging.getLogger("outreach.http")

PLATFORM_NAMES = {"instagram": "Instagram", "x": "X", "tiktok": "TikTok"}

# Longest rate-limit wait worth sleeping through inside a run (twarc caps X at ~15 min);
# a longer one ends the run with RateLimited so the scheduler can come back later.
MAX_RATE_WAIT = 15 * 60.0
# Backoff for connection errors and 5xx: BASE * 2**(try-1), capped, plus jitter.
BACKOFF_BASE = 1.0
BACKOFF_CAP = 60.0
# Meta throttling without a usable usage header: start a minute, grow with tries.
META_THROTTLE_WAIT = 60.0
# X-App-Usage at 100 %: the platform limit is a rolling hour, so wait a good while.
META_APP_THROTTLE_WAIT = 300.0
# Above this share of Meta's allowance, say so: the next calls may be throttled.
META_USAGE_WARNING = 80.0
# TikTok's limit is a 1-minute sliding window with no reset header.
TIKTOK_RATE_WAIT = 60.0


class Secret:
    """A token that shows as ``***`` everywhere except through ``reveal()``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:  # dataclasses.asdict deep-copies fields
        return self

    def __reduce__(self) -> Any:
        # Pickling would write the token into an APScheduler job store or a cache.
        raise TypeError("a Secret is not picklable; pass the account and load its token where it is used")


@dataclass
class Budget:
    """One run's allowance: a ``time.monotonic`` deadline and a maximum of HTTP calls."""

    deadline: float
    max_calls: int
    calls: int = 0

    def remaining_calls(self) -> int:
        return max(0, self.max_calls - self.calls)


# --- typed errors ---------------------------------------------------------------------------


class ApiError(CollectorError):
    """An API call that failed; the message is one line naming platform and endpoint path."""

    def __init__(
        self,
        platform: str,
        endpoint: str,
        reason: str,
        *,
        status: int | None = None,
        code: str | int | None = None,
        trace_id: str | None = None,
    ) -> None:
        self.platform, self.endpoint, self.reason = platform, endpoint, reason
        self.status, self.code, self.trace_id = status, code, trace_id
        name = PLATFORM_NAMES.get(platform, platform)
        super().__init__(f"{name} API {endpoint}: {reason}")


class RateLimited(ApiError):
    """The platform asked us to slow down; ``wait_seconds`` until it accepts calls again."""

    def __init__(self, platform: str, endpoint: str, reason: str, wait_seconds: float, **kw: Any) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(platform, endpoint, f"{reason}; try again in {_duration(wait_seconds)}", **kw)


class AuthExpired(ApiError):
    """The token is expired, revoked or invalid: only the operator can fix it."""

    def __init__(self, platform: str, endpoint: str, reason: str, **kw: Any) -> None:
        super().__init__(
            platform,
            endpoint,
            f"{reason} — run `outreach auth {platform}` or renew the token in secrets.toml",
            **kw,
        )


class AccessDenied(ApiError):
    """The token works but lacks a permission or the access tier refuses the endpoint."""


class UsageCapReached(ApiError):
    """X credits or monthly cap used up: waiting does not help, the run must stop."""


class MetricUnsupported(ApiError):
    """Meta code 100 naming metrics it does not support for this media (or at all)."""

    def __init__(
        self, platform: str, endpoint: str, reason: str, metrics: tuple[str, ...], **kw: Any
    ) -> None:
        self.metrics = metrics
        super().__init__(platform, endpoint, reason, **kw)


class NoData(ApiError):
    """Meta has no insights to give (code 10 on a story under 5 viewers, media older than
    the business account); the metrics are unknown, not zero."""


class BudgetExhausted(ApiError):
    """The run's deadline or call allowance is used up; the pages yielded so far are whole."""


class _Transient(ApiError):
    """A failure worth another try (5xx, Meta codes 1/2, is_transient)."""


# --- the client -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """What a classifier needs to know about the call it judges."""

    platform: str
    endpoint: str  # path without query string, e.g. /v25.0/1784/insights
    params: Mapping[str, str]
    now: float  # the client's clock, for reset times


Classifier = Callable[[requests.Response, Call], Any]


class ApiClient:
    """One session per platform; ``get``/``post`` return the decoded JSON body."""

    def __init__(
        self,
        platform: str,
        base_url: str,
        classify: Classifier,
        *,
        version: str | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_tries: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        session: requests.Session | None = None,
        settings: ApiSettings | None = None,
    ) -> None:
        self.platform = platform
        self.settings = settings  # the [api.<platform>] table collectors read options from
        self.base_url = base_url.rstrip("/")
        self.prefix = f"/{version.strip('/')}" if version else ""
        self.classify = classify
        self.timeout = timeout
        self.max_tries = max(1, max_tries)
        self.sleep, self.clock, self.wall_clock, self.jitter = sleep, clock, wall_clock, jitter
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "outreach (social media engagement tracker)"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, path: str, *, token: Secret, budget: Budget, params: Mapping[str, Any] | None = None
    ) -> Any:
        return self.request("GET", path, token=token, budget=budget, params=params)

    def post(
        self,
        path: str,
        *,
        token: Secret,
        budget: Budget,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        return self.request("POST", path, token=token, budget=budget, params=params, json_body=json_body)

    def follow(self, next_url: str, *, token: Secret, budget: Budget) -> Any:
        """GET a ``paging.next`` URL through our own base URL (a proxy or test server
        stays in the path) and without any token the URL may carry."""
        parts = urlsplit(next_url)
        params = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"}
        path = parts.path
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        return self.request("GET", path, token=token, budget=budget, params=params)

    def endpoint(self, path: str) -> str:
        return self.prefix + "/" + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        token: Secret,
        budget: Budget,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        endpoint = self.endpoint(path)
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        headers = {"Authorization": f"Bearer {token.reveal()}"}
        failure: ApiError | None = None
        for attempt in range(1, self.max_tries + 1):
            self._charge(budget, endpoint)
            started = self.clock()
            try:
                response = self.session.request(
                    method,
                    self.base_url + endpoint,
                    params=query,
                    json=json_body,
                    headers=headers,
                    timeout=self.timeout,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                # Only the class name: requests' own text carries the full URL.
                failure = _Transient(self.platform, endpoint, f"no answer ({type(exc).__name__})")
                wait = self._backoff(attempt)
                log.warning(
                    "%s %s: %s (try %d of %d)", method, endpoint, failure.reason, attempt, self.max_tries
                )
            else:
                log.debug(
                    "%s %s -> %d in %.2f s", method, endpoint, response.status_code, self.clock() - started
                )
                try:
                    return self.classify(response, Call(self.platform, endpoint, query, self.wall_clock()))
                except RateLimited as exc:
                    failure, wait = exc, exc.wait_seconds
                except _Transient as exc:
                    failure, wait = exc, self._backoff(attempt)
                except ApiError as exc:
                    raise _scrubbed(exc, token) from None
                log.warning(
                    "%s %s: %s (try %d of %d)",
                    method,
                    endpoint,
                    _scrub(failure.reason, token),
                    attempt,
                    self.max_tries,
                )
            if attempt == self.max_tries:
                break
            if wait > MAX_RATE_WAIT or self.clock() + wait > budget.deadline:
                # Sleeping would outlive the run: stop now and say when to come back.
                break
            self.sleep(wait)
        assert failure is not None
        if isinstance(failure, _Transient):
            failure = ApiError(
                self.platform,
                endpoint,
                f"{failure.reason} after {attempt} tries; try again later",
                status=failure.status,
                code=failure.code,
                trace_id=failure.trace_id,
            )
        raise _scrubbed(failure, token) from None

    def _charge(self, budget: Budget, endpoint: str) -> None:
        if budget.calls >= budget.max_calls:
            raise BudgetExhausted(
                self.platform,
                endpoint,
                f"call budget of {budget.max_calls} used up; the rest follows in the next run",
            )
        if self.clock() >= budget.deadline:
            raise BudgetExhausted(
                self.platform, endpoint, "the run's time budget is used up; the rest follows in the next run"
            )
        budget.calls += 1

    def _backoff(self, attempt: int) -> float:
        return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1)) + self.jitter()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _scrub(text: str, token: Secret) -> str:
    value = token.reveal()
    return text.replace(value, "***") if value else text


def _scrubbed(error: ApiError, token: Secret) -> ApiError:
    """The same error with the token cut out of its text, should a body have echoed it."""
    value = token.reveal()
    if value and value in str(error):
        error.args = (str(error).replace(value, "***"),)
        error.reason = error.reason.replace(value, "***")
    return error


def _body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _one_line(text: object, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- Meta (Instagram Graph API) -------------------------------------------------------------

META_THROTTLE_CODES = frozenset({4, 17, 32, 341, 613, 80001, 80002})
META_TRANSIENT_CODES = frozenset({1, 2})
META_AUTH_CODES = frozenset({102, 190})
# Media posted before the account became a business account: insights will never exist.
META_NO_INSIGHTS_SUBCODE = 2108006
_METRIC_WORD = re.compile(r"[a-z][a-z0-9_]*")
_ALLOWED_LIST = re.compile(r"must be one of(?: the following values)?:?\s*(.+)", re.IGNORECASE)


def _usage_entries(headers: Mapping[str, str]) -> list[dict[str, Any]]:
    """Usage objects of both Meta headers: ``X-Business-Use-Case-Usage`` maps an id to a
    LIST of objects (one per type); ``X-App-Usage`` is one object."""
    entries: list[dict[str, Any]] = []
    for name in ("X-Business-Use-Case-Usage", "X-App-Usage"):
        try:
            usage = json.loads(headers.get(name) or "null")
        except ValueError:
            continue
        if name == "X-App-Usage":
            usage = {"app": [usage]}
        for values in usage.values() if isinstance(usage, dict) else []:
            entries.extend(
                e for e in (values if isinstance(values, list) else [values]) if isinstance(e, dict)
            )
    return entries


def meta_usage_percent(headers: Mapping[str, str]) -> float | None:
    """The highest of call_count/total_cputime/total_time (percent) in Meta's headers."""
    numbers = [
        float(entry[key])
        for entry in _usage_entries(headers)
        for key in ("call_count", "total_cputime", "total_time")
        if isinstance(entry.get(key), (int, float))
    ]
    return max(numbers) if numbers else None


def meta_wait_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds until Meta lets us call again: ``estimated_time_to_regain_access`` is in
    MINUTES; ``X-App-Usage`` at 100 % gives no time, so the app-throttle guess."""
    minutes = [
        float(entry["estimated_time_to_regain_access"])
        for entry in _usage_entries(headers)
        if isinstance(entry.get("estimated_time_to_regain_access"), (int, float))
    ]
    if minutes and max(minutes) > 0:
        return max(minutes) * 60
    usage = meta_usage_percent(headers)
    return META_APP_THROTTLE_WAIT if usage is not None and usage >= 100 else None


def classify_meta(response: requests.Response, call: Call) -> Any:
    body = _body(response)
    error = body.get("error") if isinstance(body, dict) else None
    status = response.status_code
    if status < 400 and error is None and body is not None:
        usage = meta_usage_percent(response.headers)
        if usage is not None and usage >= META_USAGE_WARNING:
            log.warning("%s: Meta usage at %.0f %% of the allowance", call.endpoint, usage)
        return body
    if not isinstance(error, dict):
        if status >= 500:
            raise _Transient(call.platform, call.endpoint, f"server error HTTP {status}", status=status)
        raise ApiError(call.platform, call.endpoint, f"unexpected answer HTTP {status}", status=status)
    code = error.get("code")
    subcode = error.get("error_subcode")
    message = _one_line(error.get("message") or "")
    trace = error.get("fbtrace_id")
    where: dict[str, Any] = {"status": status, "code": code, "trace_id": trace}
    if code in META_THROTTLE_CODES:
        wait = meta_wait_seconds(response.headers)
        if wait is None:
            wait = META_THROTTLE_WAIT
        raise RateLimited(call.platform, call.endpoint, f"throttled by Meta (code {code})", wait, **where)
    if code in META_AUTH_CODES:
        raise AuthExpired(
            call.platform, call.endpoint, f"access token expired or revoked (code {code})", **where
        )
    if code in META_TRANSIENT_CODES or error.get("is_transient") is True or status >= 500:
        raise _Transient(call.platform, call.endpoint, f"temporary Meta error (code {code})", **where)
    if code == 100 and subcode == META_NO_INSIGHTS_SUBCODE:
        raise NoData(
            call.platform,
            call.endpoint,
            "no insights for media posted before the business account conversion",
            **where,
        )
    if code == 10:
        raise NoData(call.platform, call.endpoint, f"no data (code 10: {message})", **where)
    if code == 100 and "metric" in message.lower():
        rejected = _rejected_metrics(message, call.params.get("metric", ""))
        raise MetricUnsupported(
            call.platform, call.endpoint, f"metric not supported ({message})", rejected, **where
        )
    if code == 200 or (isinstance(code, int) and 200 <= code <= 299):
        raise AccessDenied(
            call.platform,
            call.endpoint,
            f"permission missing (code {code}) — run "
            f"`outreach auth {call.platform}` and grant the insights permissions",
            **where,
        )
    raise ApiError(call.platform, call.endpoint, f"{message or 'error'} (code {code})", **where)


def _rejected_metrics(message: str, requested: str) -> tuple[str, ...]:
    """Which requested metrics Meta's message rejects: the ones it names, or, when it
    quotes the allowed list ("must be one of ..."), the ones not in that list."""
    asked = [m for m in requested.split(",") if m]
    allowed = _ALLOWED_LIST.search(message)
    if allowed:
        permitted = set(_METRIC_WORD.findall(allowed.group(1).lower()))
        return tuple(m for m in asked if m not in permitted)
    words = set(_METRIC_WORD.findall(message.lower()))
    return tuple(m for m in asked if m in words)


# --- X API v2 -------------------------------------------------------------------------------

X_RATE_WAIT_DEFAULT = 60.0


def classify_x(response: requests.Response, call: Call) -> Any:
    body = _body(response)
    status = response.status_code
    if status < 400 and isinstance(body, dict):
        return body  # a 200 may carry partial "errors" beside "data"; the collector reads both
    problem = body if isinstance(body, dict) else {}
    kind = str(problem.get("type") or "").rsplit("/", 1)[-1]
    detail = _one_line(problem.get("detail") or problem.get("title") or _first_x_error(problem) or "")
    where: dict[str, Any] = {"status": status, "code": kind or None}
    if status == 429 or kind in ("rate-limit-exceeded", "usage-capped"):
        if kind == "usage-capped" or "usage" in kind or "credit" in detail.lower():
            raise UsageCapReached(
                call.platform,
                call.endpoint,
                "usage cap or credits used up; waiting does not "
                "help — raise the limit in the X developer console",
                **where,
            )
        reset = response.headers.get("x-rate-limit-reset")
        wait = X_RATE_WAIT_DEFAULT
        if reset and reset.isdigit():
            # +1 s so we arrive after the window, not on its edge (clocks differ).
            wait = max(1.0, int(reset) - call.now + 1)
        raise RateLimited(call.platform, call.endpoint, "rate limit reached", wait, **where)
    if status == 401:
        raise AuthExpired(call.platform, call.endpoint, "token rejected (HTTP 401)", **where)
    if status == 402:
        raise UsageCapReached(
            call.platform, call.endpoint, "no credits left — top up in the X developer console", **where
        )
    if status == 403:
        raise AccessDenied(
            call.platform,
            call.endpoint,
            f"refused for this access tier or token ({kind or 'HTTP 403'})",
            **where,
        )
    if status >= 500:
        raise _Transient(call.platform, call.endpoint, f"server error HTTP {status}", **where)
    raise ApiError(call.platform, call.endpoint, f"{detail or 'error'} (HTTP {status})", **where)


def _first_x_error(problem: Mapping[str, Any]) -> str | None:
    errors = problem.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0].get("detail") or "")
    return None


# --- TikTok API v2 --------------------------------------------------------------------------


def classify_tiktok(response: requests.Response, call: Call) -> Any:
    body = _body(response)
    status = response.status_code
    error = body.get("error") if isinstance(body, dict) else None
    code = str(error.get("code")) if isinstance(error, dict) else None
    if code == "ok" and status < 400:
        return body
    message = _one_line(error.get("message") or "") if isinstance(error, dict) else ""
    log_id = error.get("log_id") if isinstance(error, dict) else None
    where: dict[str, Any] = {"status": status, "code": code, "trace_id": log_id}
    if code == "rate_limit_exceeded" or status == 429:
        raise RateLimited(call.platform, call.endpoint, "rate limit reached", TIKTOK_RATE_WAIT, **where)
    if code == "access_token_invalid":
        raise AuthExpired(call.platform, call.endpoint, "access token invalid or expired", **where)
    if code in ("scope_not_authorized", "scope_permission_missed"):
        raise AccessDenied(
            call.platform,
            call.endpoint,
            f"permission missing ({code}) — run `outreach auth tiktok` and grant video.list",
            **where,
        )
    if code == "internal_error" or status >= 500:
        raise _Transient(call.platform, call.endpoint, f"server error ({code or f'HTTP {status}'})", **where)
    if code is None:
        raise ApiError(
            call.platform, call.endpoint, f"answer without an error object (HTTP {status})", **where
        )
    raise ApiError(call.platform, call.endpoint, f"{message or code} ({code})", **where)


CLASSIFIERS: dict[str, Classifier] = {"instagram": classify_meta, "x": classify_x, "tiktok": classify_tiktok}
