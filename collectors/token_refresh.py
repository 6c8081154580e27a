"""Getting and renewing API tokens: OAuth code exchange and refresh, over the one HTTP layer.

* Instagram (Instagram Login): a long-lived token (60 days) is renewed with
  ``GET /refresh_access_token?grant_type=ig_refresh_token`` once it is a day old;
  an expired one cannot be renewed (APIS.md §1.8).
* TikTok: ``POST /v2/oauth/token/`` (form-encoded) gives a 2-hour access token and a
  ROTATING refresh token: the old one dies with the answer, so the caller must store
  the new pair before using it (APIS.md §2.1).
* X: OAuth 2.0 with PKCE, ``POST /2/oauth2/token``; refresh tokens need ``offline.access``.

This module knows nothing about where tokens are stored; ``outreach.secrets`` writes
them. Every value it gets or sends is a ``Secret`` and is cut out of any error text and log
line: the app's client_secret too, which Meta wants in the request address itself (a
platform's error may echo that address, and urllib3 logs it at DEBUG).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from collectors.http import ApiClient, ApiError, AuthExpired, Budget, BudgetExhausted, Secret

IG_REFRESH = "/refresh_access_token"
IG_EXCHANGE = "/access_token"  # short-lived (1 h) -> long-lived (60 days), needs the app secret
IG_CODE = "/oauth/access_token"  # code -> short-lived token, on IG_OAUTH_HOST
IG_OAUTH_HOST = "https://api.instagram.com"
IG_LOGIN_HOST = "https://graph.instagram.com"  # Instagram Login tokens are exchanged and refreshed here
TIKTOK_TOKEN = "/v2/oauth/token/"
X_TOKEN = "/2/oauth2/token"

AUTHORIZE_URLS = {
    "instagram": "https://www.instagram.com/oauth/authorize",
    "x": "https://x.com/i/oauth2/authorize",
    "tiktok": "https://www.tiktok.com/v2/auth/authorize/",
}
# What each platform's token must be allowed to do (APIS.md §1.1, §2.1, §3.5).
SCOPES: dict[str, tuple[str, ...]] = {
    "instagram": (
        "instagram_business_basic",
        "instagram_business_manage_insights",
        "instagram_business_manage_comments",
    ),
    "x": ("tweet.read", "users.read", "offline.access"),
    "tiktok": ("user.info.basic", "video.list"),
}
# The Facebook Login equivalents (a System User token from Business Manager).
FACEBOOK_LOGIN_SCOPES = (
    "instagram_basic",
    "instagram_manage_insights",
    "instagram_manage_comments",
    "pages_read_engagement",
    "pages_show_list",
)
SCOPE_SEPARATOR = {"instagram": ",", "x": " ", "tiktok": ","}

# Renew an Instagram token when fewer days than this remain (it must be 24 h old: a
# 60-day token with under 50 days left is); TikTok/X access tokens when under 15 minutes.
IG_REFRESH_WITHIN = timedelta(days=50)
SHORT_TOKEN_REFRESH_WITHIN = timedelta(minutes=15)


@dataclass(frozen=True)
class NewToken:
    token: Secret
    expires_at: datetime | None  # naive UTC
    refresh_token: Secret | None = None
    refresh_expires_at: datetime | None = None


def needs_refresh(platform: str, expires_at: datetime | None, *, now: datetime, refreshable: bool) -> bool:
    """Whether to renew before pulling: Instagram weeks ahead, TikTok and X minutes ahead
    (an access token of unknown age with a refresh token is renewed too)."""
    if not refreshable:
        return False
    if platform == "instagram":
        return expires_at is not None and now < expires_at and expires_at - now < IG_REFRESH_WITHIN
    return expires_at is None or expires_at - now < SHORT_TOKEN_REFRESH_WITHIN


def refresh_instagram(client: ApiClient, token: Secret, budget: Budget, *, now: datetime) -> NewToken:
    with _hiding([token], client.platform, client.endpoint(IG_REFRESH)):
        body = client.get(IG_REFRESH, token=token, budget=budget, params={"grant_type": "ig_refresh_token"})
    return _new_token(client.platform, IG_REFRESH, body, now, [token])


def exchange_instagram(
    client: ApiClient, short_lived: Secret, client_secret: Secret, budget: Budget, *, now: datetime
) -> NewToken:
    """A 1-hour token from the login into a 60-day one."""
    hidden = [short_lived, client_secret]
    with _hiding(hidden, client.platform, client.endpoint(IG_EXCHANGE)):
        body = client.get(
            IG_EXCHANGE,
            token=short_lived,
            budget=budget,
            params={"grant_type": "ig_exchange_token", "client_secret": client_secret.reveal()},
        )
    return _new_token(client.platform, IG_EXCHANGE, body, now, hidden)


def exchange_instagram_code(
    client: ApiClient,
    client_id: str,
    client_secret: Secret,
    code: Secret,
    redirect_uri: str,
    budget: Budget,
    *,
    now: datetime,
) -> NewToken:
    """The code from the Instagram Login redirect into a short-lived (1 h) token; ``client``
    is on ``IG_OAUTH_HOST`` (unversioned). Exchange the result with ``exchange_instagram``."""
    form = {
        "client_id": client_id,
        "client_secret": client_secret.reveal(),
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
        "code": code.reveal(),
    }
    return _oauth_form(client, IG_CODE, form, budget, now, [client_secret, code])


def refresh_tiktok(
    client: ApiClient,
    client_key: str,
    client_secret: Secret,
    refresh_token: Secret,
    budget: Budget,
    *,
    now: datetime,
) -> NewToken:
    form = {
        "client_key": client_key,
        "client_secret": client_secret.reveal(),
        "grant_type": "refresh_token",
        "refresh_token": refresh_token.reveal(),
    }
    return _oauth_form(client, TIKTOK_TOKEN, form, budget, now, [client_secret, refresh_token])


def exchange_tiktok_code(
    client: ApiClient,
    client_key: str,
    client_secret: Secret,
    code: Secret,
    redirect_uri: str,
    budget: Budget,
    *,
    now: datetime,
) -> NewToken:
    form = {
        "client_key": client_key,
        "client_secret": client_secret.reveal(),
        "code": code.reveal(),
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
    }
    return _oauth_form(client, TIKTOK_TOKEN, form, budget, now, [client_secret, code])


def refresh_x(
    client: ApiClient,
    client_id: str,
    client_secret: Secret | None,
    refresh_token: Secret,
    budget: Budget,
    *,
    now: datetime,
) -> NewToken:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token.reveal(), "client_id": client_id}
    hidden = [refresh_token, *([client_secret] if client_secret else [])]
    return _oauth_form(client, X_TOKEN, form, budget, now, hidden, basic=(client_id, client_secret))


def exchange_x_code(
    client: ApiClient,
    client_id: str,
    client_secret: Secret | None,
    code: Secret,
    verifier: Secret,
    redirect_uri: str,
    budget: Budget,
    *,
    now: datetime,
) -> NewToken:
    form = {
        "grant_type": "authorization_code",
        "code": code.reveal(),
        "redirect_uri": redirect_uri,
        "code_verifier": verifier.reveal(),
        "client_id": client_id,
    }
    hidden = [code, verifier, *([client_secret] if client_secret else [])]
    return _oauth_form(client, X_TOKEN, form, budget, now, hidden, basic=(client_id, client_secret))


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str  # the redirect must bring it back: proof that the code answers THIS authorisation
    verifier: Secret | None  # X's PKCE code verifier, kept for the exchange


def new_state() -> str:
    """A fresh random ``state`` for one authorisation (OAuth 2.0 §10.12)."""
    return secrets.token_urlsafe(24)


def authorization(platform: str, client_id: str, redirect_uri: str) -> Authorization:
    """The URL the operator opens in a browser to grant the scopes; it redirects with ``code``
    and the ``state`` it was given, which the caller keeps and checks (``Redirect``)."""
    state = new_state()
    scope = SCOPE_SEPARATOR[platform].join(SCOPES[platform])
    params = {"response_type": "code", "redirect_uri": redirect_uri, "scope": scope, "state": state}
    params["client_key" if platform == "tiktok" else "client_id"] = client_id
    verifier = None
    if platform == "x":
        verifier = Secret(secrets.token_urlsafe(48))
        digest = hashlib.sha256(verifier.reveal().encode()).digest()
        params["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        params["code_challenge_method"] = "S256"
    return Authorization(f"{AUTHORIZE_URLS[platform]}?{urlencode(params)}", state, verifier)


@dataclass(frozen=True)
class Redirect:
    """What the platform's redirect brought back, as the operator pasted it: the whole address,
    its query alone, or (which cannot be checked) a bare code."""

    code: Secret | None
    state: str | None
    error: str | None = None  # the operator refused, or the platform did


def read_redirect(pasted: str) -> Redirect:
    text = pasted.strip()
    if "?" in text:
        text = urlsplit(text).query
    elif "=" not in text:
        return Redirect(Secret(text.removesuffix("#_")) if text else None, None)
    # Instagram appends "#_" to the address: not part of the code.
    fields = {k: v for k, v in parse_qsl(text.split("#", 1)[0], keep_blank_values=True)}
    code = fields.get("code", "").removesuffix("#_")
    error = fields.get("error")
    if error:
        description = " ".join(fields.get("error_description", "").split())[:200]
        error = f"{error}: {description}" if description else error
    return Redirect(Secret(code) if code else None, fields.get("state") or None, error)


# --- the wire -------------------------------------------------------------------------------


def _oauth_form(
    client: ApiClient,
    path: str,
    form: Mapping[str, str],
    budget: Budget,
    now: datetime,
    hidden: Sequence[Secret],
    *,
    basic: tuple[str, Secret | None] | None = None,
) -> NewToken:
    """One form-encoded OAuth POST through the client's session (``ApiClient`` sends JSON
    bodies and a bearer token; token endpoints want neither). Not retried: a refresh that
    reached the server may already have rotated the token, and only its answer has the new one."""
    endpoint = client.endpoint(path)
    if budget.calls >= budget.max_calls:
        raise BudgetExhausted(client.platform, endpoint, "call budget used up before the token refresh")
    budget.calls += 1
    auth = None
    if basic is not None and basic[1] is not None:
        auth = (basic[0], basic[1].reveal())
    with _hiding(hidden, client.platform, endpoint):
        try:
            response = client.session.post(
                client.base_url + endpoint,
                data=dict(form),
                auth=auth,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cache-Control": "no-cache"},
                timeout=client.timeout,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ApiError(
                client.platform, endpoint, f"no answer ({type(exc).__name__}); try again later"
            ) from None
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if response.status_code < 400 and isinstance(body, dict) and body.get("access_token"):
        return _new_token(client.platform, endpoint, body, now, hidden)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):  # TikTok's API error object, should the OAuth endpoint use it
        error = error.get("code")
    detail = body.get("error_description") if isinstance(body, dict) else None
    # Hidden before the cut: a secret across the 200th character would keep its first half.
    reason = _hide(" ".join(f"{error or f'HTTP {response.status_code}'} {detail or ''}".split()), hidden)
    reason = reason[:200]
    if error in (
        "invalid_grant",
        "invalid_request",
        "invalid_client",
        "unauthorized_client",
        "access_denied",
    ) or response.status_code in (400, 401):
        raise AuthExpired(client.platform, endpoint, f"token refresh refused ({reason})")
    raise ApiError(
        client.platform,
        endpoint,
        f"token endpoint failed ({reason}); try again later",
        status=response.status_code,
    )


def _new_token(platform: str, endpoint: str, body: Any, now: datetime, hidden: Sequence[Secret]) -> NewToken:
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("access_token"), str)
        or not body["access_token"]
    ):
        raise ApiError(platform, endpoint, "the token endpoint answered without an access_token")
    refresh = body.get("refresh_token")
    return NewToken(
        Secret(body["access_token"]),
        _after(now, body.get("expires_in")),
        Secret(refresh) if isinstance(refresh, str) and refresh else None,
        _after(now, body.get("refresh_expires_in")),
    )


def _after(now: datetime, seconds: Any) -> datetime | None:
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0:
        return (now + timedelta(seconds=int(seconds))).replace(microsecond=0)
    return None


def _hide(text: str, hidden: Sequence[Secret]) -> str:
    for secret in hidden:
        value = secret.reveal()
        if value:
            text = text.replace(value, "***")
    return text


# Loggers that may write a request's address or a message from the platform: urllib3 logs
# every request line (query string included) at DEBUG; the HTTP layer logs retries.
_WIRE_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry", "outreach.http")


class _HideSecrets(logging.Filter):
    """Cuts the given secrets out of every record of the logger it is attached to."""

    def __init__(self, hidden: Sequence[Secret]) -> None:
        super().__init__()
        self.hidden = hidden

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = _hide(message, self.hidden)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = _hide(logging.Formatter().formatException(record.exc_info), self.hidden)
        return True


@contextmanager
def _hiding(hidden: Sequence[Secret], platform: str, endpoint: str) -> Iterator[None]:
    """While a token call runs: no log line shows a secret, and an error leaving it has every
    secret cut out of its text (the HTTP layer only knows the bearer token, not a client_secret
    passed as a parameter); any other failure of ``requests`` is named by its class only,
    since its text carries the whole address."""
    guard = _HideSecrets(hidden)
    loggers = [logging.getLogger(name) for name in _WIRE_LOGGERS]
    for logger in loggers:
        logger.addFilter(guard)
    try:
        yield
    except ApiError as exc:
        raise _scrubbed(exc, hidden) from None
    except requests.RequestException as exc:
        raise ApiError(
            platform, endpoint, f"request failed ({type(exc).__name__}); try again later"
        ) from None
    finally:
        for logger in loggers:
            logger.removeFilter(guard)


def _scrubbed(error: ApiError, hidden: Sequence[Secret]) -> ApiError:
    """The same error with every secret cut out of its text, and without the exception it
    happened during (a ``requests`` error's text carries the whole address)."""
    error.reason = _hide(error.reason, hidden)
    error.args = tuple(_hide(a, hidden) if isinstance(a, str) else a for a in error.args)
    error.__context__ = error.__cause__ = None
    return error
