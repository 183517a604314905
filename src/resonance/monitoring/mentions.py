"""Read-only queries on a project's mentions: filters, sorting, pages, one mention, facets."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    cast,
    exists,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import InstrumentedAttribute, Session

from resonance.errors import Invalid, NotFound
from resonance.ingest.models import Item
from resonance.monitoring.models import Mention, MonitoringQuery, Project
from resonance.monitoring.search import parse_search, search_condition, search_terms
from resonance.sources.models import Source

TONES = ("negative", "neutral", "positive")
NO_TONE = "none"
SORTS = ("newest", "oldest", "reach")
MAX_FILTER = 200
SNIPPET = 280
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class MentionFilters:
    """What narrows a project's mentions; every field optional, `search` in web syntax."""

    since: datetime | None = None
    until: datetime | None = None
    lang: str | None = None
    source_id: int | None = None
    tone: str | None = None  # the shown tone: the analyst's correction, else the model's
    corrected: bool | None = None
    query_id: int | None = None
    cluster_key: str | None = None
    tag: str | None = None
    search: str = ""
    sort: str = "newest"

    @classmethod
    def from_params(cls, params: Mapping[str, str], *, zone: str = "UTC") -> MentionFilters:
        """Parse query parameters; a bad value raises Invalid naming its field."""
        get = {k: str(v).strip() for k, v in params.items() if str(v).strip()}
        tz = _zone(zone)
        values: dict[str, Any] = {
            "since": _moment(get.get("since"), "since", tz, end=False),
            "until": _moment(get.get("until"), "until", tz, end=True),
            "lang": _choice_like(get.get("lang"), "lang"),
            "source_id": _int(get.get("source_id"), "source_id"),
            "tone": _one_of(get.get("tone"), (*TONES, NO_TONE), "tone"),
            "corrected": _flag(get.get("corrected"), "corrected"),
            "query_id": _int(get.get("query_id"), "query_id"),
            "cluster_key": _text(get.get("cluster_key"), "cluster_key"),
            "tag": _text(get.get("tag"), "tag"),
            "search": (get.get("q") or get.get("search") or "")[:500],
            "sort": _one_of(get.get("sort"), SORTS, "sort") or "newest",
        }
        if values["since"] and values["until"] and values["until"] <= values["since"]:
            raise Invalid("The end of the time range is before its start.", field="until")
        return cls(**values)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self) if f.name != "sort")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _moment(value: str | None, name: str, tz: ZoneInfo, *, end: bool) -> datetime | None:
    """A date (the whole day in `tz`; `until` is inclusive) or an ISO 8601 date and time."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            start = datetime.combine(day + timedelta(days=1) if end else day, time(), tz)
            return start.astimezone(UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        raise Invalid(
            f"{value[:40]!r} is not a date; use YYYY-MM-DD or an ISO 8601 date and time.",
            field=name,
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)


def _int(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise Invalid(f"{value[:40]!r} is not an id: use a positive whole number.", field=name)
    return int(value)


def _one_of(value: str | None, allowed: Sequence[str], name: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise Invalid(
            f"{value[:40]!r} is not a valid {name}: use {', '.join(allowed)}.", field=name
        )
    return value


def _flag(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise Invalid(f"{value[:40]!r} is not a yes/no value: use true or false.", field=name)


def _choice_like(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not _LANG.match(value):
        raise Invalid(f"{value[:40]!r} is not a language code such as uk or zh.", field=name)
    return value


def _text(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_FILTER or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise Invalid(
            f"The {name} filter has at most {MAX_FILTER} characters, none of them control "
            "characters.",
            field=name,
        )
    return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class MentionView:
    """A mention with what lists show of its item and source."""

    id: int
    project_id: int
    item_id: int
    title: str | None
    text: str
    url: str | None
    source_id: int
    source_name: str
    lang: str
    tone: str | None
    tone_corrected: str | None
    published_at: datetime
    tags: list[str]
    query_ids: list[int]
    reach: int
    cluster_key: str | None
    snippet: str = ""
    query_names: list[str] = field(default_factory=list)

    @property
    def shown_tone(self) -> str | None:
        return self.tone_corrected or self.tone

    @property
    def safe_url(self) -> str | None:
        """The original URL when it is http(s); anything else is not made a link."""
        url = self.url or ""
        return url if url.lower().startswith(("https://", "http://")) else None

    @property
    def etag(self) -> str:
        return mention_etag(self.tone_corrected, self.tags)


def mention_etag(tone_corrected: str | None, tags: Sequence[str]) -> str:
    """A version of what analysts change on a mention (for If-Match on the API)."""
    state = json.dumps([tone_corrected, list(tags)], ensure_ascii=False)
    return hashlib.sha256(state.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MentionPage:
    items: list[MentionView]
    total: int
    limit: int
    offset: int


def shown_tone() -> ColumnElement[str]:
    return func.coalesce(Mention.tone_corrected, Mention.tone, NO_TONE)


def sort_keys(sort: str) -> list[tuple[ColumnElement[Any] | InstrumentedAttribute[Any], bool]]:
    """(column, descending) pairs; the mention id last, so the order is total."""
    if sort == "oldest":
        return [(Mention.published_at, False), (Mention.id, False)]
    if sort == "reach":
        return [(Item.reach, True), (Mention.published_at, True), (Mention.id, True)]
    return [(Mention.published_at, True), (Mention.id, True)]


def mentions_query(
    project_id: int, filters: MentionFilters, *, dialect: str, columns: Sequence[Any] = ()
) -> Select[Any]:
    """Mentions of a project with their item and source name, filtered and sorted."""
    stmt = (
        select(*(columns or (Mention, Item, Source.name)))
        .join(Item, Item.id == Mention.item_id)
        .join(Source, Source.id == Mention.source_id)
        .where(Mention.project_id == project_id)
    )
    for condition in _conditions(filters, dialect):
        stmt = stmt.where(condition)
    order = [col.desc() if desc else col.asc() for col, desc in sort_keys(filters.sort)]
    return stmt.order_by(*order)


def _conditions(filters: MentionFilters, dialect: str) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.since:
        found.append(Mention.published_at >= filters.since)
    if filters.until:
        found.append(Mention.published_at < filters.until)
    if filters.lang:
        found.append(Mention.lang == filters.lang)
    if filters.source_id is not None:
        found.append(Mention.source_id == filters.source_id)
    if filters.tone:
        found.append(shown_tone() == filters.tone)
    if filters.corrected is not None:
        is_set = Mention.tone_corrected.is_not(None)
        found.append(is_set if filters.corrected else Mention.tone_corrected.is_(None))
    if filters.query_id is not None:
        found.append(json_array_has(Mention.query_ids, filters.query_id, dialect))
    if filters.cluster_key:
        found.append(Item.cluster_key == filters.cluster_key)
    if filters.tag:
        found.append(json_array_has(Mention.tags, filters.tag, dialect))
    clauses = parse_search(filters.search) if filters.search else []
    if clauses:
        found.append(search_condition(clauses, dialect, filters.lang))
    return found


def json_array_has(
    column: InstrumentedAttribute[Any], value: int | str, dialect: str
) -> ColumnElement[bool]:
    """Whether a JSON array column holds `value` (json_each on SQLite, jsonb @> on PostgreSQL)."""
    if dialect == "postgresql":
        typed = cast(value, Integer if isinstance(value, int) else String)
        return cast(column, JSONB).op("@>")(func.jsonb_build_array(typed))
    each = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(each).where(each.c.value == value))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def list_mentions(
    session: Session,
    project: Project,
    filters: MentionFilters,
    *,
    limit: int = 25,
    offset: int = 0,
) -> MentionPage:
    """One page of mentions and the count of all that match; an offset past the end is empty."""
    stmt = mentions_query(project.id, filters, dialect=dialect_of(session))
    total = int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )
    if offset >= total:
        return MentionPage([], total, limit, offset)
    rows = session.execute(stmt.limit(limit).offset(offset)).all()
    names = query_names(session, project.id)
    terms = search_terms(parse_search(filters.search)) if filters.search else []
    views = [_view(m, item, source, names, terms) for m, item, source in rows]
    return MentionPage(views, total, limit, offset)


def page_of_mentions(
    session: Session, project: Project, filters: MentionFilters, *, page: int, per_page: int = 25
) -> MentionPage:
    """Page `page` (1-based, clamped to the last page) of the project's mentions."""
    first = list_mentions(session, project, filters, limit=per_page, offset=0)
    pages = max(1, -(-first.total // per_page))
    number = min(max(1, page), pages)
    if number == 1:
        return first
    return list_mentions(session, project, filters, limit=per_page, offset=(number - 1) * per_page)


def get_mention(session: Session, project: Project, mention_id: int) -> MentionView:
    """One mention of the project, or NotFound (also for a mention of another project)."""
    row = session.execute(
        mentions_query(project.id, MentionFilters(), dialect=dialect_of(session)).where(
            Mention.id == mention_id
        )
    ).first()
    if row is None:
        raise NotFound(f"There is no mention with id {mention_id} in this project.")
    mention, item, source_name = row
    return _view(mention, item, source_name, query_names(session, project.id), [])


def view_of(session: Session, mention: Mention) -> MentionView:
    """The view of a mention just loaded or changed by a service."""
    item = session.get_one(Item, mention.item_id)
    source = session.get_one(Source, mention.source_id)
    return _view(mention, item, source.name, query_names(session, mention.project_id), [])


def _view(
    mention: Mention, item: Item, source_name: str, names: Mapping[int, str], terms: Sequence[str]
) -> MentionView:
    return MentionView(
        id=mention.id,
        project_id=mention.project_id,
        item_id=mention.item_id,
        title=item.title,
        text=item.text,
        url=item.url,
        source_id=mention.source_id,
        source_name=source_name,
        lang=mention.lang,
        tone=mention.tone,
        tone_corrected=mention.tone_corrected,
        published_at=mention.published_at,
        tags=list(mention.tags or []),
        query_ids=list(mention.query_ids or []),
        reach=item.reach or 0,
        cluster_key=item.cluster_key,
        snippet=snippet(item.text, terms),
        query_names=[names.get(q, f"#{q}") for q in mention.query_ids or []],
    )


def snippet(text: str, terms: Sequence[str], width: int = SNIPPET) -> str:
    """About `width` characters of `text`, around the first search term found in it."""
    if len(text) <= width:
        return text
    lowered = text.casefold()
    hits = [i for i in (lowered.find(t.casefold()) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    if start and (space := text.rfind(" ", 0, start)) > start - 20:
        start = space + 1
    part = text[start : start + width]
    return ("…" if start else "") + part + ("…" if start + width < len(text) else "")


def query_names(session: Session, project_id: int) -> dict[int, str]:
    rows = session.execute(
        select(MonitoringQuery.id, MonitoringQuery.name).where(
            MonitoringQuery.project_id == project_id
        )
    )
    return {int(qid): str(name) for qid, name in rows}


@dataclass(frozen=True)
class Facets:
    """What the filter form offers: languages, sources and queries of the project's mentions."""

    languages: list[str]
    sources: list[tuple[int, str]]
    queries: list[tuple[int, str]]


def mention_facets(session: Session, project_id: int) -> Facets:
    langs = session.scalars(
        select(Mention.lang).where(Mention.project_id == project_id).distinct()
    ).all()
    sources = session.execute(
        select(Source.id, Source.name)
        .where(Source.id.in_(select(Mention.source_id).where(Mention.project_id == project_id)))
        .order_by(Source.name)
    ).all()
    queries = sorted(query_names(session, project_id).items(), key=lambda kv: kv[1])
    return Facets(sorted(langs), [(i, n) for i, n in sources], queries)
