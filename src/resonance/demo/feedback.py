"""Demo feedback: a project form with routed, answered messages, and a consultation on a draft."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.demo._feedback_analyst import edit_themes
from resonance.demo._feedback_consultation import (
    anchor_emails,
    collect_comments,
    collect_emails,
    decide,
    find_consultation,
    open_consultation,
    revise_draft,
)
from resonance.demo._feedback_handling import Staff, work_items
from resonance.demo._feedback_intake import Loaded, submit_messages
from resonance.demo._feedback_messages import compose_messages
from resonance.demo._feedback_setup import (
    PROJECT_SLUG,
    create_demo_form,
    create_reply_templates,
    create_routing,
    find_demo_form,
    project_named,
    set_unit_offices,
    unit_ids,
)
from resonance.demo.organization import DEMO_ACTOR, DEMO_DOMAIN
from resonance.feedback._theme_space import EmbedFn
from resonance.feedback.analysis import Scope, analyse, theme_stability
from resonance.feedback.analysis_jobs import ANALYSE_TASK, scopes_waiting
from resonance.feedback.escalation import check_deadlines
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackItem, RoutingSettings
from resonance.feedback.statuses import OPEN_STATUSES
from resonance.organization.access import Actor
from resonance.organization.models import Unit
from resonance.organization.queries import find_user_by_email, load_actor
from resonance.storage.base import utcnow
from resonance.tasks.api import enqueue
from resonance.tasks.backend import Backend

CONSULTATION_PROJECT = "open-data"
# Voices embedded per analysis run: the rest join themes by wording or wait for the worker.
PROJECT_EMBED_BUDGET = 300
CONSULTATION_EMBED_BUDGET = 120


@dataclass(frozen=True)
class FeedbackSummary:
    """What the demo feedback holds after a load, and whether this load created it."""

    messages: int
    languages: int
    held: int
    statuses: dict[str, int]
    overdue: int
    campaign_letters: int
    without_theme: int
    comments: int
    themes_found: int
    themes_unchanged: int
    new: bool
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        states = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(self.statuses.items()))
        head = "Demo feedback" + ("" if self.new else " (already loaded)")
        return (
            f"{head}: {self.messages} messages in {self.languages} languages ({states}; "
            f"{self.overdue} overdue, {self.held} held), a form letter of "
            f"{self.campaign_letters} signers, {self.comments} consultation comments; the analyst "
            f"kept {self.themes_unchanged} of {self.themes_found} themes found unchanged; "
            f"{self.without_theme} messages wait for the worker to place them in themes "
            f"({self.seconds:.1f} s{self._stages()})."
        )

    def _stages(self) -> str:
        stages = [f"{k} {v:.0f}" for k, v in self.timings.items() if k != "total"]
        return f": {', '.join(stages)}" if stages else ""


def _actor(session: Session, local: str) -> Actor:
    user = find_user_by_email(session, f"{local}@{DEMO_DOMAIN}")
    return load_actor(session, user) if user is not None else DEMO_ACTOR


def _load_messages(
    session: Session,
    *,
    keys: IntakeKeys,
    now: datetime,
    scale: float,
    rng: random.Random,
    timings: dict[str, float],
) -> list[Loaded]:
    started = time.perf_counter()
    project = project_named(session, PROJECT_SLUG)
    lead = _actor(session, "lead")
    set_unit_offices(session, DEMO_ACTOR)
    form = create_demo_form(session, lead, project)
    create_routing(session, lead, project, form)
    units = unit_ids(session)
    # The services look these up by id for every message; held here, the session's identity
    # map keeps them instead of loading them again each time (it holds only weak references).
    _pinned = [*session.scalars(select(Unit)), session.get(RoutingSettings, project.id)]
    loaded = submit_messages(
        session,
        form=form,
        messages=compose_messages(scale=scale),
        keys=keys,
        staff=lead,
        units=units,
        now=now,
    )
    timings["intake"] = time.perf_counter() - started
    staff = Staff(
        lead=lead,
        focal=_actor(session, "focal"),
        units=units,
        owner_unit_id=project.owner_unit_id,
        templates=create_reply_templates(session, lead, project),
        keys=keys,
    )
    work_items(session, loaded=loaded, staff=staff, now=now, rng=rng)
    timings["work"] = time.perf_counter() - started - timings["intake"]
    return loaded


def _load_consultation(
    session: Session,
    *,
    keys: IntakeKeys,
    now: datetime,
    scale: float,
    rng: random.Random,
    embed: EmbedFn | None,
) -> None:
    project = project_named(session, CONSULTATION_PROJECT)
    lead = _actor(session, "lead")
    consultation = open_consultation(session, lead, project_id=project.id, now=now)
    comments = collect_comments(session, consultation, keys=keys, now=now, rng=rng, scale=scale)
    collect_emails(session, consultation, keys=keys, now=now, rng=rng)
    anchor_emails(session, lead, consultation)
    analyse(
        session,
        project_id=project.id,
        consultation_id=consultation.id,
        now=now,
        embed=embed,
        embed_budget=CONSULTATION_EMBED_BUDGET,
    )
    revise_draft(session, lead, consultation, comments)
    decide(session, lead, consultation, comments)


def load_demo_feedback(
    session: Session,
    *,
    keys: IntakeKeys,
    now: datetime | None = None,
    scale: float = 1.0,
    embed: EmbedFn | None = None,
) -> FeedbackSummary:
    """Create the demo form, messages, routing, replies, analysis and consultation, once.

    Everything goes through the services a person or the worker would use, in the past tense:
    each message arrives at its own time and is worked on later, so deadlines, overdue items
    and response times come out of the real clocks. Running it again adds nothing.
    `scale` < 1 loads fewer messages and comments (tests).
    """
    started = time.perf_counter()
    now = now or utcnow()
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    timings: dict[str, float] = {}
    project = project_named(session, PROJECT_SLUG)
    new = find_demo_form(session) is None
    if new:
        loaded = _load_messages(session, keys=keys, now=now, scale=scale, rng=rng, timings=timings)
        at = time.perf_counter()
        analyse(session, project_id=project.id, now=now, embed=embed,
                embed_budget=PROJECT_EMBED_BUDGET)  # fmt: skip
        origin = {entry.item_id: entry.message.theme for entry in loaded}
        edit_themes(session, _actor(session, "lead"), project_id=project.id, origin=origin)
        check_deadlines(session, now=now)
        timings["analysis"] = time.perf_counter() - at
    if find_consultation(session) is None:
        new, at = True, time.perf_counter()
        _load_consultation(session, keys=keys, now=now, scale=scale, rng=rng, embed=embed)
        timings["consultation"] = time.perf_counter() - at
    timings["total"] = time.perf_counter() - started
    return _summary(session, project.id, new, timings, now)


def _summary(
    session: Session, project_id: int, new: bool, timings: dict[str, float], now: datetime
) -> FeedbackSummary:
    form = find_demo_form(session)
    consultation = find_consultation(session)
    rows: Sequence[FeedbackItem] = (
        session.scalars(select(FeedbackItem).where(FeedbackItem.form_id == form.id)).all()
        if form is not None
        else []
    )
    shown = [item for item in rows if not item.held_for_moderation]
    campaigns = Counter(item.campaign_id for item in shown if item.campaign_id is not None)
    comments = 0
    if consultation is not None:
        comments = int(
            session.scalar(
                select(func.count(FeedbackItem.id)).where(
                    FeedbackItem.consultation_id == consultation.id
                )
            )
            or 0
        )
    stability = theme_stability(session, Scope(project_id, None))
    return FeedbackSummary(
        messages=len(rows),
        languages=len({item.language for item in shown if item.language}),
        held=len(rows) - len(shown),
        statuses=dict(Counter(str(item.status.value) for item in shown)),
        overdue=sum(
            1
            for item in shown
            if item.status in OPEN_STATUSES and item.due_at is not None and item.due_at < now
        ),
        campaign_letters=max(campaigns.values(), default=0),
        without_theme=sum(1 for item in shown if item.theme_id is None),
        comments=comments,
        themes_found=stability.found,
        themes_unchanged=stability.unchanged,
        new=new,
        seconds=timings["total"],
        timings={k: round(v, 1) for k, v in timings.items()},
    )


def queue_analysis(session: Session, backend: Backend) -> int:
    """Queue the analysis of every scope with messages waiting (the worker embeds the rest)."""
    waiting = scopes_waiting(session)
    for project_id, consultation_id in waiting:
        enqueue(
            backend,
            ANALYSE_TASK,
            unique_key=f"demo-analyse:{project_id}:{consultation_id or 0}",
            project_id=project_id,
            consultation_id=consultation_id,
        )
    return len(waiting)
