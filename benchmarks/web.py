"""The web app's speed: p50 and p95 per page and requests per second with 8 clients on loopback,
beside the time of the same numbers from the command line (measured in the same run).

    python benchmarks/web.py                    # the demo office
    python benchmarks/web.py --db big.db        # any database, e.g. one from benchmarks/report.py

Targets (issue 14): every page's p95 under 500 ms on the demo database, under 2 s on a
200,000-post database. "first" is each page's first request, before the server's result cache
holds anything (a comparison's permutations, a week's report): what the first person to open a
page after an import waits.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import requests

PAGES = [
    ("this week", "/"),
    ("week report", "/report/{week}/view"),
    ("posts", "/posts?platform=instagram&sort=engagements"),
    ("posts newest", "/posts"),
    ("posts search", "/posts?q=pohon"),
    ("compare", "/compare?by=type&platform=instagram"),
    ("review", "/review"),
    ("collection", "/collection"),
]
PASSWORD = "benchmark password"


def time_now() -> datetime:
    return datetime.now()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", help="database to serve (default: the demo office, built fresh)")
    parser.add_argument("--config", help="its outreach.toml")
    parser.add_argument("--requests", type=int, default=20, help="requests per page for p50/p95")
    args = parser.parse_args()

    from waitress.server import create_server

    from outreach.app.setup import DEMO, demo_workspace, run_demo
    from outreach.app.summary import summarise
    from outreach.app.users import add_user
    from outreach.app.workspace import Workspace
    from outreach.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            ws = Workspace(args.db, args.config)
        else:
            ws = demo_workspace(str(Path(tmp) / "demo.db"))
            run_demo(ws, fresh=True)
            ws = Workspace(str(Path(tmp) / "demo.db"), DEMO / "outreach.toml")
        add_user(ws, "bench", PASSWORD, "viewer")
        # A throwaway signing key: no web-session.key written beside the demo's (or --config's) files.
        key = secrets.token_urlsafe(48)
        server = create_server(create_app(ws, secret_key=key), host="127.0.0.1", port=0, threads=8)
        port = server.effective_port  # type: ignore[union-attr]
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"

        def session() -> requests.Session:
            s = requests.Session()
            page = s.get(f"{base}/login", timeout=30).text
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            s.post(
                f"{base}/login",
                data={"username": "bench", "password": PASSWORD, "csrf_token": token},
                timeout=30,
            )
            return s

        from outreach.app.weekly import week_label
        from outreach.queries.overview import last_publish_time

        with ws.reading() as connection:
            newest = last_publish_time(connection)
        week = week_label((newest or time_now()).date() - timedelta(days=(newest or time_now()).weekday()))
        pages = [(name, path.format(week=week)) for name, path in PAGES]
        client = session()
        print(f"{'page':<14}{'first ms':>10}{'p50 ms':>9}{'p95 ms':>9}")
        for name, path in pages:
            start = time.perf_counter()
            client.get(base + path, timeout=120).raise_for_status()  # and warm
            first = (time.perf_counter() - start) * 1000
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                response = client.get(base + path, timeout=60)
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
            print(f"{name:<14}{first:>10.0f}{statistics.median(times):>9.0f}{percentile(times, 0.95):>9.0f}")

        clients = [session() for _ in range(8)]
        done = 0
        lock = threading.Lock()
        deadline = time.perf_counter() + 10

        def worker(s: requests.Session) -> None:
            nonlocal done
            i = 0
            while time.perf_counter() < deadline:
                s.get(base + pages[i % len(pages)][1], timeout=60).raise_for_status()
                i += 1
                with lock:
                    done += 1

        start = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(worker, clients))
        elapsed = time.perf_counter() - start
        print(f"8 concurrent clients, all pages in turn: {done / elapsed:.1f} requests/s")

        start = time.perf_counter()
        summarise(ws, by="platform")
        print(
            f"baseline: the same summary from the command line's use case: {(time.perf_counter() - start) * 1000:.0f} ms"
        )
        server.close()


if __name__ == "__main__":
    main()
