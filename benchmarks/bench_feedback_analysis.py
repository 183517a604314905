"""Analysis of 10,000 feedback messages in six languages through the real `analyse`, on SQLite.

Messages are put together from the labelled theme corpus (tests/feedback/theme_corpus.py: five
subjects, six languages) and the independent-message pools of the campaign tests, so that each
text is distinct (no embedding is served from a cache); 15 % are signers of two form letters.
The items are written straight to the database (intake has its own benchmark), then one cold
run of `analyse` is timed per stage; a run embeds at most 1,000 voices, so the runs that follow
(the task queues them at once) until every message has a theme are timed too, then one run after
100 new messages (the incremental case the ten-minute task meets). Target: under 60 s a run.

    .venv/bin/python benchmarks/bench_feedback_analysis.py --messages 10000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tests.feedback.campaign_cases import independent, signed_letter
from tests.feedback.campaign_lang import POOLS
from tests.feedback.theme_corpus import messages

from resonance.config import Settings
from resonance.feedback.analysis import analyse
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackChannel, FeedbackItem
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import UnitKind
from resonance.organization.services import create_unit
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database

TARGET_SECONDS = 60.0
SYSTEM = Actor.system("bench")
REGIONS = ("Kyiv", "Kyiv", "Kyiv", "Lviv", "Odesa", "Kharkiv", None)
STAGES = ("language", "tone", "campaigns", "embeddings", "themes", "quotes", "total")


def texts(n: int, seed: int = 11) -> list[str]:
    """``n`` distinct messages: a corpus comment with an independent remark, or a form letter."""
    rng = random.Random(seed)
    corpus, _ = messages()
    out: list[str] = []
    letters = [("en", 0), ("uk", 1)]
    for _ in range(n):
        if rng.random() < 0.15:
            lang, k = rng.choice(letters)
            out.append(signed_letter(rng, POOLS[lang], POOLS[lang].letters[k], lang)[0])
            continue
        comment = rng.choice(corpus)
        sep = "" if comment.lang == "zh" else " "
        out.append(comment.text + sep + independent(rng, POOLS[comment.lang], comment.lang))
    return out


def fill(db: Database, bodies: list[str], start: int, at: datetime) -> int:
    with session_scope(db.sessions) as session:
        if start == 0:
            unit = create_unit(session, SYSTEM, name="Bench ministry", kind=UnitKind.MINISTRY)
            project = create_project(
                session, SYSTEM, slug="bench", names={"en": "Bench"}, owner_unit_id=unit.id
            )
            values = {"slug": "bench-analysis", "titles": {"en": "Bench"}, "fields": []}
            create_form(session, SYSTEM, project_id=project.id, values=values)
            session.flush()
        form_id, project_id = 1, 1
        for i, body in enumerate(bodies, start=start):
            digest = hashlib.sha256(body.encode()).hexdigest()
            session.add(
                FeedbackItem(
                    form_id=form_id,
                    project_id=project_id,
                    reference=f"RSN-{i:09d}",
                    token_hash=digest,
                    text=body,
                    text_hash=digest,
                    source_key=f"{i:064d}",
                    region=REGIONS[i % len(REGIONS)],
                    channel=FeedbackChannel.WEB,
                    received_at=at,
                )
            )
    return project_id


def run(db: Database, project_id: int, label: str, at: datetime) -> tuple[str, Any, float]:
    started = time.perf_counter()
    with session_scope(db.sessions) as session:
        result = analyse(session, project_id=project_id, now=at)
    return label, result, time.perf_counter() - started


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    args = parser.parse_args()
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    bodies = texts(args.messages + args.new)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(var_dir=Path(tmp))
        db = Database.from_settings(settings)
        from resonance.storage.base import Base
        from resonance.storage.registry import load_all_models

        load_all_models()
        Base.metadata.create_all(db.engine)
        project_id = fill(db, bodies[: args.messages], 0, now)
        rows = []
        at = now
        label = "cold"
        while True:
            rows.append(run(db, project_id, label, at))
            if not rows[-1][1].waiting:
                break
            label, at = f"more{len(rows)}", at + timedelta(seconds=1)
        fill(db, bodies[args.messages :], args.messages, at + timedelta(minutes=10))
        rows.append(run(db, project_id, "+new", at + timedelta(minutes=10)))
    head = " ".join(f"{s:>10}" for s in STAGES)
    print(f"{'run':6} {'msgs':>6} {'new':>6} {'waiting':>7} {head}  wall")
    for label, result, wall in rows:
        cells = " ".join(f"{result.timings.get(s, 0.0):10.2f}" for s in STAGES)
        print(
            f"{label:6} {result.items_total:6d} {result.items_new:6d} {result.waiting:7d} "
            f"{cells} {wall:6.1f}"
        )
    catch_up = sum(wall for label, _, wall in rows if label != "+new")
    print(f"every message with a theme after {catch_up:.1f} s ({len(rows) - 1} runs)")
    cold = rows[0][1]
    print(
        f"campaigns: {cold.campaigns} ({cold.campaign_messages} messages); "
        f"themes found: {cold.themes_created}; peak RSS {peak_rss_mib():.0f} MiB"
    )
    verdict = "meets" if rows[0][2] < TARGET_SECONDS else "misses"
    print(f"cold run {rows[0][2]:.1f} s {verdict} the target of {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
