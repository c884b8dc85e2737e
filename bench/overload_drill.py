"""Overload drill against the loopback cluster (deploy/local-cluster.sh up): does the academy
answer a flood with 429/503 (never a 500), and does latency come back once the flood stops?

1. Normal load: ``--clients`` logged-in learners, each from its own address, read the lesson page
   at ``--rate`` requests/s each for ``--normal`` seconds: p50/p95 of the lesson page.
2. Overload: ``--flood`` connections (far more than the app servers' workers) from
   ``--flood-addresses`` addresses ask for the same page back to back for ``--overload``
   seconds. Answers counted by status; says plainly whether any 5xx other than 503 appeared.
3. Back to normal: the load of phase 1 again, latency printed per 5-second window until the
   window's p95 is within 1.5 times phase 1's (and every answer of the window a 2xx), or until
   ``--recovery-max`` seconds: how long recovery took.

Prints the figures; asserts nothing (DESIGN.md holds the budgets; deploy/README.md says what to
expect). The client is plain asyncio on keep-alive HTTP/1.1 connections (no dependency), each
simulated client on its own loopback address (bench/loopback.py), because the balancer limits
each client address. The generator's own CPU use is printed: on a 2-core machine it competes with
the servers, which the figures must be read with.

    deploy/local-cluster.sh up
    .venv/bin/python bench/overload_drill.py [--normal 20 --overload 30 --flood 200]
"""

import argparse
import asyncio
import collections
import contextlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loopback  # noqa: E402
from bench.cluster_drill import PASSWORD, cluster_env, prepare  # noqa: E402
from bench.common import login, percentile  # noqa: E402

WINDOW = 5.0  # seconds


@dataclass
class Answer:
    at: float  # time.monotonic() when the answer (or the failure) came
    status: int | str  # HTTP status, or "timeout" / "connection error"
    latency: float  # seconds from sending the request to the end of the body


@dataclass
class Phase:
    name: str
    answers: list[Answer] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0
    cpu: float = 0.0  # the generator's own CPU seconds


class Connection:
    """One keep-alive HTTP/1.1 connection from one source address; reconnects when closed."""

    def __init__(self, host: str, port: int, source: str, cookie: str, timeout: float):
        self.host, self.port, self.source = host, port, source
        self.cookie, self.timeout = cookie, timeout
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> Answer:
        started = time.monotonic()
        try:
            status = await asyncio.wait_for(self._get(path), self.timeout)
        except TimeoutError:
            await self.close()
            status = "timeout"
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            await self.close()
            status = "connection error"
        now = time.monotonic()
        return Answer(now, status, now - started)

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=(self.source, 0)
            )
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Cookie: {self.cookie}\r\nUser-Agent: overload-drill\r\n\r\n"
        )
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        else:
            await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection") == "close":
            await self.close()
        return status


async def client(conn: Connection, path: str, until: float, rate: float, out: list) -> None:
    """Ask for ``path`` until ``until``: at ``rate`` requests/s, or back to back (rate 0)."""
    interval = 1 / rate if rate else 0
    next_at = time.monotonic()
    while time.monotonic() < until:
        if interval:
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            next_at = max(next_at + interval, time.monotonic())
            if next_at - interval >= until:
                break
        out.append(await conn.get(path))
    await conn.close()


async def run_phase(phase: Phase, connections, path, seconds, rate) -> Phase:
    cpu = time.process_time()
    phase.started = time.monotonic()
    until = phase.started + seconds
    await asyncio.gather(*(client(c, path, until, rate, phase.answers) for c in connections))
    phase.ended = time.monotonic()
    phase.cpu = time.process_time() - cpu
    return phase


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def statuses(answers) -> str:
    counts = collections.Counter(a.status for a in answers)
    return ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))


def ok_latencies(answers):
    return [a.latency for a in answers if isinstance(a.status, int) and 200 <= a.status < 300]


def describe(phase: Phase, detail: str) -> None:
    elapsed = phase.ended - phase.started
    answers = phase.answers
    ok = ok_latencies(answers)
    print(
        f"{phase.name}: {detail}, {elapsed:.1f} s: {len(answers):,} answers "
        f"({len(answers) / elapsed:.0f}/s), 2xx p50 {ms(percentile(ok, 50))} "
        f"p95 {ms(percentile(ok, 95))} p99 {ms(percentile(ok, 99))}; "
        f"generator CPU {phase.cpu / elapsed:.0%} of a core"
    )
    print(f"  statuses: {statuses(answers)}")


def windows(phase: Phase):
    """(start, end, answers) per WINDOW seconds of the phase, relative to its start."""
    n = 0
    while phase.started + n * WINDOW < phase.ended - 0.5:
        lo, hi = phase.started + n * WINDOW, min(phase.started + (n + 1) * WINDOW, phase.ended)
        answers = [a for a in phase.answers if lo <= a.at < hi]
        yield lo - phase.started, hi - phase.started, answers
        n += 1


