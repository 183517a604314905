"""Feedback metrics for the KPI engine: volume, response times, overdue, on time, reopen, rating."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from resonance.feedback.clock import ClockAction, ClockEvent, ClockState, ResponseClock
from resonance.feedback.deadlines import clock_events, clock_for
from resonance.feedback.models import FeedbackItem
from resonance.feedback.response_metrics import ResponseMetrics, ResponseRecord, response_metrics
from resonance.hookspecs import hookimpl
from resonance.kpi import intervals
from resonance.kpi.metrics import Metric, MetricKind, Observation, WindowData

ZERO = timedelta(0)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DETAILED_WORDS = 8
DETAILED_CJK_CHARS = 15


def is_detailed(item: FeedbackItem) -> bool:
    """The analysis's verdict when it has one, else: enough words to be more than a reaction."""
    if item.detailed is not None:
        return bool(item.detailed)
    text = item.text or ""
    return len(text.split()) >= DETAILED_WORDS or len(_CJK.findall(text)) >= DETAILED_CJK_CHARS


@dataclass(frozen=True)
class FeedbackWindow:
    """What the feedback metrics read for one window of one project."""

    received: int
    detailed: int
    response: ResponseMetrics


def _worked(events: Sequence[ClockEvent], until: datetime, clock: ResponseClock) -> timedelta:
    """Business time the clock ran up to `until`, over all rounds."""
    worked, running = ZERO, None
    for event in events:
        if event.at > until:
            break
        if event.action in (ClockAction.START, ClockAction.RESUME, ClockAction.REOPEN):
            running = event.at
        elif running is not None:
            worked += clock.calendar.business_time_between(running, event.at)
            running = None
    return worked


def _record(session: Session, item: FeedbackItem, end: datetime) -> ResponseRecord:
    """The item as the response metrics see it at `end`."""
    clock = clock_for(session, item)
    events = clock_events(item)
    reading = clock.read(events, max(end, item.received_at))
    answered = reading.answered_at
    if reading.state is ClockState.ANSWERED and answered is not None:
        total = clock.calendar.business_time_between(item.received_at, answered)
        worked = _worked(events, answered, clock)
        return ResponseRecord(
            received=item.received_at,
            answered=answered,
            deadline=reading.deadline or answered,
            reopened=(item.reopen_count or 0) > 0,
            rating=float(item.rating) if item.rating is not None else None,
            paused=max(total - worked, ZERO),
            calendar=clock.calendar,
        )
    # Open at `end`: overdue when its deadline has passed; a paused clock short of it is not.
    return ResponseRecord(
        received=item.received_at,
        answered=None,
        deadline=reading.deadline or end,
        calendar=clock.calendar,
    )


def load_feedback_window(
    session: Session, project_id: int, start: datetime, end: datetime
) -> FeedbackWindow:
    """Items received in [start, end), and the response picture as it stood at `end`."""
    stmt = (
        select(FeedbackItem)
        .options(selectinload(FeedbackItem.events))
        .where(
            FeedbackItem.project_id == project_id,
            FeedbackItem.held_for_moderation.is_(False),
            FeedbackItem.received_at < end,
            or_(
                FeedbackItem.received_at >= start,
                FeedbackItem.answered_at.is_(None),
                FeedbackItem.answered_at >= start,
                FeedbackItem.reopen_count > 0,
            ),
        )
        .order_by(FeedbackItem.id)
    )
    received = detailed = 0
    records: list[ResponseRecord] = []
    for item in session.scalars(stmt):
        if item.received_at >= start:
            received += 1
            detailed += is_detailed(item)
        record = _record(session, item, end)
        if record.answered is not None and record.answered < start:
            continue  # answered before the window: not this window's response
        records.append(record)
    return FeedbackWindow(received, detailed, response_metrics(records, at=end))


def _window(data: WindowData) -> FeedbackWindow | None:
    return data.extra if isinstance(data.extra, FeedbackWindow) else None


def _count(value: int, note: str = "") -> Observation:
    low, high = intervals.garwood(value)
    return Observation(float(value), value, low, high, "garwood", note)


def _received(data: WindowData) -> Observation:
    window = _window(data)
    return (
        Observation(None, 0, note="no feedback data") if window is None else _count(window.received)
    )


def _detailed(data: WindowData) -> Observation:
    window = _window(data)
    return (
        Observation(None, 0, note="no feedback data") if window is None else _count(window.detailed)
    )


def _pick(name: str) -> Callable[[WindowData], Observation]:
    def compute(data: WindowData) -> Observation:
        window = _window(data)
        if window is None:
            return Observation(None, 0, note="no feedback data")
        found: Observation = getattr(window.response, name)
        return found

    return compute


def _metric(
    name: str,
    title: str,
    definition: str,
    unit: str,
    kind: MetricKind,
    compute: Callable[[WindowData], Observation],
) -> Metric:
    return Metric(name, title, definition, unit, kind, compute, load=load_feedback_window)


def feedback_metrics() -> list[Metric]:
    """The feedback metrics; durations are business hours of the responsible unit."""
    hours = (
        " Business hours of the responsible unit (its office hours and public holidays), time "
        "spent waiting for the citizen left out; percentile bootstrap interval."
    )
    return [
        _metric(
            "feedback_count",
            "Feedback count",
            "Citizens' feedback messages received in the window (held for moderation left out).",
            "messages",
            MetricKind.COUNT,
            _received,
        ),
        _metric(
            "detailed_feedback_count",
            "Detailed feedback count",
            "Feedback messages with substantive content (not a bare reaction) received in the "
            "window: the analysis's verdict, else at least 8 words (15 Chinese characters).",
            "messages",
            MetricKind.COUNT,
            _detailed,
        ),
        _metric(
            "feedback_response_p50",
            "Feedback response time (median)",
            "Median time from receipt to the answer, for feedback answered in the window." + hours,
            "hours",
            MetricKind.DURATION,
            _pick("response_p50"),
        ),
        _metric(
            "feedback_response_p90",
            "Feedback response time (90th percentile)",
            "90th percentile of the time from receipt to the answer, for feedback answered in "
            "the window." + hours,
            "hours",
            MetricKind.DURATION,
            _pick("response_p90"),
        ),
        _metric(
            "overdue_feedback",
            "Overdue feedback",
            "Open feedback messages past their response deadline at the end of the window "
            "(n: the messages open then).",
            "messages",
            MetricKind.COUNT,
            _pick("overdue"),
        ),
        _metric(
            "feedback_answered_in_time",
            "Feedback answered within the deadline",
            "Share answered by the deadline among feedback answered in the window and feedback "
            "still open past its deadline at the end of the window (late open ones count as "
            "late); Wilson interval.",
            "share",
            MetricKind.SHARE,
            _pick("within_deadline"),
        ),
        _metric(
            "feedback_reopen_rate",
            "Feedback reopen rate",
            "Share of the feedback answered in the window that the citizen reopened; Wilson "
            "interval.",
            "share",
            MetricKind.SHARE,
            _pick("reopen_rate"),
        ),
        _metric(
            "feedback_rating",
            "Feedback rating",
            "Mean rating (1–5) citizens gave the answers to feedback answered in the window; "
            "bootstrap interval.",
            "rating",
            MetricKind.INDEX,
            _pick("rating"),
        ),
    ]


@hookimpl
def register_metrics() -> list[Metric]:
    """Feedback's implementation of the `register_metrics` hook."""
    return feedback_metrics()
