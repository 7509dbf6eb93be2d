"""Benchmark: check 1,000 URLs on local fault servers with added latency, spread over several
hosts, and print wall time next to the schedule's floor, a bare httpx script, LinkChecker
(when installed) and a cached re-check — plus how many problem links each found and how many
good links each flagged by mistake.

    python bench/linkcheck.py [--urls 1000] [--hosts 4] [--per-host 2] [--latency 0.05]
                              [--linkchecker PATH]

The floor is the time the per-host limits allow: for each host, its requests (redirect hops
included) in rounds of ``--per-host`` at ``--latency`` each; the slowest host sets it. Each
checker runs in its own process so its peak memory (max RSS) is its own. The servers run in
another process, so their threads never compete with the checker for the interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

#: One in ten URLs is a problem, of these kinds (path template, outcome, extra requests).
PROBLEMS = (
    ("/status/404?n={n}", "not-found", 0),
    ("/status/410?n={n}", "not-found", 0),
    ("/soft404/{n}", "soft-404", 0),
    ("/redirect/home/{n}", "redirect-to-home", 1),
    ("/redirect/moved/{n}", "moved", 1),
    ("/status/403?n={n}", "blocked", 0),
)


def plan(bases: list[str], count: int) -> list[tuple[str, str, int]]:
    """(url, expected outcome, requests it takes) for ``count`` URLs over the hosts."""
    out = []
    for n in range(count):
        base = bases[n % len(bases)]
        if n % 10 == 9:
            template, outcome, extra = PROBLEMS[(n // 10) % len(PROBLEMS)]
            out.append((base + template.format(n=n), outcome, 1 + extra))
        else:
            out.append((base + f"/article/{n}", "ok", 1))
    return out


def floor(urls: list[tuple[str, str, int]], per_host: int, latency: float) -> float:
    by_host: Counter[str] = Counter()
    for url, _, requests in urls:
        by_host[url.split("/")[2]] += requests
    return max(math.ceil(n / per_host) * latency for n in by_host.values())


def serve(hosts: int, latency: float, replies: multiprocessing.Queue, orders: multiprocessing.Queue) -> None:
    """Run the servers; answer "peak" (the highest per-host concurrency since the last one)
    until told to "stop"."""
    from faultserver import FaultServer

    # LinkChecker stays under 10 requests/s per host unless the server sends this header.
    servers = [FaultServer(latency=latency, headers={"LinkChecker": "bench"}).start() for _ in range(hosts)]
    replies.put([s.base_url for s in servers])
    while orders.get() != "stop":
        replies.put(max(s.max_concurrent for s in servers))
        for server in servers:
            server.reset()
    for server in servers:
        server.stop()


def worker(kind: str, urls_file: str, per_host: int, cache_dir: str | None) -> dict[str, object]:
    urls = json.loads(Path(urls_file).read_text())
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "httpx":
        outcomes = asyncio.run(bare_httpx(urls, per_host))
    else:
        from citations.net.settings import HostPolicy, NetSettings
        from citations.resolve import Mode, Network, Target, check_links

        settings = NetSettings(
            timeout=30, default=HostPolicy(0.0, per_host), hosts=(), allow_private=True, archive=False
        )
        network = Network(Mode.ONLINE, settings, cache_dir=cache_dir)
        links = check_links([Target(u) for u in urls], network).links
        outcomes = {u: links[u].outcome.value for u in urls}
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "outcomes": outcomes,
    }


async def bare_httpx(urls: list[str], per_host: int) -> dict[str, str]:
    """What a careful script with plain httpx does: per-host semaphores, follow redirects."""
    import httpx

    gates: dict[str, asyncio.Semaphore] = {}
    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as client:

        async def one(url: str) -> tuple[str, str]:
            gate = gates.setdefault(url.split("/")[2], asyncio.Semaphore(per_host))
            async with gate:
                try:
                    response = await client.get(url)
                except httpx.HTTPError as exc:
                    return url, type(exc).__name__
            return url, "ok" if response.is_success else str(response.status_code)

        return dict(await asyncio.gather(*(one(u) for u in urls)))


def run_worker(kind: str, urls_file: str, per_host: int, cache_dir: str | None = None) -> dict[str, object]:
    args = [sys.executable, __file__, "--worker", kind, "--urls-file", urls_file, "--per-host", str(per_host)]
    if cache_dir:
        args += ["--cache-dir", cache_dir]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def run_linkchecker(path: str, urls: list[str], per_host: int, hosts: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp, "linkcheckerrc")
        # Lift its default throttle (10 requests/s per host) so it runs at the same limits.
        config.write_text(f"[checking]\nthreads={per_host * hosts}\nmaxrequestspersecond=1000\n")
        output = Path(tmp, "out.csv")
        os.chmod(tmp, 0o777)  # LinkChecker drops root privileges to "nobody"
        args = [path, "-f", str(config), "-r0", "--no-status", "-o", "none", f"-Fcsv/utf-8/{output}", "--stdin"]
        started = time.perf_counter()
        subprocess.run(args, input="\n".join(urls), capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        invalid = set()
        if output.exists():
            for line in output.read_text(encoding="utf-8").splitlines():
                cells = line.split(";")
                if len(cells) > 10 and cells[0].startswith("http") and cells[6] == "False":
                    invalid.add(cells[0])
    return {"wall": wall, "outcomes": {u: ("error" if u in invalid else "ok") for u in urls}}


def score(expected: dict[str, str], got: dict[str, str], *, exact: bool) -> tuple[int, int, int]:
    """(problems found, problems in total, good links flagged)."""
    problems = [u for u, outcome in expected.items() if outcome != "ok"]
    found = sum(1 for u in problems if (got.get(u) == expected[u] if exact else got.get(u) not in ("ok", None)))
    false = sum(1 for u, outcome in expected.items() if outcome == "ok" and got.get(u) not in ("ok", None))
    return found, len(problems), false


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--linkchecker", default=shutil.which("linkchecker"))
    parser.add_argument("--worker")
    parser.add_argument("--urls-file")
    parser.add_argument("--cache-dir")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.urls_file, args.per_host, args.cache_dir)))
        return

    replies: multiprocessing.Queue = multiprocessing.Queue()
    orders: multiprocessing.Queue = multiprocessing.Queue()
    servers = multiprocessing.Process(target=serve, args=(args.hosts, args.latency, replies, orders))
    servers.start()
    bases = replies.get(timeout=30)

    def peak() -> int:
        orders.put("peak")
        return int(replies.get(timeout=30))

    urls = plan(bases, args.urls)
    expected = {u: outcome for u, outcome, _ in urls}
    limit = floor(urls, args.per_host, args.latency)
    print(
        f"{args.urls} URLs on {args.hosts} local hosts, {args.latency * 1000:.0f} ms latency, "
        f"{args.per_host} per host; schedule floor {limit:.2f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        urls_file = Path(tmp, "urls.json")
        urls_file.write_text(json.dumps([u for u, _, _ in urls]))
        rows = []

        def add(name: str, result: dict[str, object], exact: bool) -> None:
            rows.append((name, result, score(expected, result["outcomes"], exact=exact), peak()))  # type: ignore[arg-type]

        add("citations", run_worker("citations", str(urls_file), args.per_host), True)
        cache = str(Path(tmp, "cache"))
        run_worker("citations", str(urls_file), args.per_host, cache)
        peak()
        add("citations, cached re-check", run_worker("citations", str(urls_file), args.per_host, cache), True)
        add("bare httpx script", run_worker("httpx", str(urls_file), args.per_host), False)
        if args.linkchecker:
            lc = run_linkchecker(args.linkchecker, [u for u, _, _ in urls], args.per_host, args.hosts)
            add("LinkChecker (throttle lifted)", lc, False)
        else:
            print("LinkChecker: not installed (pip install linkchecker, or pass --linkchecker PATH)")
    orders.put("stop")
    servers.join()
    print(
        f"{'checker':30s} {'wall s':>7s} {'× floor':>7s} {'CPU s':>6s} {'RSS MB':>6s}  "
        f"{'problems found':>14s}  {'false alarms':>12s}  peak per host"
    )
    for name, result, (found, total, false), top in rows:
        wall = float(result["wall"])  # type: ignore[arg-type]
        cpu = f"{float(result['cpu']):6.2f}" if "cpu" in result else f"{'':>6s}"  # type: ignore[arg-type]
        rss = f"{float(result['rss_mb']):6.1f}" if "rss_mb" in result else f"{'':>6s}"  # type: ignore[arg-type]
        print(
            f"{name:30s} {wall:7.2f} {wall / limit:7.2f} {cpu} {rss}  {found:6d} / {total:<5d}  {false:12d}  "
            f"{top} (cap {args.per_host})"
        )


if __name__ == "__main__":
    main()
