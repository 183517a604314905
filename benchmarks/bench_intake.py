"""Public intake under load: the real app under uvicorn on SQLite, concurrent form posts.

Starts `resonance serve` on a SQLite file in a temporary folder, creates one form, then runs
`--clients` concurrent visitors for `--seconds`: each loads the form once (CSRF cookie) and
posts distinct messages, each post from its own simulated address in X-Forwarded-For (uvicorn
trusts it from 127.0.0.1, as `resonance serve` does behind a proxy). The per-form limit is raised
for the run (RESONANCE_FEEDBACK_RATE_PER_FORM); the per-address limit stays as configured.
Afterwards every accepted reference must be in the database exactly once, and nothing else.

    .venv/bin/python benchmarks/bench_intake.py --seconds 30 --clients 32
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import select

from resonance.config import Settings
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackItem
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import UnitKind
from resonance.organization.services import create_unit
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database

TARGET_RATE = 200.0
TARGET_P95_MS = 300.0
SLUG = "bench-intake"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE = re.compile(r"RSN-[0-9A-Z]{4}-[0-9A-Z]{4}")
SYSTEM = Actor.system("bench")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "resonance", "init"], env=env, check=True, capture_output=True
    )
    db = Database.from_settings(Settings(var_dir=Path(env["RESONANCE_VAR_DIR"])))
    with session_scope(db.sessions) as session:
        unit = create_unit(session, SYSTEM, name="Bench ministry", kind=UnitKind.MINISTRY)
        project = create_project(
            session, SYSTEM, slug="bench", names={"en": "Bench"}, owner_unit_id=unit.id
        )
        values = {"slug": SLUG, "titles": {"en": "Bench form"}, "fields": []}
        create_form(session, SYSTEM, project_id=project.id, values=values)
    db.engine.dispose()


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "resonance", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 30 s")


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.references: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.errors = 0


async def visitor(n: int, base: str, until: float, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        page = await client.get(f"/f/{SLUG}")
        token = CSRF.search(page.text)
        assert token, "the form has no CSRF token"
        sent = 0
        while time.monotonic() < until:
            sent += 1
            address = f"10.{n % 250}.{sent // 250 % 250}.{sent % 250 + 1}"
            data = {
                "text": f"Visitor {n} message {sent}: the bus is late again.",
                "csrf_token": token.group(1),
            }
            started = time.perf_counter()
            try:
                response = await client.post(
                    f"/f/{SLUG}", data=data, headers={"X-Forwarded-For": address}
                )
            except httpx.HTTPError:
                tally.errors += 1
                continue
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[response.status_code] += 1
            found = REFERENCE.search(response.text) if response.status_code == 200 else None
            if found:
                tally.references.append(found.group(0))


async def load(base: str, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(visitor(n, base, until, tally) for n in range(clients)))
    return tally, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verify(var_dir: Path, references: list[str]) -> tuple[int, int, int]:
    """(stored items, accepted references missing from the database, references seen twice)."""
    db = Database.from_settings(Settings(var_dir=var_dir))
    with session_scope(db.sessions) as session:
        stored = Counter(session.scalars(select(FeedbackItem.reference)))
    db.engine.dispose()
    accepted = Counter(references)
    missing = sum(1 for ref in accepted if stored[ref] != 1)
    repeated = sum(1 for count in accepted.values() if count > 1)
    return sum(stored.values()), missing, repeated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(tmp) / "var"
        env = {
            **os.environ,
            "RESONANCE_VAR_DIR": str(var_dir),
            "RESONANCE_SECRET_KEY": "bench-intake-secret",
            "RESONANCE_EMBEDDED_WORKER": "false",
            "RESONANCE_FEEDBACK_RATE_PER_FORM": "10000000",
        }
        env.pop("RESONANCE_DATABASE_URL", None)
        prepare(env)
        port = free_port()
        server = start_server(env, port)
        try:
            tally, elapsed = asyncio.run(
                load(f"http://127.0.0.1:{port}", args.clients, args.seconds)
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        stored, missing, repeated = verify(var_dir, tally.references)
    accepted = len(tally.references)
    rate = accepted / elapsed
    p50, p95, p99 = (percentile(tally.latencies, q) * 1000 for q in (0.5, 0.95, 0.99))
    refused = sum(n for code, n in tally.statuses.items() if code != 200)
    print(f"\nIntake on SQLite: {args.clients} clients for {elapsed:.1f} s")
    print(f"{'measure':<34}{'value':>12}{'target':>12}  ok")
    rows = [
        ("accepted submissions / s", f"{rate:.1f}", f">= {TARGET_RATE:.0f}", rate >= TARGET_RATE),
        ("p50 latency (ms)", f"{p50:.1f}", "", True),
        ("p95 latency (ms)", f"{p95:.1f}", f"< {TARGET_P95_MS:.0f}", p95 < TARGET_P95_MS),
        ("p99 latency (ms)", f"{p99:.1f}", "", True),
        ("mean latency (ms)", f"{statistics.fmean(tally.latencies) * 1000:.1f}", "", True),
        ("accepted", str(accepted), "", True),
        ("refused (non-200)", f"{refused} {dict(tally.statuses)}", "0", refused == 0),
        ("transport errors", str(tally.errors), "0", tally.errors == 0),
        ("stored items", str(stored), str(accepted), stored == accepted),
        ("accepted but not stored once", str(missing), "0", missing == 0),
        ("reference given twice", str(repeated), "0", repeated == 0),
    ]
    for name, value, target, ok in rows:
        print(f"{name:<34}{value:>12}{target:>12}  {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
