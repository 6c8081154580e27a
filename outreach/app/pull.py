"""Pull post metrics from the platform APIs: one collection run per configured account.

For each account with a token: a ``collection_run`` row; a fresh token if the platform
rotates them (stored before it is used); the posts due for another snapshot by age;
then the collector's pages, each committed in ONE transaction together with the
watermarks it moves (``sync_state``). A run killed at any moment resumes from the last
committed page: nothing is missed and, records being upserted by natural key, nothing
is doubled. Afterwards new posts are tagged and new comments scored, as after an import.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from collectors.api import (
    DEFAULT_BASE_URLS,
    DEFAULT_VERSIONS,
    ApiAccount,
    ApiSettings,
    Remeasure,
    client_for,
)
from collectors.api_collectors import COLLECTORS
from collectors.errors import CollectorError
from collectors.http import PLATFORM_NAMES, ApiError, AuthExpired, Budget, BudgetExhausted
from collectors.records import AccountRef
from outreach.app.workspace import Workspace
from outreach.config import AccountConfig, Config
from outreach.errors import ConfigError, OutreachError
from outreach.queries import collection as collection_queries
from outreach.secrets import AppCredentials, Credentials, SecretsFile, secrets_path
from outreach.store import Store, WriteCounts, utcnow

log = logging.getLogger("outreach.pull")

JOB = "pull"
EXPIRY_WARNING = timedelta(days=7)


def run_target(platform: str, handle: str) -> str:
    return f"{platform} @{handle}"


def account_label(platform: str, handle: str) -> str:
    return f"{PLATFORM_NAMES.get(platform, platform)} @{handle}"


@dataclass
class AccountOutcome:
    platform: str
    handle: str
    outcome: str  # ok | partial | failed | skipped | interrupted
    error: str | None = None  # one line saying what to do
    counts: WriteCounts = field(default_factory=WriteCounts)
    calls: int = 0
    pages: int = 0
    remeasured: int = 0  # posts asked for another snapshot
    run_id: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.outcome in ("ok", "partial")

    def as_dict(self) -> dict[str, Any]:
        counts = {k: v for k, v in asdict(self.counts).items() if k != "notices"}
        return {
            "platform": self.platform,
            "handle": self.handle,
            "outcome": self.outcome,
            "error": self.error,
            "calls": self.calls,
            "pages": self.pages,
            "remeasured": self.remeasured,
            "counts": counts,
            "notices": list(self.counts.notices),
        }


@dataclass
class PullResult:
    accounts: list[AccountOutcome] = field(default_factory=list)
    analysed: Any = None  # outreach.app.imports.Analysed
    stopped: bool = False  # the stop event ended the run after a committed page

    @property
    def failed(self) -> list[AccountOutcome]:
        return [a for a in self.accounts if a.outcome in ("failed", "interrupted")]

    @property
    def pulled(self) -> list[AccountOutcome]:
        return [a for a in self.accounts if a.outcome != "skipped"]

    @property
    def totals(self) -> WriteCounts:
        total = WriteCounts()
        for outcome in self.accounts:
            total.add(outcome.counts)
        return total

    def as_dict(self) -> dict[str, Any]:
        totals = self.totals
        tagged, scored = (self.analysed.tagging, self.analysed.sentiment) if self.analysed else (None, None)
        return {
            "accounts_ok": sum(1 for a in self.accounts if a.succeeded),
            "accounts_failed": len(self.failed),
            "accounts_skipped": sum(1 for a in self.accounts if a.outcome == "skipped"),
            "posts_new": totals.posts_new,
            "posts_updated": totals.posts_updated,
            "snapshots_new": totals.snapshots_new,
            "account_days": totals.account_days,
            "comments": totals.comments,
            "stopped": self.stopped,
            "accounts": [a.as_dict() for a in self.accounts],
            **({"tagging": tagged.as_dict()} if tagged else {}),
            **({"sentiment": scored} if scored else {}),
        }


Progress = Callable[[AccountOutcome, str], None]  # (account so far, event: start|page|done)


def api_settings(config: Config, platform: str) -> ApiSettings:
    table = config.api.platform(platform)
    metrics = getattr(table, "metrics", None) or None
    comments: bool | None = None
    if platform == "instagram":
        comments = config.api.instagram.comments
    elif platform == "x":
        comments = config.api.x.search_replies
    return ApiSettings(
        platform,
        table.base_url or DEFAULT_BASE_URLS[platform],
        table.version or DEFAULT_VERSIONS[platform],
        metrics=metrics,
        comments=comments,
    )


def selected_accounts(config: Config, platform: str | None, account: str | None) -> list[AccountConfig]:
    chosen = [a for a in config.accounts if platform in (None, a.platform)]
    if account:
        wanted = account.removeprefix("@").casefold()
        chosen = [a for a in chosen if a.handle.casefold() == wanted]
        if not chosen:
            known = ", ".join(f"{a.platform} @{a.handle}" for a in config.accounts) or "none"
            raise OutreachError(
                f"no account @{wanted}{' on ' + platform if platform else ''} in outreach.toml "
                f"(configured: {known}); add it under [[accounts]]"
            )
    return chosen


def pull(
    ws: Workspace,
    *,
    platform: str | None = None,
    account: str | None = None,
    now: datetime | None = None,
    budget: Budget | None = None,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
    tag: bool = True,
    score: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> PullResult:
    """One collection run over the configured accounts (``platform``/``account`` narrow it).

    ``budget`` overrides each account's call and time allowance (its deadline and
    max_calls are copied per account); ``stop`` is checked after each committed page."""
    from outreach.db import writer_lock

    config = ws.config
    accounts = selected_accounts(config, platform, account)
    engine = ws.ready_engine()
    secrets = SecretsFile(secrets_path(ws.config_file))
    result = PullResult()
    with writer_lock(engine, on_wait=on_wait):
        with engine.begin() as connection:
            Store(connection).close_stale_runs()
        for entry in accounts:
            if stop is not None and stop.is_set():
                result.stopped = True
                break
            outcome = _pull_account(
                ws,
                secrets,
                entry,
                now=now,
                budget=budget,
                stop=stop,
                progress=progress,
                explicit=account is not None,
            )
            result.accounts.append(outcome)
            if outcome.outcome == "interrupted":
                result.stopped = True
    if result.stopped:
        # Stopping must be quick; the next run tags and scores what this one stored.
        log.info("tagging and sentiment left to the next run (stopped)")
    else:
        result.analysed = _analyse(ws, result, tag=tag, score=score)
    return result


def _pull_account(
    ws: Workspace,
    secrets: SecretsFile,
    entry: AccountConfig,
    *,
    now: datetime | None,
    budget: Budget | None,
    stop: threading.Event | None,
    progress: Progress | None,
    explicit: bool,
) -> AccountOutcome:
    platform, handle = entry.platform, entry.handle
    label = account_label(platform, handle)
    outcome = AccountOutcome(platform, handle, "ok")
    try:
        credentials = secrets.credentials(platform, handle)
    except ConfigError as exc:
        outcome.outcome, outcome.error = "failed", f"{label}: {exc}"
        return _finish_unstarted(ws, outcome)
    if credentials is None:
        outcome.outcome = "failed" if explicit else "skipped"
        outcome.error = (
            f"{label}: no token; run `outreach auth {platform} --account {handle}` or put it in "
            f"{secrets.path}"
        )
        return outcome if not explicit else _finish_unstarted(ws, outcome)

    engine = ws.engine
    with engine.begin() as connection:
        outcome.run_id = Store(connection).start_run(JOB, run_target(platform, handle))
    if progress:
        progress(outcome, "start")
    try:
        try:
            _collect(
                ws, secrets, entry, credentials, outcome, now=now, budget=budget, stop=stop, progress=progress
            )
        except AuthExpired:
            if not (
                credentials.from_file and credentials.refresh_token is not None and platform != "instagram"
            ):
                raise
            # A 2-hour TikTok/X token can die before its recorded expiry: renew once, resume.
            log.info("%s: token refused; renewing it once", label)
            _collect(
                ws,
                secrets,
                entry,
                credentials,
                outcome,
                now=now,
                budget=budget,
                stop=stop,
                progress=progress,
                force_refresh=True,
            )
    except BudgetExhausted as exc:
        outcome.outcome = "partial"
        outcome.error = f"{label}: {exc.reason}"
    except AuthExpired:
        outcome.outcome = "failed"
        outcome.error = _expired_line(label, platform, handle, credentials, secrets)
    except (ApiError, CollectorError, OutreachError) as exc:
        outcome.outcome = "failed"
        reason = exc.reason if isinstance(exc, ApiError) else str(exc)
        outcome.error = reason if reason.startswith(label) else f"{label}: {reason}"
    except BaseException as exc:
        # Stopped (Ctrl+C, SIGTERM turned into an exception) or the database failed: the
        # pages committed so far stay, the run row says it did not finish.
        _finish(
            ws, outcome, "interrupted", f"{label}: stopped ({type(exc).__name__}) after {outcome.pages} pages"
        )
        raise
    _finish(ws, outcome, outcome.outcome, outcome.error)
    if progress:
        progress(outcome, "done")
    return outcome


def _collect(
    ws: Workspace,
    secrets: SecretsFile,
    entry: AccountConfig,
    credentials: Credentials,
    outcome: AccountOutcome,
    *,
    now: datetime | None,
    budget: Budget | None,
    stop: threading.Event | None,
    progress: Progress | None,
    force_refresh: bool = False,
) -> None:
    config = ws.config
    platform, handle = entry.platform, entry.handle
    table = config.api.platform(platform)
    moment = (now or utcnow()).replace(microsecond=0)
    allowance = (
        Budget(deadline=budget.deadline, max_calls=budget.max_calls)
        if budget is not None
        else Budget(deadline=time.monotonic() + table.minutes_per_run * 60, max_calls=table.calls_per_run)
    )
    settings = api_settings(config, platform)
    engine = ws.engine
    with client_for(settings) as client:
        credentials = _fresh(
            client, secrets, credentials, allowance, moment, force=force_refresh, ws_client_id=table.client_id
        )
        if credentials.expires_at is not None and credentials.expires_at <= moment:
            raise AuthExpired(
                platform, "token", f"token expired on {credentials.expires_at:%Y-%m-%d %H:%M} UTC"
            )
        api_account = ApiAccount(platform, handle, entry.platform_account_id, credentials.token)
        with engine.begin() as connection:
            store = Store(connection)
            account_id = store.account_id(
                AccountRef(platform, handle=handle, platform_account_id=entry.platform_account_id)
            )
            state = collection_queries.watermarks(connection, account_id)
            ages = collection_queries.snapshot_ages(table.remeasure_days, table.remeasure_until_days)
            due = collection_queries.posts_due(
                connection, account_id, now=moment, ages=ages, limit=max(1, allowance.max_calls) * 20
            )
        remeasure = [Remeasure(d["platform_post_id"], d["published_at"], d["type"]) for d in due]
        outcome.remeasured = len(remeasure)
        collector = COLLECTORS[platform]
        for page in collector.pull(client, api_account, state, remeasure, allowance, now=moment):
            with engine.begin() as connection:
                store = Store(connection)
                counts = store.write_pulled(page.records, outcome.run_id or 0)
                store.move_watermarks(account_id, page.state)
            outcome.counts.add(counts)
            outcome.pages += 1
            outcome.calls = allowance.calls
            if progress:
                progress(outcome, "page")
            if stop is not None and stop.is_set():
                outcome.outcome = "interrupted"
                outcome.error = (
                    f"{account_label(platform, handle)}: stopped after {outcome.pages} committed "
                    "pages; the next run continues from there"
                )
                break
        outcome.calls = allowance.calls


def renews_itself(credentials: Credentials, base_url: str) -> bool:
    """A token outreach renews: one stored in secrets.toml that is an Instagram Login token
    (not on the Facebook host, where System User tokens need no renewal) or has a refresh token."""
    if not credentials.from_file:
        return False
    if credentials.platform == "instagram":
        return "graph.facebook.com" not in base_url
    return credentials.refresh_token is not None


def app_credentials(secrets: SecretsFile, configured_id: str | None, platform: str) -> AppCredentials:
    """The app's id ([apps.<platform>] in secrets.toml, else client_id in [api.<platform>]) and secret."""
    app = secrets.app(platform)
    return AppCredentials(app.client_id or configured_id, app.client_secret)


