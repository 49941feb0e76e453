"""Web latency under load: `storyline serve` over the whole Reuters corpus (facts on), hit by concurrent clients.

Builds a store of all of Reuters-21578 with the facts stage (about 10 minutes on the 2-core box; pass --db PATH to
keep it, and the same --db again to reuse it), starts `storyline serve` on 127.0.0.1 in a subprocess, warms it up
(every sampled story page once: the cold latencies are reported too), then for each endpoint in turn keeps
--concurrency keep-alive connections busy for --duration seconds and reports per endpoint the p50/p95/p99 latency in
ms and requests/s, as JSON:

    story list    GET /api/v1/stories (first page, 50 rows) and GET / (the HTML story list)
    story page    GET /stories/{id} (HTML) and GET /api/v1/stories/{id}, over a seeded sample of stories that
                  includes the largest ones
    search        GET /api/v1/search?q=... with varied words

Goals: story list and story page p95 < 50 ms and >= 300 requests/s; search p95 < 100 ms. The load generator runs
on the same machine as the server (a lean asyncio HTTP/1.1 client by default: httpx costs about a millisecond of CPU
per request, which the server would not get; --client httpx to compare; both ask for gzip as browsers do). Run:

    .venv/bin/python benchmarks/web_latency.py --db /tmp/reuters-facts.db [--workers 2] [--concurrency 10]
        [--duration 10] [--sample 60] [--data ../shared/corpora/reuters21578/reuters21578.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.engines.local import ingest, refresh_story_meta
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"
# Search words: frequent Reuters topics, rarer names, two-word queries and a phrase, so ranking work varies.
WORDS = [
    "oil", "wheat", "dollar", "interest rates", "bank", "merger", "opec", "coffee", "gold", "earnings", "tokyo",
    "bundesbank", "soybeans", "trade deficit", "acquisition", "dividend", "yen", "crude prices", "sugar", "copper",
    "\"money supply\"", "texaco", "brazil debt", "shipping", "strike", "tin", "cocoa", "grain exports", "ec", "gnp",
]  # fmt: skip
GOALS = {"list": (50.0, 300.0), "page": (50.0, 300.0), "search": (100.0, None)}


def build(db: Path, data: Path) -> dict[str, Any]:
    """A store of the whole corpus with facts, or the existing one at `db` (migrated and backfilled if older)."""
    start = time.perf_counter()
    settings = Settings.load(db=str(db), facts=True)
    with SqliteStore(db) as store:
        if store.stats()["articles"] == 0:
            report = ingest([data], store, settings)
            built = {"built": True, "ingest_summary": report.summary()}
        else:
            built = {"built": False, "stories_refreshed": refresh_story_meta(store)}
        stats = store.stats()
    return {**built, "seconds": round(time.perf_counter() - start, 1), **stats}


def sample_stories(db: Path, size: int, largest: int, seed: int) -> list[str]:
    """The `largest` largest stories and a seeded random sample of the others, `size` in all."""
    with SqliteStore(db, readonly=True) as store:
        ids = [s["id"] for s in store.story_rows(limit=10**9, with_article_ids=False)]
        sizes = store.story_titles(ids)
    ids.sort(key=lambda i: (-sizes[i]["size"], i))
    rest = ids[largest:]
    return ids[:largest] + random.Random(seed).sample(rest, min(max(size - largest, 0), len(rest)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """`storyline serve` in a subprocess, its stderr to `log`; returns once it answers."""
    cmd = [sys.executable, "-m", "storyline.cli", "--db", str(db), "serve", "--port", str(port)]
    # --warm 0: nothing prepared before the first requests, so that the cold figures are cold.
    cmd += ["--workers", str(workers), "--warm", "0"]
    with log.open("wb") as err:
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=60) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("server did not answer within 120 s")


class RawClient:
    """One keep-alive HTTP/1.1 connection on asyncio streams: the least client CPU per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of one GET; 0 when the connection broke (it is reopened for the next request)."""
        try:
            return await self._get(path)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            self.reader = self.writer = None
            return 0

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        # Accept-Encoding as browsers and httpx send it: the largest story views go compressed.
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class HttpxClient:
    def __init__(self, port: int) -> None:
        import httpx

        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60)

    async def get(self, path: str) -> int:
        return (await self.client.get(path)).status_code

    async def close(self) -> None:
        await self.client.aclose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "errors": errors,
        "requests_per_s": round(len(ms) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2) if ms else None,
    }


async def load(
    port: int,
    paths: Callable[[int], str],
    concurrency: int,
    duration: float,
    make: Callable[[int], Any],
    largest: tuple[str, ...] = (),
) -> dict[str, Any]:
    """`concurrency` connections, each sending its next request as soon as the previous answer is read. Requests
    for the `largest` stories are also summarised apart: a few huge stories can dominate the tail."""
    latencies: list[float] = []
    big: list[float] = []
    rest: list[float] = []
    errors = 0
    stop = time.perf_counter() + duration
    counter = 0

    async def worker() -> None:
        nonlocal errors, counter
        client = make(port)
        try:
            while time.perf_counter() < stop:
                counter += 1
                path = paths(counter)
                start = time.perf_counter()
                status = await client.get(path)
                latencies.append(time.perf_counter() - start)
                (big if path.rsplit("/", 1)[-1] in largest else rest).append(latencies[-1])
                errors += int(status != 200)
        finally:
            await client.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result = summary(latencies, errors, time.perf_counter() - start)
    if largest:
        for name, part in (("largest_stories", big), ("other_stories", rest)):
            result[name] = {k: v for k, v in summary(part, 0, 0).items() if k not in ("requests_per_s", "errors")}
    return result


async def warm(port: int, paths: list[str], make: Callable[[int], Any]) -> dict[str, Any]:
    """Each path once, one at a time: the first (uncached) latency of each."""
    client = make(port)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    try:
        for path in paths:
            t = time.perf_counter()
            errors += int(await client.get(path) != 200)
            latencies.append(time.perf_counter() - t)
    finally:
        await client.close()
    return summary(latencies, errors, time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse (default: a temporary one)")
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, default=1, help="server processes (storyline serve --workers)")
    parser.add_argument("--concurrency", type=int, default=10, help="connections kept busy at once")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per endpoint")
    parser.add_argument("--sample", type=int, default=60, help="stories in the story-page sample")
    parser.add_argument("--largest", type=int, default=5, help="of which the largest stories of the store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    args = parser.parse_args()
    if args.db is None and not args.data.exists():
        print(f"skipped: {args.data} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    with tempfile.TemporaryDirectory(prefix="storyline-web-") as tmp:
        db = args.db or Path(tmp) / "web.db"
        store = build(db, args.data)
        stories = sample_stories(db, args.sample, args.largest, args.seed)
        make = RawClient if args.client == "raw" else HttpxClient
        port = free_port()
        log = Path(tmp) / "server.log"
        server = start_server(db, port, args.workers, log)
        try:
            result = asyncio.run(run_all(port, stories, args, make))
        finally:
            server.terminate()
            server.wait(timeout=30)
        server_log = log.read_text(errors="replace").splitlines()[-20:]
    report = {
        "store": {"path": str(db), **store},
        "server": {"workers": args.workers, "client": args.client, "concurrency": args.concurrency},
        "duration_s_per_endpoint": args.duration,
        "sampled_stories": len(stories),
        **result,
        "server_log_tail": server_log,
    }
    print(json.dumps(report, indent=2))
    return 0


async def run_all(port: int, stories: list[str], args: argparse.Namespace, make: Callable[[int], Any]) -> dict:
    rng = random.Random(args.seed)
    order = stories[:]
    rng.shuffle(order)
    endpoints: dict[str, tuple[str, Callable[[int], str]]] = {
        "GET /api/v1/stories": ("list", lambda i: "/api/v1/stories"),
        "GET /": ("list", lambda i: "/"),
        "GET /api/v1/stories/{id}": ("page", lambda i: f"/api/v1/stories/{order[i % len(order)]}"),
        "GET /stories/{id}": ("page", lambda i: f"/stories/{order[i % len(order)]}"),
        "GET /api/v1/search": ("search", lambda i: f"/api/v1/search?q={WORDS[i % len(WORDS)].replace(' ', '+')}"),
    }
    cold = {
        "GET /api/v1/stories/{id}": await warm(port, [f"/api/v1/stories/{s}" for s in stories], make),
        "GET /stories/{id}": await warm(port, [f"/stories/{s}" for s in stories], make),
        "GET /api/v1/search": await warm(port, [f"/api/v1/search?q={w.replace(' ', '+')}" for w in WORDS], make),
    }
    # Every server process keeps its own story view cache: several connections each ask for every sampled story, so
    # that (connections going to whichever process accepts first) each process has seen each story once.
    warm_paths = [p for s in stories for p in (f"/api/v1/stories/{s}", f"/stories/{s}")]
    await asyncio.gather(*(warm(port, warm_paths, make) for _ in range(2 * args.workers if args.workers > 1 else 0)))
    measured: dict[str, Any] = {}
    for name, (kind, paths) in endpoints.items():
        largest = tuple(stories[: args.largest]) if kind == "page" else ()
        await load(port, paths, args.concurrency, 1.0, make)  # a second of warm-up at full concurrency
        stats = await load(port, paths, args.concurrency, args.duration, make, largest)
        p95_goal, rps_goal = GOALS[kind]
        stats["goal_met"] = stats["p95_ms"] < p95_goal and (rps_goal is None or stats["requests_per_s"] >= rps_goal)
        measured[name] = stats
    return {"cold_first_requests": cold, "endpoints": measured, "cpu_count": os.cpu_count()}


if __name__ == "__main__":
    sys.exit(main())
