"""Filtering, sorting and paging a project's mentions; bad filter values are clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from resonance.errors import Invalid, NotFound
from resonance.monitoring.mentions import (
    MentionFilters,
    get_mention,
    list_mentions,
    mention_facets,
    page_of_mentions,
)
from resonance.monitoring.models import Mention
from tests.factories import make_unit
from tests.monitoring.mention_data import Corpus, make_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return make_corpus(session, make_unit(session))


def _langs(session: Session, corpus: Corpus, **params: str) -> list[str]:
    page = list_mentions(session, corpus.project, MentionFilters.from_params(params), limit=50)
    return [view.lang for view in page.items]


def test_mentions_come_newest_first_and_sort_by_reach_or_age(
    session: Session, corpus: Corpus
) -> None:
    assert _langs(session, corpus) == ["en", "fr", "vi", "zh", "ru", "uk"]
    assert _langs(session, corpus, sort="oldest") == ["uk", "ru", "zh", "vi", "fr", "en"]
    assert _langs(session, corpus, sort="reach") == ["en", "zh", "uk", "ru", "fr", "vi"]


def test_filters_narrow_by_time_language_source_tone_query_and_cluster(
    session: Session, corpus: Corpus
) -> None:
    assert _langs(session, corpus, since="2024-03-04T10:00:00Z", until="2024-03-04T12:00Z") == [
        "vi",
        "zh",
    ]
    assert _langs(session, corpus, since="2024-03-05") == []
    assert _langs(session, corpus, until="2024-03-04") == ["en", "fr", "vi", "zh", "ru", "uk"]
    assert _langs(session, corpus, lang="zh") == ["zh"]
    assert len(_langs(session, corpus, source_id=str(corpus.source.id))) == 6
    assert _langs(session, corpus, source_id="999999") == []
    assert _langs(session, corpus, tone="negative") == ["en"]
    assert _langs(session, corpus, query_id=str(corpus.query_id)) != []
    assert _langs(session, corpus, query_id="999999") == []
    view = get_mention(session, corpus.project, corpus.mentions["fr"].id)
    if view.cluster_key:
        assert "fr" in _langs(session, corpus, cluster_key=view.cluster_key)
    assert _langs(session, corpus, cluster_key="no-such-cluster") == []


def test_tone_filter_reads_the_correction_and_tags_filter(session: Session, corpus: Corpus) -> None:
    uk = corpus.mentions["uk"]
    uk.tone_corrected, uk.tags = "positive", ["school", "харчування"]
    session.flush()
    assert _langs(session, corpus, tone="positive") == ["uk"]
    assert _langs(session, corpus, tone="neutral") == ["fr", "vi", "zh", "ru"]
    assert _langs(session, corpus, corrected="true") == ["uk"]
    assert "uk" not in _langs(session, corpus, corrected="false")
    assert _langs(session, corpus, tag="харчування") == ["uk"]
    assert _langs(session, corpus, tag="харч") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-02-30"}, "until"),
        ({"since": "2024-03-05", "until": "2024-03-01"}, "until"),
        ({"tone": "angry"}, "tone"),
        ({"sort": "random"}, "sort"),
        ({"lang": "<script>"}, "lang"),
        ({"source_id": "1 OR 1=1"}, "source_id"),
        ({"query_id": "-1"}, "query_id"),
        ({"corrected": "maybe"}, "corrected"),
        ({"tag": "x" * 201}, "tag"),
        ({"cluster_key": "a\x00b"}, "cluster_key"),
        ({"source_id": "9" * 40}, "source_id"),
    ],
)
def test_bad_filter_values_are_refused_naming_the_field(params: dict[str, str], field: str) -> None:
    with pytest.raises(Invalid) as caught:
        MentionFilters.from_params(params)
    assert caught.value.extra["field"] == field


def test_dates_are_whole_days_in_the_viewers_zone() -> None:
    filters = MentionFilters.from_params(
        {"since": "2024-03-04", "until": "2024-03-04"}, zone="Asia/Ho_Chi_Minh"
    )
    assert filters.since == datetime(2024, 3, 3, 17, tzinfo=UTC)
    assert filters.until == datetime(2024, 3, 4, 17, tzinfo=UTC)


def test_pages_past_the_end_are_empty_or_clamped(session: Session, corpus: Corpus) -> None:
    page = list_mentions(session, corpus.project, MentionFilters(), limit=2, offset=10**12)
    assert (page.items, page.total) == ([], 6)
    last = page_of_mentions(session, corpus.project, MentionFilters(), page=10**30, per_page=4)
    assert [v.lang for v in last.items] == ["ru", "uk"]


def test_a_mention_of_another_project_is_not_found(session: Session, corpus: Corpus) -> None:
    other = make_corpus(session, make_unit(session))
    with pytest.raises(NotFound):
        get_mention(session, corpus.project, other.mentions["uk"].id)


def test_facets_list_languages_sources_and_queries(session: Session, corpus: Corpus) -> None:
    facets = mention_facets(session, corpus.project.id)
    assert facets.languages == sorted(["uk", "ru", "zh", "vi", "fr", "en"])
    assert facets.sources == [(corpus.source.id, corpus.source.name)]
    assert facets.queries == [(corpus.query_id, "everything")]


def test_views_carry_the_item_and_matched_query_names(session: Session, corpus: Corpus) -> None:
    view = get_mention(session, corpus.project, corpus.mentions["en"].id)
    assert view.title == "School meals"
    assert view.source_name == corpus.source.name
    assert view.query_names == ["everything"]
    assert view.reach == 500
    assert view.safe_url == "https://news.example/en?a=1&b=<2>"
    assert isinstance(corpus.mentions["en"], Mention)
