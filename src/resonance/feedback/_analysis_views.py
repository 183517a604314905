"""Read side for the analysis pages: a theme's messages, a campaign's signers and their deltas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.errors import NotFound
from resonance.feedback.campaigns import delta
from resonance.feedback.models import FeedbackCampaign, FeedbackItem, FeedbackTheme
from resonance.feedback.redaction import redact
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission

MAX_LISTED = 200


@dataclass(frozen=True, slots=True)
class Shown:
    """A message as analysis pages show it: redacted, with what it added to its campaign."""

    item: FeedbackItem
    text: str
    added: list[str]


def theme_messages(session: Session, theme: FeedbackTheme) -> tuple[list[Shown], int]:
    """The theme's first messages (redacted) and how many it holds in all."""
    base = select(FeedbackItem).where(FeedbackItem.theme_id == theme.id)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    items = session.scalars(base.order_by(FeedbackItem.id).limit(MAX_LISTED)).all()
    return [Shown(i, redact(i.text).text, []) for i in items], int(total)


def access_campaign_for(
    session: Session, actor: Actor, campaign_id: int, permission: Permission = Permission.VIEW
) -> FeedbackCampaign:
    campaign = session.get(FeedbackCampaign, campaign_id)
    if campaign is None:
        raise NotFound(f"There is no campaign with id {campaign_id}.")
    try:
        access_project_for(session, actor, campaign.project_id, permission)
    except NotFound:
        raise NotFound(f"There is no campaign with id {campaign_id}.") from None
    return campaign


def campaign_signers(session: Session, campaign: FeedbackCampaign) -> list[Shown]:
    """Every message of the campaign (redacted), with the sentences its signer added."""
    items: Sequence[FeedbackItem] = session.scalars(
        select(FeedbackItem)
        .where(FeedbackItem.campaign_id == campaign.id)
        .order_by(FeedbackItem.id)
    ).all()
    return [
        Shown(
            item,
            redact(item.text).text,
            [redact(s).text for s in delta(campaign.template, item.text)],
        )
        for item in items
    ]


def list_scope_themes(
    session: Session, project_id: int, consultation_id: int | None
) -> list[FeedbackTheme]:
    from resonance.feedback._analysis_scope import Scope, list_themes

    return list(list_themes(session, Scope(project_id, consultation_id)))
