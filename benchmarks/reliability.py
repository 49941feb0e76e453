"""Reliability probes, run long: what docs/RELIABILITY.md reports. Each prints JSON.

    kinds    every bad input kind (tests/fuzz/bad_inputs.py, the large ones included), each alone in a fresh store
             through `storyline ingest` with facts on: exit code, traceback or not, what became of it, wall seconds
             and peak RSS of the process
    mixed    every kind in one folder with --good Reuters articles (default 1,000), facts on: exit 0, every good
             article stored, every bad input stored; a second run adds nothing; then --later more Reuters articles
             ingested into that store and into a clean one (the ratio of the two times)
    kill     --trials kill -9 trials (default 20) with facts on: an ingest of --good Reuters articles killed at a
             random moment, then run again to the end; every article exactly once afterwards, integrity_check ok
    readers  a server over a store while --good Reuters articles (default 4,000) are ingested into it with facts,
             clients reading the story list, story pages (ids seen earlier included: they must keep resolving) and
             /health meanwhile: errors (404s included) and p99; then --duration seconds (default 60) at
             --concurrency connections (default 50) over story pages and searches (long queries included), with
             /health timed throughout
    fuzz     the hypothesis properties of tests/fuzz with --examples examples each (default 2,000)

    .venv/bin/python benchmarks/reliability.py kinds|mixed|kill|readers|fuzz [options]

The corpora are read in place from ../shared (skipped, saying so, where it is absent); stores and inputs live in a
temporary folder; servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from tests.fuzz.bad_inputs import write_bad_inputs  # noqa: E402

from web_latency import RawClient, free_port, percentile, start_server, summary  # noqa: E402

REUTERS = REPO / ".." / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def _cli(db: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "--db", str(db), *args]


def _run_measured(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd`, returning exit code, wall seconds, peak RSS (MB, of the process itself) and its output's tail."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        try:
            _, status, usage = _wait4(proc.pid, timeout)
        except TimeoutError:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            status = -9
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status) if status != -9 else "timeout"
    return {
        "exit": code,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "traceback": "Traceback" in stderr,
        "summary": (stdout.strip().splitlines() or stderr.strip().splitlines() or [""])[-1][:300],
    }


def _wait4(pid: int, timeout: float) -> tuple[int, int, resource.struct_rusage]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found, status, usage = os.wait4(pid, os.WNOHANG)
        if found:
            return found, status, usage
        time.sleep(0.05)
    raise TimeoutError


def _documents(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source_path, status, error FROM documents").fetchall()


def kinds(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    made = tmp / "all"
    written = write_bad_inputs(made, huge=True)
    results = {}
    for bad in written:
        if bad.where.startswith("lines.jsonl"):
            continue
        folder = tmp / f"k{len(results)}"
        folder.mkdir()
        names = [bad.where] + (["twin_b.txt"] if bad.where == "twin_a.txt" else [])
        for name in names:
            src = made / name
            dst = folder / name
            if src.is_symlink():
                dst.symlink_to(os.readlink(src))
            elif src.is_fifo():
                os.mkfifo(dst)
            else:
                os.link(src, dst)
        results[bad.kind] = _probe(folder, tmp / f"k{len(results)}.db", args.timeout)
    lines = (made / "lines.jsonl").read_bytes().splitlines()
    for n, bad in enumerate(b for b in written if b.where.startswith("lines.jsonl")):
        path = tmp / f"line{n}.jsonl"
        path.write_bytes(lines[n] + b"\n")
        results[bad.kind] = _probe(path, tmp / f"line{n}.db", args.timeout)
    worst = max(results.values(), key=lambda r: r["peak_rss_mb"])
    return {
        "kinds": len(results),
        "all_exit_0": all(r["exit"] == 0 for r in results.values()),
        "tracebacks": [k for k, r in results.items() if r["traceback"]],
        "max_peak_rss_mb": worst["peak_rss_mb"],
        "max_seconds": max(r["seconds"] for r in results.values()),
        "results": results,
    }


def _probe(path: Path, db: Path, timeout: float) -> dict[str, Any]:
    result = _run_measured(_cli(db, "ingest", str(path)), timeout, {"STORYLINE_FACTS_WORKERS": "0"})
    docs = _documents(db) if db.exists() else []
    result["stored"] = [f"{status}: {error}" if error else status for _, status, error in docs]
    return result


def _reuters(first: int, count: int) -> list[bytes]:
    lines = []
    with REUTERS.open("rb") as fh:
        for n, line in enumerate(fh):
            if n >= first + count:
                break
            if n >= first:
                lines.append(line)
    return lines


def mixed(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    folder = tmp / "in"
    bad = write_bad_inputs(folder, huge=True)
    (folder / "reuters.jsonl").write_bytes(b"".join(_reuters(0, args.good)))
    db = tmp / "mixed.db"
    env = {"STORYLINE_FACTS_WORKERS": "1"}
    first = _run_measured(_cli(db, "ingest", str(folder)), args.timeout, env)
    with sqlite3.connect(db) as conn:
        reuters_articles = conn.execute("SELECT COUNT(*) FROM articles WHERE source_path LIKE '%reuters.jsonl%'")
        stored_good = reuters_articles.fetchone()[0]
        documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        no_reason = conn.execute("SELECT COUNT(*) FROM documents WHERE status='rejected' AND error IS NULL")
        rejected_without_reason = no_reason.fetchone()[0]
    second = _run_measured(_cli(db, "ingest", str(folder)), args.timeout, env)
    later = tmp / "later.jsonl"
    later.write_bytes(b"".join(_reuters(args.good, args.later)))
    into_used = _run_measured(_cli(db, "ingest", str(later)), args.timeout, env)
    into_clean = _run_measured(_cli(tmp / "clean.db", "ingest", str(later)), args.timeout, env)
    return {
        "bad_kinds": len(bad),
        "good_articles": args.good,
        "first_run": first,
        "good_articles_stored": stored_good,
        "documents_stored": documents,
        "rejected_without_reason": rejected_without_reason,
        "second_run": second,
        f"later_{args.later}_into_this_store": into_used,
        f"later_{args.later}_into_a_clean_store": into_clean,
        "later_cost_ratio": round(into_used["seconds"] / into_clean["seconds"], 2),
    }


def kill(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    data = tmp / "reuters.jsonl"
    lines = _reuters(0, args.good)
    data.write_bytes(b"".join(lines))
    rng = random.Random(args.seed)
    env = {**os.environ, "STORYLINE_FACTS_WORKERS": "1", "STORYLINE_BATCH_SIZE": "100"}
    trials = []
    for trial in range(args.trials):
        db = tmp / f"kill{trial}.db"
        proc = subprocess.Popen(
            _cli(db, "ingest", str(data)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        delay = rng.uniform(2.0, args.kill_within)
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        again = subprocess.run(
            _cli(db, "ingest", str(data)), capture_output=True, text=True, errors="replace", env=env, check=False
        )
        with sqlite3.connect(db) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            distinct = conn.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0]
            documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            facts = conn.execute("SELECT COUNT(*) FROM article_facts").fetchone()[0]
        trials.append(
            {
                "killed_after_s": round(delay, 2) if killed else None,
                "rerun_exit": again.returncode,
                "rerun_error": again.stderr.strip()[-600:] if again.returncode else None,
                "integrity": integrity,
                "articles": articles,
                "distinct_inputs": distinct,
                "documents": documents,
                "facts_rows": facts,
                "exactly_once": articles == distinct and documents == len(lines) and integrity == "ok",
            }
        )
    return {
        "trials": len(trials),
        "killed": sum(1 for t in trials if t["killed_after_s"] is not None),
        "exactly_once": sum(1 for t in trials if t["exactly_once"]),
        "facts_for_every_article": sum(1 for t in trials if t["facts_rows"] == t["articles"]),
        "results": trials,
    }


def readers(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    db = tmp / "readers.db"
    seed = tmp / "seed.jsonl"
    seed.write_bytes(b"".join(_reuters(0, 200)))
    subprocess.run(_cli(db, "ingest", "--no-facts", str(seed)), check=True, capture_output=True)
    data = tmp / "more.jsonl"
    data.write_bytes(b"".join(_reuters(200, args.good)))
    port = free_port()
    server = start_server(db, port, 1, tmp / "server.log")
    try:
        during = asyncio.run(_during_ingest(db, data, port, args))
        load_result = asyncio.run(_under_load(port, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"during_ingest": during, "under_load": load_result}


async def _story_ids(client: RawClient, port: int) -> list[str]:
    import urllib.request

    def fetch() -> list[str]:
        url = f"http://127.0.0.1:{port}/api/v1/stories?limit=100"
        with urllib.request.urlopen(url, timeout=30) as r:
            return [s["id"] for s in json.load(r)["items"]]

    return await asyncio.to_thread(fetch)


async def _during_ingest(db: Path, data: Path, port: int, args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "STORYLINE_FACTS_WORKERS": "1"}
    ingest = await asyncio.create_subprocess_exec(*_cli(db, "ingest", str(data)), env=env, stdout=-3, stderr=-3)
    seen: list[str] = await _story_ids(RawClient(port), port)
    latencies: dict[str, list[float]] = {"list": [], "story": [], "health": []}
    errors: dict[str, int] = {"list": 0, "story": 0, "health": 0}
    statuses: dict[int, int] = {}
    rng = random.Random(args.seed)

    async def reader(kind: str) -> None:
        client = RawClient(port)
        try:
            while ingest.returncode is None:
                if kind == "story" and seen:
                    path = f"/api/v1/stories/{rng.choice(seen)}"
                else:
                    path = {"list": "/api/v1/stories", "health": "/api/v1/health"}.get(kind, "/api/v1/stories")
                start = time.perf_counter()
                status = await client.get(path)
                latencies[kind].append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
                errors[kind] += int(status != 200)
                await asyncio.sleep(0.01)
        finally:
            await client.close()

    async def refresh_seen() -> None:
        while ingest.returncode is None:
            await asyncio.sleep(5)
            seen.extend(await _story_ids(RawClient(port), port))

    tasks = [asyncio.create_task(reader(k)) for k in ("list", "story", "story", "health")]
    tasks.append(asyncio.create_task(refresh_seen()))
    start = time.perf_counter()
    code = await ingest.wait()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "ingest_exit": code,
        "ingest_seconds": round(time.perf_counter() - start, 1),
        "story_ids_checked": len(set(seen)),
        "statuses": statuses,
        **{k: summary(v, errors[k], time.perf_counter() - start) for k, v in latencies.items()},
    }


async def _under_load(port: int, args: argparse.Namespace) -> dict[str, Any]:
    ids = await _story_ids(RawClient(port), port)
    rng = random.Random(args.seed)
    words = "oil wheat dollar bank merger coffee gold earnings tokyo dividend yen sugar copper trade".split()
    long_query = "+".join(rng.choice(words) for _ in range(1000))

    def path(i: int) -> str:
        if i % 10 == 0:
            return f"/api/v1/search?q={long_query}"
        if i % 3 == 0:
            return f"/api/v1/search?q={words[i % len(words)]}"
        return f"/api/v1/stories/{ids[i % len(ids)]}" if i % 2 else f"/stories/{ids[i % len(ids)]}"

    health: list[float] = []
    statuses: dict[int, int] = {}
    stop = time.perf_counter() + args.duration
    counter = 0
    latencies: list[float] = []

    async def worker() -> None:
        nonlocal counter
        client = RawClient(port)
        try:
            while time.perf_counter() < stop:
                counter += 1
                start = time.perf_counter()
                status = await client.get(path(counter))
                latencies.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            await client.close()

    async def timer() -> None:
        client = RawClient(port)
        try:
            while time.perf_counter() < stop:
                start = time.perf_counter()
                status = await client.get("/api/v1/health")
                health.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
                await asyncio.sleep(0.1)
        finally:
            await client.close()

    begin = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)), timer())
    seconds = time.perf_counter() - begin
    # A long query is refused (400/422) by design: an answer, not an error. Errors are 5xx and broken connections.
    errors = sum(n for s, n in statuses.items() if s == 0 or s >= 500)
    return {
        "concurrency": args.concurrency,
        "seconds": round(seconds, 1),
        "statuses": statuses,
        "errors": errors,
        "requests": summary(latencies, errors, seconds),
        "health": {**summary(health, 0, seconds), "p99_under_100_ms": percentile([h * 1000 for h in health], 99) < 100},
    }


def fuzz(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    env = {**os.environ, "STORYLINE_FUZZ_EXAMPLES": str(args.examples)}
    cmd = [sys.executable, "-m", "pytest", "-q", str(REPO / "tests" / "fuzz"), "-p", "no:cacheprovider"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    return {
        "examples_per_property": args.examples,
        "exit": done.returncode,
        "seconds": round(time.perf_counter() - start, 1),
        "tail": done.stdout.strip().splitlines()[-3:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("probe", choices=["kinds", "mixed", "kill", "readers", "fuzz"])
    parser.add_argument("--good", type=int, default=None, help="Reuters articles (default per probe, see above)")
    parser.add_argument("--later", type=int, default=500)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--kill-within", type=float, default=40.0, help="kill at a random second up to this")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one ingest may take")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.good = args.good or {"readers": 4000, "kill": 600}.get(args.probe, 1000)
    if args.probe in ("mixed", "kill", "readers") and not REUTERS.exists():
        print(f"skipped: {REUTERS} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    probes = {"kinds": kinds, "mixed": mixed, "kill": kill, "readers": readers, "fuzz": fuzz}
    with tempfile.TemporaryDirectory(prefix="storyline-reliability-") as tmp:
        result = probes[args.probe](args, Path(tmp))
    print(json.dumps({"probe": args.probe, "date": time.strftime("%Y-%m-%d"), **result}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
