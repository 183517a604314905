"""Consultation pages with 5,000 comments: p50/p95 over real HTTP to a uvicorn server."""

from __future__ import annotations

import argparse
import hashlib
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert
from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.config import Settings
from resonance.consultation.models import Consultation
from resonance.consultation.services import (
    create_consultation,
    import_version,
    set_disposition,
)
from resonance.feedback.models import FeedbackChannel, FeedbackItem, FeedbackStatus, FeedbackTheme
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import Role, UnitKind
from resonance.organization.services import create_unit, create_user, grant_role
from resonance.storage.engine import create_db_engine
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from resonance.web.app import create_app

TARGET_MS = 2000.0
SYSTEM = Actor.system("bench")
TONES = ("negative", "neutral", "positive", None)
WORDS = (
    "data",
    "open",
    "council",
    "residents",
    "publish",
    "datasets",
    "licence",
    "review",
    "fees",
    "quality",
    "officer",
    "months",
    "request",
    "answer",
    "refuse",
    "personal",
    "anonymised",
    "inventory",
    "department",
    "contractor",
)


def draft(sections: int, rng: random.Random) -> bytes:
    """A Markdown draft law with `sections` articles of a few sentences each."""
    lines = ["# Draft open data regulation", "", "This regulation sets out open data rules.", ""]
    for k in range(1, sections + 1):
        body = " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."
        lines += [f"## Article {k}. Rule number {k}", "", body, ""]
    return "\n".join(lines).encode("utf-8")


def build(session: Session, *, comments: int, sections: int, seed: int) -> tuple[str, int, str]:
    """One consultation with `comments` comments; (slug, consultation id, a lead's token)."""
    rng = random.Random(seed)
    unit = create_unit(session, SYSTEM, name="Ministry", kind=UnitKind.MINISTRY)
    user = create_user(
        session,
        SYSTEM,
        email="lead@example.org",
        display_name="Lead",
        password="bench-pass-1",  # noqa: S106
    )
    grant_role(session, SYSTEM, user_id=user.id, unit_id=unit.id, role=Role.COMMUNICATION_LEAD)
    project = create_project(
        session, SYSTEM, slug="open-data", names={"en": "Open data"}, owner_unit_id=unit.id
    )
    values = {"slug": "open-data", "titles": {"en": "Open data"}, "language": "en"}
    consultation = create_consultation(
        session, SYSTEM, project_id=project.id, values=values | {"published": True}
    )
    version = import_version(
        session, SYSTEM, consultation.id, data=draft(sections, rng), filename="draft.md"
    )
    keys = [s.key for s in version.sections]
    themes = [
        FeedbackTheme(
            project_id=project.id,
            consultation_id=consultation.id,
            key=f"theme-{k}",
            labels={"en": f"Theme {k}"},
        )
        for k in range(12)
    ]
    session.add_all(themes)
    session.flush()
    for theme in themes[:8]:
        set_disposition(
            session,
            SYSTEM,
            consultation.id,
            theme_id=theme.id,
            disposition=rng.choice(("accepted", "partly", "rejected", "out_of_scope")),
            reason="Explained in the report.",
        )
    _comments(session, consultation, keys, [t.id for t in themes], comments, rng)
    token, _ = create_token(session, SYSTEM, user_id=user.id, name="bench")
    session.commit()
    return consultation.slug, consultation.id, token


def _comments(
    session: Session,
    consultation: Consultation,
    keys: list[str],
    theme_ids: list[int],
    count: int,
    rng: random.Random,
) -> None:
    start = datetime.now(UTC) - timedelta(days=30)
    rows = []
    for n in range(count):
        text = f"Comment {n}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 80)))
        key = rng.choice(keys) if rng.random() < 0.8 else None
        rows.append(
            {
                "form_id": consultation.form_id,
                "project_id": consultation.project_id,
                "reference": f"RSN-{n:04d}-{rng.randrange(10**4):04d}",
                "token_hash": hashlib.sha256(f"t{n}".encode()).hexdigest(),
                "text": text,
                "text_hash": hashlib.sha256(text.encode()).hexdigest(),
                "answers": {},
                "channel": FeedbackChannel.WEB,
                "status": FeedbackStatus.NEW,
                "held_for_moderation": rng.random() < 0.02,
                "source_key": f"s{n % 900}",
                "received_at": start + timedelta(seconds=n * 500),
                "consultation_id": consultation.id,
                "section_key": key,
                "anchor_state": "citizen" if key else None,
                "tone": rng.choice(TONES),
                "theme_id": rng.choice(theme_ids) if rng.random() < 0.7 else None,
            }
        )
    for k in range(0, len(rows), 1000):
        session.execute(insert(FeedbackItem), rows[k : k + 1000])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db: Database, var_dir: Path) -> tuple[uvicorn.Server, str]:
    """The real app in a uvicorn server on a free local port, in a background thread."""
    app = create_app(Settings(var_dir=var_dir, secret_key="bench"), db=db)  # noqa: S106
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def measure(client: httpx.Client, url: str, runs: int, headers: dict[str, str]) -> list[float]:
    client.get(url, headers=headers)  # warm-up: templates compiled, caches filled
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return samples


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] if len(samples) >= 2 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=5_000)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        engine = create_db_engine(url)
        upgrade_to_head(engine)
        db = Database.from_engine(engine)
        t0 = time.perf_counter()
        with db.sessions() as session:
            slug, cid, token = build(
                session, comments=args.comments, sections=args.sections, seed=args.seed
            )
        print(
            f"built {args.comments:,} comments on {args.sections} sections in "
            f"{time.perf_counter() - t0:.1f} s ({engine.dialect.name})"
        )
        server, base = serve(db, Path(tmp))
        staff = {"Authorization": f"Bearer {token}"}
        deep = max(1, args.comments // 20 - 5)
        cases = [
            ("public page /c/{slug}", f"/c/{slug}", {}),
            ("comments, page 1", f"/c/{slug}/comments", {}),
            (f"comments, page {deep}", f"/c/{slug}/comments?page={deep}", {}),
            ("comments of a section", f"/c/{slug}/comments?section=sec-7", {}),
            ("staff overview", f"/consultations/{cid}", staff),
            ("staff heatmap", f"/consultations/{cid}/heatmap", staff),
            ("API heatmap", f"/api/v1/consultations/{cid}/heatmap", staff),
        ]
        rows = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, path, headers in cases:
                samples = measure(client, path, args.runs, headers)
                p50, p95 = pct(samples, 50), pct(samples, 95)
                rows.append(
                    (name, f"{p50:,.0f}", f"{p95:,.0f}", "yes" if p95 < TARGET_MS else "NO")
                )
        server.should_exit = True
        engine.dispose()
    header = ("page", "p50 ms", "p95 ms", f"p95 < {TARGET_MS:.0f} ms")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