def _fresh(
    client: Any,
    secrets: SecretsFile,
    credentials: Credentials,
    budget: Budget,
    now: datetime,
    *,
    force: bool = False,
    ws_client_id: str | None = None,
) -> Credentials:
    """The account's token, renewed first when the platform allows and it is due (``force``:
    the API refused it); the new token is on disk (atomically, 0600) before anything uses it."""
    from collectors import token_refresh

    platform = credentials.platform
    refreshable = renews_itself(credentials, client.base_url)
    due = force and refreshable
    if not due and not token_refresh.needs_refresh(
        platform, credentials.expires_at, now=now, refreshable=refreshable
    ):
        return credentials
    with secrets.locked():
        # Another process may have refreshed while we waited: read again under the lock.
        current = secrets.credentials(platform, credentials.handle) or credentials
        if force and current.token != credentials.token:
            return current  # renewed by another process meanwhile
        if not due and not token_refresh.needs_refresh(
            platform, current.expires_at, now=now, refreshable=refreshable
        ):
            return current
        if platform == "instagram":
            try:
                new = token_refresh.refresh_instagram(client, current.token, budget, now=now)
            except AuthExpired:
                raise
            except ApiError as exc:
                # The current token still works for weeks: renewing can wait for the next run.
                log.warning(
                    "%s: token not renewed this time (%s)",
                    account_label(platform, current.handle),
                    exc.reason,
                )
                return current
        else:
            app = app_credentials(secrets, ws_client_id, platform)
            if not app.client_id:
                raise ConfigError(
                    f"{secrets.path}: [apps.{platform}] client_id (and client_secret) are needed to "
                    f"renew {account_label(platform, current.handle)}'s token"
                )
            assert current.refresh_token is not None
            if platform == "tiktok":
                if app.client_secret is None:
                    raise ConfigError(f"{secrets.path}: [apps.tiktok] client_secret is missing")
                new = token_refresh.refresh_tiktok(
                    client, app.client_id, app.client_secret, current.refresh_token, budget, now=now
                )
            else:
                new = token_refresh.refresh_x(
                    client, app.client_id, app.client_secret, current.refresh_token, budget, now=now
                )
        renewed = Credentials(
            platform,
            current.handle,
            new.token,
            expires_at=new.expires_at,
            refresh_token=new.refresh_token or current.refresh_token,
            refresh_expires_at=new.refresh_expires_at
            or (current.refresh_expires_at if not new.refresh_token else None),
            source=current.source,
        )
        secrets.save(renewed)  # written and renamed before the token is used
    log.info("%s: token renewed", account_label(platform, credentials.handle))
    return renewed


