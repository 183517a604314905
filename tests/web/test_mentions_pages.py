"""Monitoring pages: mentions list, search, detail, HTMX analyst forms, exports, scope."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.ingest.models import Item
from resonance.monitoring.models import Mention
from tests.factories import Org
from tests.monitoring.mention_data import Corpus, make_corpus
from tests.web.conftest import csrf_of

SignIn = Callable[[str], TestClient]


@pytest.fixture
def corpus(session: Session, org: Org) -> Corpus:
    made = make_corpus(session, org.dept_a)
    item = session.get_one(Item, made.mentions["en"].item_id)
    item.title = "<script>alert('title')</script>"
    item.text = "<img src=x onerror=alert(1)> school meals"
    item.url = 'https://news.example/"><script>x</script>'
    session.commit()
    return made


def _url(corpus: Corpus, suffix: str = "") -> str:
    return f"/projects/{corpus.project.id}/mentions{suffix}"


def test_the_monitoring_link_leads_to_the_projects_mentions(
    signed_in: SignIn, corpus: Corpus
) -> None:
    client = signed_in("viewer")
    home = client.get("/")
    assert 'href="/monitoring"' in home.text
    page = client.get("/monitoring")
    assert page.status_code == 200
    assert f'href="{_url(corpus)}"' in page.text


def test_the_list_escapes_item_html_and_links_the_original_safely(
    signed_in: SignIn, corpus: Corpus
) -> None:
    page = signed_in("viewer").get(_url(corpus))
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert 'href="https://news.example/&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in page.text
    assert 'rel="noopener noreferrer"' in page.text
    assert "数字素养" in page.text
    assert "Mentions found: 6" in page.text


def test_search_and_filters_narrow_the_list_and_htmx_gets_the_fragment(
    signed_in: SignIn, corpus: Corpus
) -> None:
    client = signed_in("viewer")
    page = client.get(_url(corpus), params={"q": "реформа", "lang": "uk"})
    assert "Mentions found: 1" in page.text
    fragment = client.get(_url(corpus), params={"q": "改革"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="mention-list">')
    assert "Mentions found: 1" in fragment.text
    assert "<html" not in fragment.text


def test_bad_filters_and_huge_pages_answer_clearly(signed_in: SignIn, corpus: Corpus) -> None:
    client = signed_in("viewer")
    bad = client.get(_url(corpus), params={"since": "not-a-date"})
    assert bad.status_code == 422
    assert "not a date" in bad.text
    assert client.get(_url(corpus), params={"tone": "furious"}).status_code == 422
    huge = client.get(_url(corpus), params={"page": str(10**30)})
    assert huge.status_code == 200
    assert client.get(_url(corpus), params={"q": 'NEAR("x* (a'}).status_code == 200


def test_the_detail_page_shows_the_original_text(signed_in: SignIn, corpus: Corpus) -> None:
    client = signed_in("viewer")
    page = client.get(_url(corpus, f"/{corpus.mentions['uk'].id}"))
    assert page.status_code == 200
    assert "Міністерство освіти оголосило реформу шкільного харчування" in page.text
    assert client.get(_url(corpus, "/999999")).status_code == 404


def test_projects_outside_the_viewers_scope_are_not_found(
    session: Session, signed_in: SignIn, org: Org
) -> None:
    other = make_corpus(session, org.dept_b)
    client = signed_in("analyst")
    assert client.get(f"/projects/{other.project.id}/mentions").status_code == 404
    assert client.get(f"/projects/{other.project.id}/mentions/export").status_code == 404


def test_an_analyst_tags_and_corrects_tone_inline_with_htmx(
    session: Session, signed_in: SignIn, corpus: Corpus
) -> None:
    client = signed_in("analyst")
    page = client.get(_url(corpus))
    token = csrf_of(page.text)
    mid = corpus.mentions["ru"].id
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}

    added = client.post(_url(corpus, f"/{mid}/tags"), data={"tag": "<b>bold</b>"}, headers=htmx)
    assert added.status_code == 200
    assert added.text.lstrip().startswith(f'<li class="card mention" id="mention-{mid}"')
    assert "&lt;b&gt;bold&lt;/b&gt;" in added.text
    toned = client.post(
        _url(corpus, f"/{mid}/tone"), data={"tone": "positive", "expected_tone": ""}, headers=htmx
    )
    assert "(corrected)" in toned.text
    session.expire_all()
    mention = session.get_one(Mention, mid)
    assert (mention.tags, mention.tone_corrected) == (["<b>bold</b>"], "positive")

    stale = client.post(
        _url(corpus, f"/{mid}/tone"), data={"tone": "negative", "expected_tone": ""}, headers=htmx
    )
    assert stale.status_code == 422
    assert "Someone else corrected the tone" in stale.text
    bad = client.post(_url(corpus, f"/{mid}/tags"), data={"tag": "x" * 51}, headers=htmx)
    assert bad.status_code == 422
    assert 'role="alert"' in bad.text


def test_without_htmx_forms_redirect_and_need_the_csrf_token(
    signed_in: SignIn, corpus: Corpus
) -> None:
    client = signed_in("analyst")
    mid = corpus.mentions["fr"].id
    refused = client.post(_url(corpus, f"/{mid}/tags"), data={"tag": "rentrée"})
    assert refused.status_code == 403
    token = csrf_of(client.get(_url(corpus)).text)
    done = client.post(_url(corpus, f"/{mid}/tags"), data={"tag": "rentrée", "csrf_token": token})
    assert done.status_code == 303
    assert "rentrée" in client.get(done.headers["location"]).text
    removed = client.post(
        _url(corpus, f"/{mid}/tags/remove"), data={"tag": "rentrée", "csrf_token": token}
    )
    assert removed.status_code == 303


def test_viewers_see_no_forms_and_may_not_post(signed_in: SignIn, corpus: Corpus) -> None:
    client = signed_in("viewer")
    page = client.get(_url(corpus))
    assert "/tags" not in page.text
    token = csrf_of(page.text)
    mid = corpus.mentions["fr"].id
    response = client.post(_url(corpus, f"/{mid}/tags"), data={"tag": "x", "csrf_token": token})
    assert response.status_code == 403


def test_exports_download_the_filtered_set(signed_in: SignIn, corpus: Corpus) -> None:
    client = signed_in("viewer")
    response = client.get(_url(corpus, "/export"), params={"format": "csv", "lang": "zh"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.count("\r\n") == 2
    assert client.get(_url(corpus, "/export"), params={"format": "pdf"}).status_code == 422
