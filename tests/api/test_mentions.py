"""REST API of mentions: list with filters and Link header, read, PATCH with ETags, exports."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from tests.api.conftest import Api, assert_problem
from tests.factories import Org
from tests.monitoring.mention_data import Corpus, make_corpus


@pytest.fixture
def corpus(session: Session, org: Org) -> Corpus:
    return make_corpus(session, org.dept_a)


def _url(corpus: Corpus, suffix: str = "") -> str:
    return f"/api/v1/projects/{corpus.project.id}/mentions{suffix}"


def test_the_list_uses_the_envelope_and_link_header(api: Api, corpus: Corpus) -> None:
    response = api.get(_url(corpus), params={"limit": 2, "sort": "reach"}, as_="viewer")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (6, 2, 0)
    assert [m["lang"] for m in body["items"]] == ["en", "zh"]
    assert 'rel="next"' in response.headers["link"]
    assert "sort=reach" in response.headers["link"]
    first = body["items"][0]
    assert first["tone"] == "negative"
    assert first["query_names"] == ["everything"]
    assert first["source_name"] == corpus.source.name


def test_filters_and_search_apply(api: Api, corpus: Corpus) -> None:
    found = api.get(_url(corpus), params={"q": "реформа", "tone": "neutral"}, as_="viewer")
    assert sorted(m["lang"] for m in found.json()["items"]) == ["ru", "uk"]
    empty = api.get(_url(corpus), params={"offset": 10**15}, as_="viewer").json()
    assert (empty["items"], empty["total"]) == ([], 6)
    assert_problem(api.get(_url(corpus), params={"since": "2024-13-01"}), 422, "not a date")
    assert_problem(api.get(_url(corpus), params={"sort": "best"}), 422, "sort")
    weird = api.get(_url(corpus), params={"q": '"NEAR(a* OR (b'}, as_="viewer")
    assert weird.status_code == 200


def test_one_mention_has_its_text_and_an_etag(api: Api, corpus: Corpus) -> None:
    response = api.get(_url(corpus, f"/{corpus.mentions['zh'].id}"), as_="viewer")
    assert response.status_code == 200
    assert response.json()["text"].startswith("政府推进全民数字素养教育改革")
    assert response.headers["etag"].startswith('"')
    assert_problem(api.get(_url(corpus, "/99999999")), 404)


def test_analysts_patch_tone_and_tags_and_stale_etags_conflict(api: Api, corpus: Corpus) -> None:
    url = _url(corpus, f"/{corpus.mentions['vi'].id}")
    etag = api.get(url, as_="analyst").headers["etag"]
    changed = api.patch(
        url,
        json={"tone_corrected": "positive", "add_tags": ["giáo dục"]},
        headers={"If-Match": etag},
        as_="analyst",
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["tone"], changed.json()["tags"]) == ("positive", ["giáo dục"])
    assert changed.json()["tone_model"] == "neutral"
    # Another analyst, working from the old ETag, is told so instead of overwriting.
    stale = api.patch(url, json={"tone_corrected": "negative"}, headers={"If-Match": etag})
    assert_problem(stale, 409, "changed since you read it")
    # Without If-Match, tags merge: both analysts' tags are kept.
    both = api.patch(url, json={"add_tags": ["miền núi"]}, as_="communication_lead")
    assert both.json()["tags"] == ["giáo dục", "miền núi"]
    cleared = api.patch(url, json={"tone_corrected": None, "remove_tags": ["giáo dục"]})
    assert (cleared.json()["tone"], cleared.json()["tags"]) == ("neutral", ["miền núi"])


def test_patch_refuses_bad_input_and_other_roles(api: Api, corpus: Corpus) -> None:
    url = _url(corpus, f"/{corpus.mentions['fr'].id}")
    assert_problem(api.patch(url, json={"add_tags": ["x" * 51]}), 422, "tag")
    assert_problem(api.patch(url, json={"tone_corrected": "angry"}), 422)
    assert_problem(api.patch(url, json={"colour": "red"}), 422)
    assert_problem(api.patch(url, json={"add_tags": ["x"]}, as_="viewer"), 403)
    assert_problem(api.patch(url, json={"add_tags": ["x"]}, as_="focal_point"), 403)


def test_projects_outside_scope_are_not_found(api: Api, session: Session, org: Org) -> None:
    other = make_corpus(session, org.dept_b)
    session.commit()
    assert_problem(api.get(_url(other), as_="analyst"), 404)
    patch = api.patch(
        _url(other, f"/{other.mentions['uk'].id}"), json={"add_tags": ["x"]}, as_="analyst"
    )
    assert_problem(patch, 404)


def test_exports_stream_jsonl(api: Api, corpus: Corpus) -> None:
    response = api.get(
        _url(corpus, "/export"), params={"format": "jsonl", "lang": "uk"}, as_="viewer"
    )
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert [json.loads(line)["lang"] for line in lines] == ["uk"]
    assert api.get(_url(corpus, "/export"), params={"format": "doc"}).status_code == 422