def _expired_line(
    label: str, platform: str, handle: str, credentials: Credentials, secrets: SecretsFile
) -> str:
    where = (
        f"set a new {credentials.source}" if not credentials.from_file else f"renew it in {secrets.path.name}"
    )
    return f"{label}: token expired or revoked — run `outreach auth {platform} --account {handle}` or {where}"


def _finish(ws: Workspace, outcome: AccountOutcome, result: str, error: str | None) -> None:
    outcome.outcome, outcome.error = result, error
    if outcome.run_id is None:
        return
    counts = {k: v for k, v in outcome.as_dict()["counts"].items() if k != "rows"}
    counts.update(calls=outcome.calls, pages=outcome.pages, remeasured=outcome.remeasured)
    with ws.engine.begin() as connection:
        Store(connection).finish_run(outcome.run_id, result, error=error, counts=counts)


def _finish_unstarted(ws: Workspace, outcome: AccountOutcome) -> AccountOutcome:
    """A failure before any call (no token, unreadable secrets) still leaves a run row."""
    with ws.engine.begin() as connection:
        outcome.run_id = Store(connection).start_run(JOB, run_target(outcome.platform, outcome.handle))
    _finish(ws, outcome, outcome.outcome, outcome.error)
    return outcome


def _analyse(ws: Workspace, result: PullResult, *, tag: bool, score: bool) -> Any:
    """The after-work of an import, on what the pull brought in."""
    from outreach.app.imports import FileOutcome, ImportSummary, analyse_imported

    totals = result.totals
    if not (totals.posts_new or totals.posts_updated or totals.comments):
        return None
    summary = ImportSummary(files=[FileOutcome("api pull", "imported", counts=totals)], totals=totals)
    return analyse_imported(ws.engine, ws.config, summary, tag=tag, score=score)