async def main_async(args, path: str, cookies: list[str]) -> None:
    base = urlsplit(args.base)
    host, port = base.hostname, base.port or 80

    def connections(count, block, addresses):
        return [
            Connection(
                host,
                port,
                loopback.address(i % addresses, block),
                cookies[i % len(cookies)],
                args.timeout,
            )
            for i in range(count)
        ]

    normal = await run_phase(
        Phase("phase 1, normal load"),
        connections(args.clients, loopback.NORMAL, args.clients),
        path,
        args.normal,
        args.rate,
    )
    describe(normal, f"{args.clients} clients × {args.rate:g} requests/s")
    baseline = percentile(ok_latencies(normal.answers), 95)

    overload = await run_phase(
        Phase("phase 2, overload"),
        connections(args.flood, loopback.FLOOD, args.flood_addresses),
        path,
        args.overload,
        0,
    )
    describe(
        overload,
        f"{args.flood} connections from {min(args.flood, args.flood_addresses)} addresses, "
        "back to back",
    )
    for lo, hi, answers in windows(overload):
        ok = ok_latencies(answers)
        print(
            f"  {lo:4.0f}–{hi:3.0f} s: {len(answers):6,} answers, 2xx p95 "
            f"{ms(percentile(ok, 95)):>8}; {statuses(answers)}"
        )

    target = baseline * 1.5
    print(
        f"phase 3, back to normal: {args.clients} clients × {args.rate:g} requests/s, windows of "
        f"{WINDOW:g} s until p95 ≤ {ms(target)} (1.5 × phase 1) and only 2xx answers"
    )
    recovery = Phase("phase 3, back to normal")
    recovery.started = time.monotonic()
    recovered_after = None
    while recovered_after is None and time.monotonic() - recovery.started < args.recovery_max:
        window = Phase("window")
        await run_phase(
            window,
            connections(args.clients, loopback.NORMAL, args.clients),
            path,
            WINDOW,
            args.rate,
        )
        recovery.answers += window.answers
        ok = ok_latencies(window.answers)
        lo, hi = window.started - recovery.started, window.ended - recovery.started
        only_2xx = bool(window.answers) and len(ok) == len(window.answers)
        good = only_2xx and percentile(ok, 95) <= target
        print(
            f"  {lo:4.0f}–{hi:3.0f} s: {len(window.answers):5,} answers, p50 "
            f"{ms(percentile(ok, 50)):>7}, p95 {ms(percentile(ok, 95)):>7}; "
            f"{statuses(window.answers)}{'  ← back to normal' if good else ''}"
        )
        if good:
            recovered_after = hi
    recovery.ended = time.monotonic()

    every = normal.answers + overload.answers + recovery.answers
    other_5xx = collections.Counter(
        a.status for a in every if isinstance(a.status, int) and a.status >= 500 and a.status != 503
    )
    failures = collections.Counter(a.status for a in every if isinstance(a.status, str))
    print("== verdict")
    if other_5xx:
        print(f"5xx OTHER THAN 503 APPEARED: {dict(other_5xx)}")
    else:
        print("5xx other than 503: none")
    print(f"requests without an answer (client side): {dict(failures) or 0}")
    if recovered_after is None:
        print(f"latency NOT back to normal within {args.recovery_max:g} s of the flood's end")
    else:
        print(
            f"latency back to normal {recovered_after:.0f} s after the flood stopped "
            f"(p95 baseline {ms(baseline)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=os.environ.get("CLUSTER_URL"))
    parser.add_argument("--clients", type=int, default=10, help="normal load: clients")
    parser.add_argument("--rate", type=float, default=5, help="normal load: requests/s each")
    parser.add_argument("--normal", type=float, default=20, help="phase 1 seconds")
    parser.add_argument("--flood", type=int, default=200, help="phase 2 connections")
    parser.add_argument("--flood-addresses", type=int, default=20)
    parser.add_argument("--overload", type=float, default=30, help="phase 2 seconds")
    parser.add_argument("--recovery-max", type=float, default=120, help="phase 3 at most, s")
    parser.add_argument("--timeout", type=float, default=30, help="per request, s")
    parser.add_argument("--path", help="default: the first lesson of the first course")
    args = parser.parse_args()
    cluster_env()
    args.base = args.base or os.environ["CLUSTER_URL"]
    users, lessons = prepare(min(args.clients, 20))
    path = args.path or lessons[0].url
    cookies = []
    for n, user in enumerate(users):
        session = login(
            user.email, PASSWORD, base=args.base, source=loopback.address(n, loopback.DRILL)
        )
        cookies.append(f"sessionid={session.cookies['sessionid']}")
    print(f"== overload drill: GET {args.base}{path} as {len(cookies)} logged-in learners")
    asyncio.run(main_async(args, path, cookies))


if __name__ == "__main__":
    main()
