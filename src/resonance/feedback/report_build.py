"""The "what we heard" report of a scope from stored analysis: themes, citations, who answered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session

from resonance.feedback._analysis_overview import Overview, overview_of
from resonance.feedback._analysis_scope import Scope, list_campaigns, list_items, list_themes
from resonance.feedback._theme_space import EmbedFn
from resonance.feedback.models import FeedbackCampaign, FeedbackItem, FeedbackTheme
from resonance.feedback.redaction import redact
from resonance.feedback.report import Report, section_counts, tone_shares, what_we_heard
from resonance.feedback.representativeness import Representativeness, representativeness_of
from resonance.feedback.themes import OTHER_ID, Message, ThemeState

# Voices per theme a summary is drawn from (each is embedded when the report is built).
SUMMARY_SAMPLE = 40


@dataclass(frozen=True, slots=True)
class Cited:
    """A message (or a whole campaign) that summary sentences stand on, numbered."""

    number: int
    anchor: str
    reference: str
    text: str
    lang: str
    signers: int = 1


@dataclass(frozen=True, slots=True)
class WhatWeHeard:
    """Everything the report page and its PDF show; message texts are redacted."""

    scope: Scope
    lang: str
    generated_at: datetime
    report: Report
    numbers: dict[str, int]
    cited: list[Cited]
    overview: Overview
    who: Representativeness
    campaigns: list[FeedbackCampaign]

    def number_of(self, message_id: str) -> int:
        return self.numbers[message_id]


def build_report(
    session: Session, scope: Scope, *, lang: str, now: datetime, embed: EmbedFn | None = None
) -> WhatWeHeard:
    """Summaries per theme (analysts' labels), a campaign counted once, citations numbered."""
    items = [i for i in list_items(session, scope) if i.theme_id is not None]
    themes = list_themes(session, scope)
    campaigns = list(list_campaigns(session, scope))
    messages, tones, members = _voices(items, {c.id: c for c in campaigns})
    by_id = {m.id: m for m in messages}
    sampled = {t.id: _sample(t, members.get(t.id, []), by_id) for t in themes}
    states = [_state(theme, sampled[theme.id]) for theme in themes]
    shown = [by_id[mid] for mid in sorted({mid for ids in sampled.values() for mid in ids})]
    vectors = None
    if embed is not None and shown:
        vectors = np.asarray(embed([m.text for m in shown]), dtype=np.float32)
    report = (
        what_we_heard(shown, states, lang=lang, tones=tones, vectors=vectors, embed=embed)
        if shown
        else Report(lang, 0, [])
    )
    report = _redacted(_counted_in_full(report, themes, members, by_id, tones))
    numbers, cited = _citations(report, {m.id: m for m in messages}, items, campaigns)
    return WhatWeHeard(
        scope=scope,
        lang=lang,
        generated_at=now,
        report=report,
        numbers=numbers,
        cited=cited,
        overview=overview_of(session, scope),
        who=representativeness_of(session, scope),
        campaigns=campaigns,
    )


def _sample(theme: FeedbackTheme, ids: list[str], by_id: dict[str, Message]) -> list[str]:
    """The voices a theme's summary is drawn from: its quotes first, then the longest ones.

    Summaries embed the sentences they weigh, so a theme of thousands of messages is summarised
    from a bounded sample (the page stays fast); counts and tone shares use every voice.
    """
    own = set(ids)
    quotes = [f"m{i}" for i in theme.quote_ids or [] if f"m{i}" in own]
    rest = sorted(own - set(quotes), key=lambda mid: (-len(by_id[mid].text), mid))
    return [*quotes, *rest][:SUMMARY_SAMPLE]


def _counted_in_full(
    report: Report,
    themes: Sequence[FeedbackTheme],
    members: dict[int, list[str]],
    by_id: dict[str, Message],
    tones: dict[str, str],
) -> Report:
    """Replace the sample's counts and tone shares with those of every voice of each theme."""
    key_of = {(OTHER_ID if t.key == OTHER_ID else str(t.id)): t.id for t in themes}
    sections = []
    for section in report.sections:
        ids = members.get(key_of.get(section.theme_id, -1), [])
        voices = [by_id[mid] for mid in ids]
        sections.append(
            replace(
                section,
                counts=section_counts(voices),
                tone_shares=tone_shares([tones.get(mid, "neutral") for mid in ids]),
            )
        )
    return replace(report, total=len(by_id), sections=sections)


def _redacted(report: Report) -> Report:
    """Summary sentences are quoted from messages: mask personal data in them too."""
    sections = [
        replace(
            section,
            summary_sentences=[(redact(text).text, ids) for text, ids in section.summary_sentences],
        )
        for section in report.sections
    ]
    return replace(report, sections=sections)


def _voices(
    items: Sequence[FeedbackItem], campaigns: dict[int, FeedbackCampaign]
) -> tuple[list[Message], dict[str, str], dict[int, list[str]]]:
    """One message per item outside campaigns, one per campaign (its template)."""
    messages: list[Message] = []
    tones: dict[str, str] = {}
    members: dict[int, list[str]] = {}
    grouped: dict[int, list[FeedbackItem]] = {}
    for item in items:
        if item.campaign_id in campaigns:
            grouped.setdefault(item.campaign_id or 0, []).append(item)
            continue
        key = f"m{item.id}"
        messages.append(Message(key, item.text, item.language or "other"))
        tones[key] = item.tone or "neutral"
        members.setdefault(item.theme_id or 0, []).append(key)
    for campaign_id, letters in grouped.items():
        key = f"c{campaign_id}"
        lang = Counter(i.language or "other" for i in letters).most_common(1)[0][0]
        messages.append(Message(key, campaigns[campaign_id].template, lang))
        tones[key] = Counter(i.tone or "neutral" for i in letters).most_common(1)[0][0]
        theme = Counter(i.theme_id or 0 for i in letters).most_common(1)[0][0]
        members.setdefault(theme, []).append(key)
    return messages, tones, members


def _state(theme: FeedbackTheme, member_ids: list[str]) -> ThemeState:
    return ThemeState(
        id=OTHER_ID if theme.key == OTHER_ID else str(theme.id),
        centroid=np.asarray(theme.centroid or [], dtype=np.float32),
        locked_label=dict(theme.labels) if theme.label_edited else None,
        member_ids=frozenset(member_ids),
        label=dict(theme.labels),
    )


def _citations(
    report: Report,
    messages: dict[str, Message],
    items: Sequence[FeedbackItem],
    campaigns: Sequence[FeedbackCampaign],
) -> tuple[dict[str, int], list[Cited]]:
    reference = {f"m{i.id}": i.reference for i in items}
    signers = {f"c{c.id}": c.size for c in campaigns}
    numbers: dict[str, int] = {}
    cited: list[Cited] = []
    for section in report.sections:
        for _, ids in section.summary_sentences:
            for message_id in ids:
                if message_id in numbers:
                    continue
                numbers[message_id] = len(numbers) + 1
                message = messages[message_id]
                cited.append(
                    Cited(
                        number=numbers[message_id],
                        anchor=f"msg-{message_id}",
                        reference=reference.get(message_id, ""),
                        text=redact(message.text).text,
                        lang=message.lang,
                        signers=signers.get(message_id, 1),
                    )
                )
    return numbers, cited
