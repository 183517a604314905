"""A small corpus of mentions in six languages, made through the real ingest pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.ingest import ingest_batch
from resonance.monitoring.models import Mention, Project
from resonance.organization.models import Unit
from resonance.sources.models import Source
from tests.factories import make_project
from tests.ingest.helpers import add_query, make_context, make_source, raw

EVERYTHING = "lang:uk OR lang:ru OR lang:zh OR lang:vi OR lang:fr OR lang:en OR lang:other"
START = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)

# (key, language, title, text, reach)
CORPUS: tuple[tuple[str, str, str, str, int], ...] = (
    (
        "uk",
        "uk",
        "Реформа харчування",
        "Міністерство освіти оголосило реформу шкільного харчування у громадах області, "
        "батьки обговорюють нові меню для дітей.",
        120,
    ),
    (
        "ru",
        "ru",
        "Обсуждение в регионах",
        "Правительство обсуждает реформы образования в регионах страны, учителя ждут новых "
        "программ и объяснений от министерства.",
        80,
    ),
    (
        "zh",
        "zh",
        "数字素养",
        "政府推进全民数字素养教育改革，各地学校开设新的课程，家长普遍表示支持。",
        300,
    ),
    (
        "vi",
        "vi",
        "Cải cách giáo dục",
        "Bộ Giáo dục công bố cải cách chương trình đào tạo giáo viên tại các tỉnh miền núi "
        "trong năm học mới.",
        40,
    ),
    (
        "fr",
        "fr",
        "Rentrée",
        "La réforme de l'école primaire commence en septembre dans toutes les académies, "
        "selon le ministère de l'Éducation nationale.",
        60,
    ),
    (
        "en",
        "en",
        "School meals",
        "The school meals reform was badly explained to parents, and many families still "
        "do not know which lunches are free.",
        500,
    ),
)


@dataclass
class Corpus:
    project: Project
    source: Source
    query_id: int
    mentions: dict[str, Mention]


def make_corpus(session: Session, unit: Unit, *, name: str | None = None) -> Corpus:
    """Six items, one per language, one hour apart, each a mention of one new project."""
    project = make_project(session, owner=unit)
    query_id = add_query(session, project, EVERYTHING, name="everything")
    source = make_source(session, unit, name=name)
    items = [
        raw(
            key,
            text,
            title=title,
            published_at=START + timedelta(hours=i),
            language_hint=lang,
            url=f"https://news.example/{key}?a=1&b=<2>",
            engagement={"views": reach},
        )
        for i, (key, lang, title, text, reach) in enumerate(CORPUS)
    ]
    report = ingest_batch(session, source=source, items=items, context=make_context())
    assert report.dead_letters == 0, report
    session.commit()
    rows = session.execute(
        select(Mention).where(Mention.project_id == project.id).order_by(Mention.published_at)
    ).scalars()
    mentions = {key: mention for (key, *_rest), mention in zip(CORPUS, rows, strict=True)}
    return Corpus(project, source, query_id, mentions)
