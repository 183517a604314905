"""Themes of a multilingual consultation: quality against labels, labels, quotes, analyst edits."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from resonance.feedback.themes import (
    OTHER_ID,
    LanguageMeans,
    Message,
    Theme,
    ThemeState,
    absorb,
    assign_new,
    find_themes,
    fit_language_means,
    merge_themes,
    move_message,
    rename_theme,
    split_theme,
    state_of,
)
from resonance.text.embedding import embed
from tests.feedback.theme_corpus import LANGS, messages

# A subject none of the labelled comments raise: access for people with disabilities.
NEW_SUBJECT = [
    Message(f"x-{lang}", text, lang)
    for lang, text in [
        ("en", "The portal must work with screen readers for blind and visually impaired people."),
        ("fr", "Le portail doit fonctionner avec les lecteurs d'écran pour les aveugles."),
        ("uk", "Портал має працювати з програмами екранного доступу для незрячих людей."),
        ("ru", "Портал должен работать с программами экранного доступа для слепых людей."),
        ("vi", "Cổng thông tin phải hỗ trợ phần mềm đọc màn hình cho người khiếm thị."),
        ("zh", "门户网站必须支持读屏软件，方便盲人和视障人士使用。"),
    ]
]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans]:
    msgs, gold = messages()
    vectors = embed([m.text for m in msgs])
    return msgs, gold, vectors, fit_language_means([m.lang for m in msgs], vectors)


@pytest.fixture(scope="module")
def themes(corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans]) -> list[Theme]:
    msgs, _, vectors, means = corpus
    return find_themes(msgs, vectors=vectors, means=means)


def _majority(theme: Theme, gold: dict[str, str]) -> str:
    return Counter(gold[mid] for mid in theme.member_ids).most_common(1)[0][0]


def test_themes_recover_the_labelled_subjects_across_languages(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans], themes: list[Theme]
) -> None:
    msgs, gold, _, _ = corpus
    found = {mid: theme.id for theme in themes for mid in theme.member_ids}
    assert sorted(found) == sorted(m.id for m in msgs)
    ari = adjusted_rand_score([gold[m.id] for m in msgs], [found[m.id] for m in msgs])
    purity = sum(
        Counter(gold[mid] for mid in t.member_ids).most_common(1)[0][1] for t in themes
    ) / len(msgs)
    print(f"themes={len(themes)} ARI={ari:.3f} purity={purity:.3f}")  # noqa: T201
    # Measured 0.958 and 1.000: the one extra theme is the "closing offices means long bus
    # trips" side of rural access, in all six languages.
    assert ari >= 0.8
    assert purity >= 0.95
    assert {_majority(t, gold) for t in themes if not t.is_other} == {
        "cost", "rural", "privacy", "deadline", "language"
    }  # fmt: skip
    for theme in themes:
        assert {m.lang for m in msgs if m.id in set(theme.member_ids)} == set(LANGS)


def test_labels_are_phrases_written_in_each_members_language(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans], themes: list[Theme]
) -> None:
    msgs, gold, _, _ = corpus
    by_id = {m.id: m for m in msgs}
    for theme in themes:
        assert set(theme.label) == {by_id[mid].lang for mid in theme.member_ids}
        for lang, label in theme.label.items():
            texts = " ".join(by_id[mid].text for mid in theme.member_ids if by_id[mid].lang == lang)
            separator = "、" if lang == "zh" else ", "
            for phrase in label.split(separator):
                assert phrase
                assert phrase.casefold() in texts.casefold(), (lang, phrase)
    privacy = next(t for t in themes if _majority(t, gold) == "privacy")
    assert "data" in privacy.label["en"]
    assert "données" in privacy.label["fr"]
    assert "дан" in privacy.label["uk"]
    assert "dữ liệu" in privacy.label["vi"]


def test_quotes_are_sentences_of_members_and_cite_them(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans], themes: list[Theme]
) -> None:
    msgs, _, _, _ = corpus
    by_id = {m.id: m for m in msgs}
    for theme in themes:
        assert 1 <= len(theme.quotes) <= 3
        assert len({q.message_id for q in theme.quotes}) == len(theme.quotes)
        for quote in theme.quotes:
            assert quote.message_id in theme.member_ids
            assert quote.sentence in by_id[quote.message_id].text


def test_outliers_go_to_the_other_bucket_and_runs_repeat(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans], themes: list[Theme]
) -> None:
    msgs, _, vectors, means = corpus
    odd = [
        Message("odd-en", "My cat knocked the flower pot off the balcony this morning.", "en"),
        Message("odd-fr", "Le concert de jazz au parc était magnifique hier soir.", "fr"),
    ]
    found = find_themes(
        msgs + odd, vectors=np.vstack([vectors, embed([m.text for m in odd])]), means=means
    )
    other = found[-1]
    assert other.id == OTHER_ID
    assert {"odd-en", "odd-fr"} <= set(other.member_ids)
    assert other.label == {"en": "Other", "fr": "Autres"}
    assert [(t.id, t.member_ids) for t in found[:-1]] == [(t.id, t.member_ids) for t in themes]


def test_new_messages_join_themes_keeping_analyst_labels_pins_and_exclusions() -> None:
    msgs, gold = messages()
    old = [m for m in msgs if not m.id.endswith("-4")]
    new = [m for m in msgs if m.id.endswith("-4")] + NEW_SUBJECT
    old_vectors = embed([m.text for m in old])
    means = fit_language_means([m.lang for m in old], old_vectors)
    first = find_themes(old, vectors=old_vectors, means=means)
    states = [state_of(t) for t in first if not t.is_other]
    by_gold = _largest_per_subject(first, gold)
    subject = {t.id: _majority(t, gold) for t in first}
    states = rename_theme(states, by_gold["cost"], {"en": "Fees", "fr": "Frais"})
    states = move_message(states, "en-cost-4", by_gold["privacy"])
    states = [
        replace(s, excluded_member_ids=frozenset({"fr-deadline-4"}))
        if s.id == by_gold["deadline"]
        else s
        for s in states
    ]

    result = assign_new(new, states, means=means)

    assert result.assigned["en-cost-4"] == by_gold["privacy"]
    assert result.assigned.get("fr-deadline-4") != by_gold["deadline"]
    labelled = [m for m in new if m.id in gold and m.id not in {"en-cost-4", "fr-deadline-4"}]
    given = [m for m in labelled if m.id in result.assigned]
    right = sum(subject[result.assigned[m.id]] == gold[m.id] for m in given)
    print(f"incremental: {len(given)}/{len(labelled)} assigned, {right} right")  # noqa: T201
    # Measured 24 of 28 assigned, all right; the rest waits as "unassigned" for an analyst.
    assert right == len(given)
    assert len(given) / len(labelled) >= 0.75
    assert not {m.id for m in NEW_SUBJECT} & set(result.assigned)
    candidate = {mid for theme in result.candidates for mid in theme.member_ids}
    assert len(candidate & {m.id for m in NEW_SUBJECT}) >= 5
    assert set(result.unassigned) | candidate | set(result.assigned) == {m.id for m in new}

    after = {s.id: s for s in absorb(states, result)}
    assert after[by_gold["cost"]].display_label == {"en": "Fees", "fr": "Frais"}
    assert "en-cost-4" in after[by_gold["privacy"]].all_member_ids
    assert "en-cost-4" not in after[by_gold["cost"]].all_member_ids
    assert "fr-deadline-4" not in after[by_gold["deadline"]].all_member_ids


def _largest_per_subject(themes: list[Theme], gold: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for theme in themes:  # largest first
        if not theme.is_other:
            found.setdefault(_majority(theme, gold), theme.id)
    return found


def _states(themes: list[Theme]) -> list[ThemeState]:
    return [state_of(t) for t in themes if not t.is_other]


def test_merge_then_split_gives_back_the_two_themes(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans], themes: list[Theme]
) -> None:
    msgs, gold, vectors, means = corpus
    states = _states(themes)
    by_gold = _largest_per_subject(themes, gold)
    cost, privacy = by_gold["cost"], by_gold["privacy"]
    states = rename_theme(states, privacy, {"en": "Personal data"})
    states = move_message(states, "en-language-0", cost)

    merged = merge_themes(states, [cost, privacy])

    assert len(merged) == len(states) - 1
    one = next(s for s in merged if s.id == cost)
    assert one.locked_label == {"en": "Personal data"}
    expected = {mid for mid, g in gold.items() if g in ("cost", "privacy")} | {"en-language-0"}
    assert one.all_member_ids == expected
    assert "en-language-0" in one.pinned_member_ids
    assert abs(float(np.linalg.norm(one.centroid)) - 1) < 1e-5

    split = split_theme(merged, cost, msgs, 2, vectors=vectors, means=means)

    children = [s for s in split if s.id.startswith(f"{cost}.")]
    assert [s.id for s in children] == [f"{cost}.1", f"{cost}.2"]
    assert len(split) == len(merged) + 1
    for child in children:
        subjects = Counter(gold[mid] for mid in child.member_ids if mid != "en-language-0")
        assert subjects.most_common(1)[0][1] == 30
        assert child.locked_label is None
        assert set(child.label) == set(LANGS)
    pinned = [s for s in children if "en-language-0" in s.pinned_member_ids]
    assert len(pinned) == 1


def test_small_inputs_give_no_theme_or_only_the_other_bucket(
    corpus: tuple[list[Message], dict[str, str], np.ndarray, LanguageMeans],
) -> None:
    msgs, _, vectors, means = corpus
    assert find_themes([], vectors=vectors[:0], means=means) == []
    (only,) = find_themes(msgs[:1], vectors=vectors[:1], means=means)
    assert only.is_other
    assert only.member_ids == [msgs[0].id]
    nothing = assign_new(msgs[:2], [], means=means, vectors=vectors[:2])
    assert nothing.assigned == {}
    assert sorted(nothing.unassigned) == sorted(m.id for m in msgs[:2])
    with pytest.raises(ValueError, match="differ in length"):
        find_themes(msgs[:3], vectors=vectors[:2], means=means)
