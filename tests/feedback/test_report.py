"""The "what we heard" report: cited summary sentences per theme, counts, tone, HTML."""

from __future__ import annotations

import re

import numpy as np
import pytest

from resonance.feedback.report import Report, label_in, render_html, what_we_heard
from resonance.feedback.themes import Message, Theme, find_themes, rename_theme, state_of
from resonance.text.embedding import embed
from tests.feedback.theme_corpus import messages

# Three comments per subject and language keep the file fast (90 messages).
MESSAGES, GOLD = messages()
SMALL = [m for m in MESSAGES if int(m.id.rsplit("-", 1)[1]) < 3]


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return embed([m.text for m in SMALL])


@pytest.fixture(scope="module")
def themes(vectors: np.ndarray) -> list[Theme]:
    return find_themes(SMALL, vectors=vectors, min_size=4)


@pytest.fixture(scope="module")
def report(vectors: np.ndarray, themes: list[Theme]) -> Report:
    return what_we_heard(SMALL, themes, lang="en", vectors=vectors)


def test_every_summary_sentence_cites_the_theme_messages_it_stands_on(
    report: Report, themes: list[Theme]
) -> None:
    by_id = {m.id: m for m in SMALL}
    members = {t.id: set(t.member_ids) for t in themes}
    cited_subjects: list[str] = []
    for section in report.sections:
        assert section.summary_sentences
        for sentence, ids in section.summary_sentences:
            assert ids
            assert set(ids) <= members[section.theme_id]
            assert sentence in by_id[ids[0]].text
            cited_subjects.extend(GOLD[i] for i in ids)
            # English sentences, supported by messages in other languages too.
            assert by_id[ids[0]].lang == "en"
        languages = {by_id[i].lang for _, ids in section.summary_sentences for i in ids}
        assert len(languages) >= 3
    counts = {s: cited_subjects.count(s) for s in set(cited_subjects)}
    assert max(counts.values()) / len(cited_subjects) < 0.5  # every subject is summarised


def test_sections_count_messages_and_share_tone(report: Report) -> None:
    assert report.total == len(SMALL)
    assert sum(s.counts.total for s in report.sections) == len(SMALL)
    assert [s.counts.total for s in report.sections] == sorted(
        (s.counts.total for s in report.sections), reverse=True
    )
    for section in report.sections:
        assert sum(section.counts.by_lang.values()) == section.counts.total
        assert 0 <= section.counts.detailed <= section.counts.total
        assert sum(section.tone_shares.values()) == pytest.approx(1, abs=1e-3)
    # Objections to a draft: mostly negative, whatever the language.
    overall = sum(s.tone_shares["negative"] * s.counts.total for s in report.sections)
    assert overall / report.total > 0.4


def test_labels_follow_the_report_language_and_analyst_names(
    vectors: np.ndarray, themes: list[Theme]
) -> None:
    states = rename_theme([state_of(t) for t in themes], themes[0].id, {"fr": "Les frais"})
    tones = {m.id: "negative" for m in SMALL}
    french = what_we_heard(SMALL, states, lang="fr", tones=tones, vectors=vectors)
    labels = {s.theme_id: s.theme_label for s in french.sections}
    assert labels[themes[0].id] == "Les frais"
    assert labels[themes[1].id] == themes[1].label["fr"]
    assert all(s.tone_shares == {"negative": 1.0, "neutral": 0.0, "positive": 0.0}
               for s in french.sections)  # fmt: skip
    assert label_in({"fr": "Frais", "en": "Fees"}, "zh") == "Fees"
    assert label_in({"uk": "Збір"}, "zh") == "Збір"


def test_html_links_every_citation_and_escapes_citizens_text(
    report: Report, vectors: np.ndarray
) -> None:
    html = render_html(report)
    cited = {i for s in report.sections for _, ids in s.summary_sentences for i in ids}
    assert set(re.findall(r'href="#msg-([^"]+)"', html)) == cited
    for section in report.sections:
        assert section.theme_label in html

    hostile = Message("en-evil", "Fees & charges: is 300 < 30? The fee is far too expensive!", "en")
    theme = Theme("t", {"en": "<b>Fees</b>"}, ["en-evil"], np.zeros(384, np.float32), [])
    small = what_we_heard([hostile], [theme], lang="en", tones={"en-evil": "negative"})
    page = render_html(small)
    assert "<b>" not in page
    assert "&lt;b&gt;Fees&lt;/b&gt;" in page
    assert "Fees &amp; charges: is 300 &lt; 30?" in page
    assert 'href="#msg-en-evil"' in page
