"""Analyst changes to mentions: tone corrections and tags, audited, feeding the rollups.

Concurrent edits: tags change by delta (add these, remove those) on the row as it is when the
write happens, so two analysts tagging at once both keep their tags. PostgreSQL locks the row
(SELECT ... FOR UPDATE) so the second write waits and then sees the first; SQLite serialises
writers, and a write whose snapshot went stale meanwhile is refused as a Conflict (409) rather
than overwriting. A tone correction may name the tone it replaces (`expected_tone`) and the API
may send If-Match with the mention's ETag: a mismatch is a Conflict, never a silent overwrite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.errors import Conflict, Invalid, NotFound
from resonance.ingest import recompute_rollups
from resonance.monitoring.mentions import TONES, mention_etag
from resonance.monitoring.models import Mention
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission

MAX_TAG = 50
MAX_TAGS = 20


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True)
class MentionChange:
    """What an analyst asks for; `tone` UNSET keeps it, None clears the correction."""

    tone: str | _Unset | None = UNSET
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    expected_tone: str | _Unset | None = UNSET
    if_match: str | None = None


def clean_tag(tag: str) -> str:
    """A tag: NFC, inner spaces collapsed, 1–50 characters, no control or format characters."""
    value = unicodedata.normalize("NFC", tag).strip(" ")
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise Invalid("A tag may not contain control or invisible characters.", field="tag")
    value = " ".join(value.split())
    if not value or len(value) > MAX_TAG:
        raise Invalid(f"A tag has 1 to {MAX_TAG} characters.", field="tag")
    return value


def clean_tone(tone: str | None) -> str | None:
    if tone in (None, ""):
        return None
    if tone not in TONES:
        raise Invalid(f"{str(tone)[:40]!r} is not a tone: use {', '.join(TONES)}.", field="tone")
    return tone


def update_mention(
    session: Session, actor: Actor, project_id: int, mention_id: int, change: MentionChange
) -> Mention:
    """Apply a tone correction and tag changes; audited with before and after."""
    project = access_project_for(session, actor, project_id, Permission.ANALYSE)
    mention = _locked(session, project.id, mention_id)
    _check_versions(mention, change)
    before = {"tone_corrected": mention.tone_corrected, "tags": list(mention.tags or [])}
    tags = _new_tags(before["tags"], change)  # type: ignore[arg-type]
    tone = mention.tone_corrected if isinstance(change.tone, _Unset) else clean_tone(change.tone)
    after = {"tone_corrected": tone, "tags": tags}
    if after == before:
        return mention
    mention.tone_corrected, mention.tags = tone, tags
    try:
        session.flush()
    except OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Conflict(
                "Someone else changed this mention at the same moment; nothing was saved. "
                "Reload it and try again."
            ) from None
        raise
    if tone != before["tone_corrected"]:
        hour = mention.published_at.replace(minute=0, second=0, microsecond=0)
        recompute_rollups(session, [(project.id, hour)])
    record(
        session,
        actor=actor,
        action="mention.update",
        entity_type="mention",
        entity_id=mention.id,
        unit_id=project.owner_unit_id,
        before=before,
        after=after,
    )
    return mention


def _locked(session: Session, project_id: int, mention_id: int) -> Mention:
    mention = session.scalar(
        select(Mention)
        .where(Mention.id == mention_id, Mention.project_id == project_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if mention is None:
        raise NotFound(f"There is no mention with id {mention_id} in this project.")
    return mention


def _check_versions(mention: Mention, change: MentionChange) -> None:
    if change.if_match is not None:
        current = mention_etag(mention.tone_corrected, mention.tags or [])
        if change.if_match.strip('"W/ ') != current:
            raise Conflict(
                "This mention was changed since you read it (its ETag differs); "
                "nothing was saved. Read it again and repeat your change."
            )
    if not isinstance(change.expected_tone, _Unset):
        expected = clean_tone(change.expected_tone)
        if expected != mention.tone_corrected:
            raise Conflict(
                "Someone else corrected the tone of this mention meanwhile; nothing was saved. "
                "Reload the list to see their correction.",
                field="tone",
            )


def _new_tags(current: list[str], change: MentionChange) -> list[str]:
    added = [clean_tag(tag) for tag in change.add_tags]
    removed = {clean_tag(tag) for tag in change.remove_tags}
    tags = [tag for tag in current if tag not in removed]
    for tag in added:
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS and len(tags) > len(current):
        raise Invalid(f"A mention has at most {MAX_TAGS} tags.", field="tag")
    return tags
