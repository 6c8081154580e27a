"""A fake Instagram/X/TikTok API on loopback: real HTTP for real ``requests``.

Each test scripts the answers per route; every request is logged (method, path,
query, headers, JSON body) so a test can assert how many calls were made and what
they asked for. Nothing here leaves 127.0.0.1.

    with FakeApi() as api:
        api.on("GET", "/v25.0/17841/media", reply({"data": [...]}), reply({...}))
        ...  # answers are served in order; the last one repeats
        assert api.count("GET", "/v25.0/17841/media") == 2
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


def reply(body: Any = None, status: int = 200, **headers: str) -> Reply:
    """A JSON answer; header names use '_' for '-' (x_rate_limit_reset=...)."""
    return Reply(status, body, {k.replace("_", "-"): v for k, v in headers.items()})


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


Answer = Reply | Callable[[Request], Reply]


class FakeApi:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Answer]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api._serve(self, "GET")

            def do_POST(self) -> None:
                api._serve(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def on(self, method: str, path: str, *answers: Answer) -> None:
        """Script a route; ``path`` may end in '?key=value' to match one query value."""
        self.routes[(method, path)] = list(answers)

    def calls(self, method: str | None = None, path: str | None = None) -> list[Request]:
        return [r for r in self.requests if (method in (None, r.method)) and (path in (None, r.path))]

    def count(self, method: str | None = None, path: str | None = None) -> int:
        return len(self.calls(method, path))

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        request = Request(
            method, parts.path, dict(parse_qsl(parts.query)), dict(handler.headers.items()), body
        )
        with self._lock:
            self.requests.append(request)
            answer = self._answer(request)
        if callable(answer):
            answer = answer(request)
        payload = json.dumps(answer.body).encode() if answer.body is not None else b""
        handler.send_response(answer.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _answer(self, request: Request) -> Answer:
        # Routes with a query condition win over the plain route of the same path.
        ordered = sorted(self.routes.items(), key=lambda item: "?" not in item[0][1])
        for (method, route), answers in ordered:
            path, _, condition = route.partition("?")
            if method != request.method or path != request.path:
                continue
            if condition:
                key, _, value = condition.partition("=")
                if request.query.get(key) != value:
                    continue
            return answers.pop(0) if len(answers) > 1 else answers[0]
        return Reply(404, {"error": {"message": f"unscripted {request.method} {request.path}", "code": 803}})


class FakeClock:
    """``clock``/``sleep`` for ApiClient: sleeping moves time on instead of waiting."""

    def __init__(self, start: float = 1000.0, wall: float = 1_800_000_000.0) -> None:
        self.now = start
        self.wall_start, self.start = wall, start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.wall_start + (self.now - self.start)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
