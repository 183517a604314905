"""Campaigns of a scope, detected again on each run; a campaign keeps its id while it lasts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from resonance.feedback.campaigns import Message, detect
from resonance.feedback.models import FeedbackCampaign, FeedbackItem


def refresh_campaigns(
    session: Session, *, project_id: int, items: Sequence[FeedbackItem], now: datetime
) -> list[FeedbackCampaign]:
    """Detect campaigns among ``items`` (all of a scope) and store them; largest first.

    Detection runs over every message each time (it takes seconds for 10,000), so a late
    signer joins its campaign and an edited message can leave one. A new campaign takes the
    id of the old campaign most of its members had, so links and counts stay stable; old
    campaigns that no longer exist are deleted (their messages are kept, unlinked).
    """
    by_id = {item.id: item for item in items}
    found = detect([Message(item.id, item.text, item.language or "other") for item in items])
    old_ids = {item.campaign_id for item in items if item.campaign_id is not None}
    old_rows = {
        row.id: row
        for row in session.query(FeedbackCampaign).filter(FeedbackCampaign.id.in_(old_ids))
    }
    kept: list[FeedbackCampaign] = []
    taken: set[int] = set()
    member_of: dict[int, FeedbackCampaign] = {}
    for campaign in found:
        members = sorted(int(str(m)) for m in campaign.member_ids)
        votes = Counter(by_id[m].campaign_id for m in members if by_id[m].campaign_id in old_rows)
        reuse = next((cid for cid, _ in votes.most_common() if cid not in taken), None)
        row = old_rows[reuse] if reuse is not None else FeedbackCampaign(project_id=project_id)
        row.template, row.size, row.detected_at = campaign.template_text, len(members), now
        if reuse is None:
            session.add(row)
        else:
            taken.add(reuse)
        kept.append(row)
        for member in members:
            member_of[member] = row
    session.flush()
    for item in items:
        linked = member_of.get(item.id)
        item.campaign_id = linked.id if linked is not None else None
    gone = old_ids - taken
    if gone:
        session.flush()
        session.execute(delete(FeedbackCampaign).where(FeedbackCampaign.id.in_(gone)))
    return kept
