"""API tokens: read from ``secrets.toml`` (never from outreach.toml), written back atomically.

The file lives beside the configuration file (or wherever ``OUTREACH_SECRETS`` points) and
must be readable by its owner only. One table per account::

    [instagram.sukamajukab]
    token = "IGQV…"
    expires_at = 2027-01-31T00:00:00Z

    [tiktok.sukamajukab]
    token = "act.…"
    expires_at = 2026-12-03T12:00:00Z
    refresh_token = "rft.…"
    refresh_expires_at = 2027-06-01T00:00:00Z

    [apps.tiktok]                 # the app's own credentials, for refresh and `outreach auth`
    client_id = "aw…"             # TikTok's client_key
    client_secret = "…"

The web app's session signing key lives beside it, in ``web-session.key`` (0600, made on
the first ``outreach serve``), unless ``OUTREACH_SECRET_KEY`` gives it: never in the
database, whose backups travel further than this folder.

An account without an entry takes ``OUTREACH_INSTAGRAM_TOKEN`` / ``OUTREACH_X_TOKEN`` /
``OUTREACH_TIKTOK_TOKEN``. Tokens are ``Secret`` objects from the moment they are read,
so no repr, log line or exception can show them. A refreshed token is written to a
private temporary file, flushed to disk and renamed over the old file BEFORE it is used:
a crash can lose at most the new token's use, never the only valid (rotated) refresh token.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collectors.http import Secret
from outreach.errors import ConfigError

SECRETS_NAME = "secrets.toml"
SECRETS_ENV = "OUTREACH_SECRETS"
TOKEN_ENV = {
    "instagram": "OUTREACH_INSTAGRAM_TOKEN",
    "x": "OUTREACH_X_TOKEN",
    "tiktok": "OUTREACH_TIKTOK_TOKEN",
}
ACCOUNT_KEYS = ("token", "expires_at", "refresh_token", "refresh_expires_at")
APP_KEYS = ("client_id", "client_secret")
SESSION_KEY_NAME = "web-session.key"
SESSION_KEY_ENV = "OUTREACH_SECRET_KEY"
MIN_SESSION_KEY = 32  # characters
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Credentials:
    """One account's token as stored; ``source`` says where it came from (for messages)."""

    platform: str
    handle: str
    token: Secret
    expires_at: datetime | None = None  # naive UTC
    refresh_token: Secret | None = None
    refresh_expires_at: datetime | None = None
    source: str = SECRETS_NAME  # the file name, or the environment variable

    @property
    def from_file(self) -> bool:
        return self.source not in TOKEN_ENV.values()


@dataclass(frozen=True)
class AppCredentials:
    client_id: str | None
    client_secret: Secret | None


def secrets_path(config_file: Path | None) -> Path:
    """``OUTREACH_SECRETS``, else secrets.toml beside outreach.toml (or in the current folder)."""
    env = os.environ.get(SECRETS_ENV)
    if env:
        return Path(env).expanduser()
    return (config_file.parent if config_file is not None else Path.cwd()) / SECRETS_NAME


class SecretsFile:
    """The secrets file of one workspace; read on every use (another process may have refreshed)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # --- reading -----------------------------------------------------------------------

    def _data(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        check_private(self.path)
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            # The decoder's message names a line and column, never the file's values.
            raise ConfigError(f"{self.path}: not valid TOML ({exc})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{self.path}: cannot read ({getattr(exc, 'strerror', None) or 'not UTF-8'})"
            ) from None

    def credentials(self, platform: str, handle: str) -> Credentials | None:
        """The account's entry in the file, else the platform's environment token, else None."""
        entry = _account_entry(self._data(), platform, handle)
        if entry is not None:
            return _credentials(self.path, platform, handle, entry)
        value = os.environ.get(TOKEN_ENV[platform], "").strip()
        if value:
            return Credentials(platform, handle, Secret(value), source=TOKEN_ENV[platform])
        return None

    def app(self, platform: str) -> AppCredentials:
        entry = (self._data().get("apps") or {}).get(platform) or {}
        if not isinstance(entry, dict):
            raise ConfigError(
                f"{self.path}: [apps.{platform}] must be a table with client_id and client_secret"
            )
        unknown = [k for k in entry if k not in (*APP_KEYS, "client_key")]
        if unknown:
            raise ConfigError(
                f"{self.path}: apps.{platform}.{unknown[0]}: unknown key (expected client_id, client_secret)"
            )
        client_id = entry.get("client_id") or entry.get("client_key")
        secret = entry.get("client_secret")
        return AppCredentials(str(client_id) if client_id else None, Secret(str(secret)) if secret else None)

    # --- writing -----------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One refresh at a time per secrets file: two processes refreshing a rotating
        TikTok token at once would each invalidate the other's."""
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{self.path}.lock", mode=0o600, timeout=120):
            yield

    def save(self, credentials: Credentials) -> None:
        """Store one account's token(s), keeping every other entry; atomic and private."""
        data = self._data()
        accounts = data.setdefault(credentials.platform, {})
        if not isinstance(accounts, dict):
            raise ConfigError(f"{self.path}: [{credentials.platform}] must be a table of accounts")
        existing = next(
            (k for k in accounts if k.casefold() == credentials.handle.casefold()), credentials.handle
        )
        entry: dict[str, Any] = {"token": credentials.token.reveal()}
        if credentials.expires_at:
            entry["expires_at"] = credentials.expires_at
        if credentials.refresh_token:
            entry["refresh_token"] = credentials.refresh_token.reveal()
        if credentials.refresh_expires_at:
            entry["refresh_expires_at"] = credentials.refresh_expires_at
        accounts[existing] = entry
        write_private(self.path, dump_toml(data))

    def save_app(self, platform: str, client_id: str, client_secret: Secret) -> None:
        data = self._data()
        data.setdefault("apps", {})[platform] = {
            "client_id": client_id,
            "client_secret": client_secret.reveal(),
        }
        write_private(self.path, dump_toml(data))


