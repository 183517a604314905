"""Stored items in six languages for query trials, ingested through the real pipeline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from resonance.ingest import ingest_batch
from resonance.organization.models import Unit
from resonance.sources.models import Source
from resonance.storage.base import utcnow
from tests.ingest.helpers import make_context, make_source, raw

# (external id, language, text): each query of QUERIES matches exactly its own item.
TEXTS: tuple[tuple[str, str, str], ...] = (
    ("uk-1", "uk", "Вчителі отримали нові підручники для сільських шкіл області."),
    ("ru-1", "ru", "Правительство обсуждает новые налоги для малого бизнеса в регионах."),
    ("vi-1", "vi", "Bộ Giáo dục công bố cải cách chương trình học phổ thông mới."),
    ("zh-1", "zh", "教育部今天宣布了新的数字教育改革计划，覆盖全国学校。"),
    ("fr-1", "fr", "Le ministère annonce une réforme des retraites pour les enseignants."),
    ("en-1", "en", "The ministry published new guidelines for healthy school meals."),
    # Entities survive normalisation as "<script>": pages must escape what items say.
    ("xss-1", "en", "Citizens wrote &lt;script&gt;alert(1)&lt;/script&gt; on the pension reform."),
)
# language → (query, the surface text that must be marked)
QUERIES: dict[str, tuple[str, str]] = {
    "uk": ("підручник AND школа", "підручники"),
    "ru": ("налог NEAR/3 бизнес", "налоги"),
    "vi": ('"cải cách"', "cải cách"),
    "zh": ("数字教育", "数字教育"),
    "fr": ("retraite -pension", "retraites"),
    "en": ("guideline*", "guidelines"),
}


def store_items(session: Session, unit: Unit, *, name: str = "Trial feed") -> Source:
    """A source with TEXTS published over the last hours, stored and committed."""
    source = make_source(session, unit, name=name)
    now = utcnow()
    items = [
        raw(ext, text, language_hint=lang, published_at=now - timedelta(hours=i + 1))
        for i, (ext, lang, text) in enumerate(TEXTS)
    ]
    ingest_batch(session, source=source, items=items, context=make_context(clock=utcnow))
    session.commit()
    return source