# --- health, for `outreach status` ------------------------------------------------------------


@dataclass
class CollectionHealth:
    platform: str
    handle: str
    token: str  # "secrets.toml", "OUTREACH_X_TOKEN", "missing" or "unreadable"
    token_expires_at: datetime | None
    expiring_soon: bool  # within 7 days, and not renewed by itself
    last_ok: datetime | None
    last_failure: datetime | None
    last_error: str | None
    problem: str | None = None  # what to do, when something needs the operator

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def collection_health(ws: Workspace, *, now: datetime | None = None) -> list[CollectionHealth]:
    """Per configured account: the last successful pull, the last failure and why, and a
    token that expires within 7 days (one that renews itself counts by its refresh token)."""
    moment = now or utcnow()
    secrets = SecretsFile(secrets_path(ws.config_file))
    with ws.reading() as connection:
        history = collection_queries.run_history(connection, JOB)
    found: list[CollectionHealth] = []
    for entry in ws.config.accounts:
        platform, handle = entry.platform, entry.handle
        runs = history.get(run_target(platform, handle), {})
        problem = None
        expires: datetime | None = None
        try:
            credentials = secrets.credentials(platform, handle)
        except ConfigError as exc:
            credentials, token, problem = None, "unreadable", str(exc)
        else:
            token = (
                "missing"
                if credentials is None
                else (secrets.path.name if credentials.from_file else credentials.source)
            )
        if credentials is not None:
            renews = renews_itself(credentials, api_settings(ws.config, platform).base_url)
            expires = credentials.expires_at
            if renews and platform != "instagram":
                expires = credentials.refresh_expires_at
            if platform == "instagram" and renews and expires is not None and expires > moment:
                expires = None if expires - moment > EXPIRY_WARNING else expires
        elif problem is None:
            problem = f"no token; run `outreach auth {platform} --account {handle}`"
        soon = expires is not None and expires - moment < EXPIRY_WARNING
        if soon and problem is None:
            problem = (
                f"token expires {expires:%Y-%m-%d %H:%M} UTC; run `outreach auth {platform} --account "
                f"{handle}`"
            )
        found.append(
            CollectionHealth(
                platform,
                handle,
                token,
                expires,
                soon,
                runs.get("last_ok"),
                runs.get("last_failure"),
                runs.get("last_error"),
                problem,
            )
        )
    return found