def session_key_path(config_file: Path | None) -> Path:
    """``web-session.key`` beside the secrets file."""
    return secrets_path(config_file).with_name(SESSION_KEY_NAME)


def session_key(config_file: Path | None) -> str:
    """The key that signs the web app's session cookies: ``OUTREACH_SECRET_KEY``, else the
    private file beside the secrets file, made on first use. Two servers starting at once
    both use the first key written. Never printed or logged."""
    given = os.environ.get(SESSION_KEY_ENV, "").strip()
    if given:
        if len(given) < MIN_SESSION_KEY:
            raise ConfigError(
                f"{SESSION_KEY_ENV} is too short to sign sessions; give it at least {MIN_SESSION_KEY} random "
                "characters, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return given
    path = session_key_path(config_file)
    if not path.exists():
        try:
            write_private(path, secrets.token_urlsafe(48) + "\n", replace=False)
        except FileExistsError:
            pass  # another server made it first: use theirs
    check_private(path, holds="the web app's session key")
    try:
        key = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or 'not UTF-8'})") from None
    if len(key) < MIN_SESSION_KEY:
        raise ConfigError(
            f"{path}: the web app's session key is missing or too short; delete the file and start "
            "outreach serve again to make a new one (everyone signs in again)"
        )
    return key


def check_private(path: Path, *, holds: str = "API tokens") -> None:
    """Refuse a secrets file that other users of the computer can read, with the fix."""
    if os.name == "nt":
        return  # Windows: the user profile's ACLs keep it private
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{path} can be read by other users of this computer (mode {mode:o}) and holds {holds}; "
            f"make it private with: chmod 600 {path}"
        )


def write_private(path: Path, content: str, *, replace: bool = True) -> None:
    """Replace ``path`` with ``content``: a 0600 temporary file beside it, fsync, rename,
    fsync of the folder. A reader sees the old file or the new one, never half of either.
    With ``replace=False`` the file is only created: FileExistsError when it is already
    there (made by another process meanwhile), which then keeps its content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600 on POSIX, so the token is never readable by others.
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # atomic, and fails rather than overwrite
            os.unlink(temporary)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _account_entry(data: Mapping[str, Any], platform: str, handle: str) -> Mapping[str, Any] | None:
    accounts = data.get(platform)
    if not isinstance(accounts, dict):
        return None
    wanted = handle.removeprefix("@").casefold()
    for key, entry in accounts.items():
        if key.removeprefix("@").casefold() == wanted and isinstance(entry, dict):
            return entry
    return None


def _credentials(path: Path, platform: str, handle: str, entry: Mapping[str, Any]) -> Credentials:
    where = f"{path}: {platform}.{handle}"
    unknown = [k for k in entry if k not in ACCOUNT_KEYS]
    if unknown:
        raise ConfigError(f"{where}.{unknown[0]}: unknown key (expected {', '.join(ACCOUNT_KEYS)})")
    token = entry.get("token")
    if not isinstance(token, str) or not token.strip():
        raise ConfigError(
            f"{where}: token is missing; paste it with: outreach auth {platform} --account {handle}"
        )
    refresh = entry.get("refresh_token")
    return Credentials(
        platform,
        handle,
        Secret(token.strip()),
        expires_at=_moment(where, "expires_at", entry.get("expires_at")),
        refresh_token=Secret(refresh.strip()) if isinstance(refresh, str) and refresh.strip() else None,
        refresh_expires_at=_moment(where, "refresh_expires_at", entry.get("refresh_expires_at")),
        source=str(path),
    )


def _moment(where: str, key: str, value: Any) -> datetime | None:
    """A TOML date-time (or ISO text) as naive UTC; a date without a zone is read as UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise ConfigError(f"{where}.{key}: expected a date-time like 2027-01-31T00:00:00Z")
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def dump_toml(data: Mapping[str, Any]) -> str:
    """The secrets file's shape (tables of tables of strings and times) as TOML."""
    lines = ["# API tokens for outreach: keep this file private (chmod 600). Written by `outreach auth`.", ""]
    for platform, accounts in data.items():
        if not isinstance(accounts, dict):
            continue
        for name, entry in accounts.items():
            if not isinstance(entry, dict):
                continue
            lines.append(f"[{_key(platform)}.{_key(name)}]")
            for key, value in entry.items():
                lines.append(f"{_key(key)} = {_value(value)}")
            lines.append("")
    return "\n".join(lines)


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name)


def _value(value: Any) -> str:
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # JSON string escapes are TOML basic-string escapes
