"""Analysts' edits of stored themes: rename, merge, split, move a message, create; all audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.errors import Invalid, NotFound
from resonance.feedback._analysis_quotes import MAX_QUOTES, choose_quotes
from resonance.feedback._analysis_scope import Scope, item_filter, latest_run
from resonance.feedback._analysis_themes import means_from_json
from resonance.feedback._theme_labels import label_themes
from resonance.feedback._theme_space import EmbedFn, unit
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.feedback.queries import access_item_for
from resonance.feedback.themes import OTHER_ID, Message
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.text.language import LANGUAGES

MAX_LABEL = 200


def access_theme_for(
    session: Session, actor: Actor, theme_id: int, permission: Permission = Permission.VIEW
) -> FeedbackTheme:
    """The theme, if the actor may see its project and holds ``permission`` on the owner unit."""
    theme = session.get(FeedbackTheme, theme_id)
    if theme is None:
        raise NotFound(f"There is no theme with id {theme_id}.")
    try:
        access_project_for(session, actor, theme.project_id, permission)
    except NotFound:
        raise NotFound(f"There is no theme with id {theme_id}.") from None
    return theme


def _clean_labels(labels: Mapping[str, str]) -> dict[str, str]:
    cleaned = {lang: " ".join(text.split()) for lang, text in labels.items() if text.strip()}
    if not cleaned:
        raise Invalid("Give the theme a name in at least one language.", field="label")
    for lang, text in cleaned.items():
        if lang not in LANGUAGES:
            raise Invalid(f"{lang!r} is not a language of the analysis.", field="lang")
        if len(text) > MAX_LABEL:
            raise Invalid(f"Keep a theme's name under {MAX_LABEL} characters.", field="label")
    return cleaned


def _audit(
    session: Session, actor: Actor, theme: FeedbackTheme, action: str, **after: object
) -> None:
    record(
        session,
        actor=actor,
        action=f"feedback_theme.{action}",
        entity_type="feedback_theme",
        entity_id=theme.id,
        unit_id=theme_unit(session, theme),
        after={"labels": dict(theme.labels), **after},
    )


def theme_unit(session: Session, theme: FeedbackTheme) -> int:
    from resonance.monitoring.models import Project

    stmt = select(Project.owner_unit_id).where(Project.id == theme.project_id)
    return int(session.execute(stmt).scalar_one())


def rename_theme(
    session: Session, actor: Actor, theme_id: int, *, labels: Mapping[str, str]
) -> FeedbackTheme:
    """Name a theme in one or more languages; later runs keep the name."""
    theme = access_theme_for(session, actor, theme_id, Permission.ANALYSE)
    _live(theme)
    cleaned = _clean_labels(labels)
    before = dict(theme.labels)
    theme.labels = {**theme.labels, **cleaned}
    theme.label_edited = True
    session.flush()
    _audit(session, actor, theme, "rename", before=before)
    return theme


def merge_themes(
    session: Session,
    actor: Actor,
    *,
    theme_ids: Sequence[int],
    labels: Mapping[str, str] | None = None,
) -> FeedbackTheme:
    """Merge themes into the first one; the others are retired, their messages moved."""
    ids = list(dict.fromkeys(theme_ids))
    if len(ids) < 2:
        raise Invalid("Choose at least two themes to merge.", field="theme_ids")
    themes = [access_theme_for(session, actor, i, Permission.ANALYSE) for i in ids]
    for theme in themes:
        _live(theme)
        if theme.key == OTHER_ID:
            raise Invalid(
                "The “other” bucket cannot be merged; move its messages.", field="theme_ids"
            )
    keep, gone = themes[0], themes[1:]
    if any(_scope(t) != _scope(keep) for t in gone):
        raise Invalid("Only themes of the same project or consultation merge.", field="theme_ids")
    sizes = _sizes(session, [t.id for t in themes])
    _merge_centroid(keep, themes, sizes)
    edited = next((t for t in themes if t.label_edited), None)
    if labels:
        keep.labels, keep.label_edited = {**keep.labels, **_clean_labels(labels)}, True
    elif edited is not None:
        keep.labels, keep.label_edited = dict(edited.labels), True
    session.execute(
        update(FeedbackItem)
        .where(FeedbackItem.theme_id.in_([t.id for t in gone]))
        .values(theme_id=keep.id)
        .execution_options(synchronize_session="fetch")
    )
    quotes = [i for t in themes for i in t.quote_ids]
    keep.quote_ids = list(dict.fromkeys(quotes))[:MAX_QUOTES]
    keep.origin = "analyst"
    for theme in gone:
        theme.retired = True
    session.flush()
    _audit(session, actor, keep, "merge", merged=[t.id for t in gone])
    return keep


def _merge_centroid(
    keep: FeedbackTheme, themes: Sequence[FeedbackTheme], sizes: Mapping[int, int]
) -> None:
    weighted = [
        np.asarray(t.centroid, dtype=np.float32) * max(sizes.get(t.id, 0), 1)
        for t in themes
        if t.centroid
    ]
    if weighted:
        keep.centroid = [round(float(x), 6) for x in unit(np.sum(weighted, axis=0))]


def split_theme(
    session: Session,
    actor: Actor,
    theme_id: int,
    *,
    item_ids: Sequence[int],
    labels: Mapping[str, str] | None = None,
    embed: EmbedFn | None = None,
) -> FeedbackTheme:
    """Take the given messages out of a theme into a new one (pinned there); returns it."""
    parent = access_theme_for(session, actor, theme_id, Permission.ANALYSE)
    _live(parent)
    members = session.scalars(
        select(FeedbackItem).where(FeedbackItem.theme_id == parent.id).order_by(FeedbackItem.id)
    ).all()
    wanted = set(item_ids)
    taken = [m for m in members if m.id in wanted]
    if not taken or len(taken) != len(wanted):
        raise Invalid("Choose messages of this theme to split off.", field="item_ids")
    if len(taken) == len(members):
        raise Invalid(
            "Leave at least one message in the theme; rename it instead.", field="item_ids"
        )
    child = _new_theme(session, _scope(parent), labels, taken, members, embed)
    parent.quote_ids = [i for i in parent.quote_ids if i not in wanted]
    session.flush()
    _audit(session, actor, child, "split", parent=parent.id, items=sorted(wanted))
    return child


def create_theme(
    session: Session,
    actor: Actor,
    *,
    project_id: int,
    consultation_id: int | None = None,
    labels: Mapping[str, str],
    item_ids: Sequence[int] = (),
    embed: EmbedFn | None = None,
) -> FeedbackTheme:
    """A theme an analyst names, holding the given messages (pinned there)."""
    access_project_for(session, actor, project_id, Permission.ANALYSE)
    scope = Scope(project_id, consultation_id)
    cleaned = _clean_labels(labels)
    items = list(
        session.scalars(
            select(FeedbackItem).where(*item_filter(scope), FeedbackItem.id.in_(list(item_ids)))
        )
    )
    if len(items) != len(set(item_ids)):
        raise Invalid("Some of these messages are not in this project.", field="item_ids")
    theme = _new_theme(session, scope, cleaned, items, items, embed)
    _audit(session, actor, theme, "create", items=sorted(i.id for i in items))
    return theme


def move_item(session: Session, actor: Actor, item_id: int, *, theme_id: int) -> FeedbackItem:
    """Place a message in a theme by hand; later runs leave it there."""
    item = access_item_for(session, actor, item_id, Permission.ANALYSE)
    theme = access_theme_for(session, actor, theme_id, Permission.ANALYSE)
    _live(theme)
    if _scope(theme) != Scope(item.project_id, item.consultation_id):
        raise Invalid("The theme belongs to another project or consultation.", field="theme_id")
    before = item.theme_id
    old = session.get(FeedbackTheme, before) if before is not None else None
    if old is not None and item.id in old.quote_ids:
        old.quote_ids = [i for i in old.quote_ids if i != item.id]
    item.theme_id, item.theme_pinned = theme.id, True
    session.flush()
    _audit(session, actor, theme, "move", item=item.id, from_theme=before)
    return item


def _live(theme: FeedbackTheme) -> None:
    if theme.retired:
        raise Invalid("This theme was merged or split; edit the theme that replaced it.")


def _scope(theme: FeedbackTheme) -> Scope:
    return Scope(theme.project_id, theme.consultation_id)


def _sizes(session: Session, theme_ids: Sequence[int]) -> dict[int, int]:
    rows = session.scalars(
        select(FeedbackItem.theme_id).where(FeedbackItem.theme_id.in_(theme_ids))
    )
    counts: dict[int, int] = {}
    for theme_id in rows:
        if theme_id is not None:
            counts[theme_id] = counts.get(theme_id, 0) + 1
    return counts


def _new_theme(
    session: Session,
    scope: Scope,
    labels: Mapping[str, str] | None,
    items: Sequence[FeedbackItem],
    context: Sequence[FeedbackItem],
    embed: EmbedFn | None,
) -> FeedbackTheme:
    """A theme of analyst origin holding ``items`` (pinned), named or labelled automatically."""
    automatic = _auto_label(items, context) if items else {}
    theme = FeedbackTheme(
        project_id=scope.project_id,
        consultation_id=scope.consultation_id,
        key=f"analyst-{len(items)}-{min((i.id for i in items), default=0)}",
        labels=dict(labels) if labels else automatic,
        label_edited=bool(labels),
        origin="analyst",
        centroid=_centroid(session, scope, items, embed),
        quote_ids=choose_quotes([(i, 0.0) for i in items if i.campaign_id is None]),
    )
    session.add(theme)
    session.flush()
    for item in items:
        item.theme_id, item.theme_pinned = theme.id, True
    return theme


def _auto_label(items: Sequence[FeedbackItem], context: Sequence[FeedbackItem]) -> dict[str, str]:
    def message(item: FeedbackItem) -> Message:
        return Message(str(item.id), item.text, item.language or "other")

    return label_themes([message(i) for i in context], [[message(i) for i in items]])[0]


def _centroid(
    session: Session, scope: Scope, items: Sequence[FeedbackItem], embed: EmbedFn | None
) -> list[float] | None:
    """Mean of the items' centred vectors, in the space of the scope's last run (if any)."""
    run = latest_run(session, scope)
    if not items or run is None or not run.means:
        return None
    if embed is None:
        from resonance.text.embedding import embed as embed_default

        embed = embed_default
    vectors = np.asarray(embed([i.text for i in items]), dtype=np.float32)
    centred = means_from_json(run.means).centre(vectors, [i.language or "other" for i in items])
    return [round(float(x), 6) for x in unit(centred.mean(axis=0))]
