"""Staff writes on consultations: create and edit, dispositions; the rest re-exported here."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.config import SUPPORTED_LOCALES
from resonance.consultation._anchoring import confirm_anchor, reject_anchor, suggest_anchors
from resonance.consultation._comments import comments_open, submit_comment
from resonance.consultation._stages import advance_stage, plan_stages
from resonance.consultation._versions import import_version, link_change, set_change_reason
from resonance.consultation.models import Consultation, ConsultationStage, Stage
from resonance.consultation.queries import access_consultation_for
from resonance.errors import Conflict, Invalid, NotFound
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackTheme
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow

__all__ = [
    "DISPOSITIONS",
    "advance_stage",
    "comments_open",
    "confirm_anchor",
    "create_consultation",
    "import_version",
    "link_change",
    "plan_stages",
    "reject_anchor",
    "set_change_reason",
    "set_disposition",
    "submit_comment",
    "suggest_anchors",
    "update_consultation",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,54}[a-z0-9]$")
FORM_PREFIX = "consult-"
DISPOSITIONS = ("accepted", "partly", "rejected", "out_of_scope")
MAX_TITLE = 300
MAX_SUMMARY = 5_000
MAX_REASON = 5_000


def _texts(raw: Any, name: str, limit: int) -> dict[str, str]:
    texts = {str(k): str(v).strip()[:limit] for k, v in dict(raw or {}).items() if str(v).strip()}
    unknown = set(texts) - set(SUPPORTED_LOCALES)
    if unknown:
        raise Invalid(f"Unknown language {sorted(unknown)[0]!r}.", field=name)
    return texts


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    slug = str(values.get("slug", "")).strip().lower()
    if not _SLUG.match(slug):
        raise Invalid("Use 3–56 lower-case letters, digits and hyphens for the slug.", field="slug")
    titles = _texts(values.get("titles"), "titles", MAX_TITLE)
    if not titles:
        raise Invalid("Give the consultation a title in at least one language.", field="titles")
    language = str(values.get("language", "")).strip()
    if language not in SUPPORTED_LOCALES:
        raise Invalid(
            f"Choose the draft's language among {', '.join(SUPPORTED_LOCALES)}.", field="language"
        )
    return {
        "slug": slug,
        "titles": titles,
        "summaries": _texts(values.get("summaries"), "summaries", MAX_SUMMARY),
        "language": language,
        "published": bool(values.get("published")),
    }


def _slug_free(session: Session, slug: str, consultation_id: int | None) -> None:
    taken = session.scalar(select(Consultation.id).where(Consultation.slug == slug))
    if taken is not None and taken != consultation_id:
        raise Conflict(f"Another consultation already uses the slug {slug!r}.", field="slug")


def create_consultation(
    session: Session, actor: Actor, *, project_id: int, values: dict[str, Any]
) -> Consultation:
    """A consultation with its own (hidden) comment form and its four stages planned."""
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    cleaned = _clean(values)
    _slug_free(session, cleaned["slug"], None)
    # The form is reached only through the consultation's page (/c/{slug}), never /f/.
    form_values = {"slug": FORM_PREFIX + cleaned["slug"], "titles": cleaned["titles"]}
    form_values["enabled"] = False
    form = create_form(session, actor, project_id=project.id, values=form_values)
    consultation = Consultation(project_id=project.id, form_id=form.id, **cleaned)
    now = utcnow()
    for stage in Stage:
        entered = stage is Stage.DRAFT_CONSULTATION
        consultation.stages.append(
            ConsultationStage(
                stage=stage,
                entered_at=now if entered else None,
                entered_by_id=actor.user_id if entered else None,
                decisions={},
            )
        )
    session.add(consultation)
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.create",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=project.owner_unit_id,
        after=snapshot(consultation),
    )
    return consultation


def update_consultation(
    session: Session, actor: Actor, consultation_id: int, *, values: dict[str, Any]
) -> Consultation:
    """Change titles, summaries, language, slug or the `published` flag."""
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    before = snapshot(consultation)
    cleaned = _clean(values)
    _slug_free(session, cleaned["slug"], consultation.id)
    for key, value in cleaned.items():
        setattr(consultation, key, value)
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.update",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=consultation.project.owner_unit_id,
        before=before,
        after=snapshot(consultation),
    )
    return consultation


def set_disposition(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    theme_id: int,
    disposition: str,
    reason: str,
) -> FeedbackTheme:
    """What was done with a theme ("you said, we did"): the decision and its public reason."""
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    theme = session.get(FeedbackTheme, theme_id)
    if theme is None or theme.consultation_id != consultation.id:
        raise NotFound(f"This consultation has no theme with id {theme_id}.")
    if disposition not in DISPOSITIONS:
        raise Invalid(
            f"Choose one of {', '.join(DISPOSITIONS)} as the disposition.", field="disposition"
        )
    reason = reason.strip()
    if not reason:
        raise Invalid("Explain the disposition: the reason is published.", field="reason")
    before = {"disposition": theme.disposition, "reason": theme.disposition_reason}
    theme.disposition = disposition
    theme.disposition_reason = reason[:MAX_REASON]
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.disposition",
        entity_type="feedback_theme",
        entity_id=theme.id,
        unit_id=consultation.project.owner_unit_id,
        before=before,
        after={"disposition": disposition, "reason": theme.disposition_reason},
    )
    return theme
