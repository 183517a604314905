"""Campaign detection: pairwise quality on the labelled set, incremental use, templates, deltas."""

from __future__ import annotations

import pytest

from resonance.feedback.campaigns import (
    CampaignDetector,
    Message,
    count_once,
    delta,
    detect,
    sentences,
    template,
)
from tests.feedback.campaign_cases import (
    LANGS,
    build_cases,
    found_pairs,
    precision_recall,
    true_pairs,
)
from tests.feedback.campaign_lang import POOLS


def test_it_finds_the_labelled_campaigns_with_high_pairwise_precision_and_recall() -> None:
    cases = build_cases()
    found = detect([case.message for case in cases])
    pairs = found_pairs(found)
    rows = [f"{'lang':<6}{'messages':>9}{'true pairs':>11}{'found':>7}{'P':>7}{'R':>7}"]
    for lang in (*LANGS, "all"):
        subset = [c for c in cases if lang in ("all", c.message.lang)]
        ids = {c.message.id for c in subset}
        expected = true_pairs(subset)
        mine = {pair for pair in pairs if pair <= ids}
        p, r = precision_recall(mine, expected)
        rows.append(f"{lang:<6}{len(subset):>9}{len(expected):>11}{len(mine):>7}{p:>7.3f}{r:>7.3f}")
    print("\nCampaign detection, pairwise:\n" + "\n".join(rows))  # noqa: T201
    precision, recall = precision_recall(pairs, true_pairs(cases))
    assert precision >= 0.95
    assert recall >= 0.90


def test_each_campaign_counts_once_and_keeps_every_member() -> None:
    cases = build_cases(seed=7, independents=40)
    messages = [case.message for case in cases]
    found = detect(messages)
    members = [m for campaign in found for m in campaign.member_ids]
    assert len(members) == len(set(members))
    assert all(campaign.size == len(campaign.member_ids) for campaign in found)
    in_campaigns = len(members)
    assert count_once(messages, found) == len(messages) - in_campaigns + len(found)


def test_it_reports_a_campaign_only_from_the_minimum_size_on() -> None:
    letter = " ".join(POOLS["en"].letters[0])
    detector = CampaignDetector(min_size=3)
    assert detector.add("a", f"Dear Sir or Madam,\n{letter}\nAnna Smith", "en") is None
    assert detector.add("b", f"{letter} My two children use it every week.", "en") is None
    assert detector.add("c", f"Hello,\n{letter}\nPeter Brown", "en") == "a"
    assert detector.add("b", "anything: already added", "en") == "a"
    assert detector.campaign_of("b") == "a"


def test_it_does_not_group_different_messages_on_the_same_topic() -> None:
    pool = POOLS["en"]
    texts = [
        " ".join(pool.letters[0]),
        "I oppose closing the central library on weekends because students need a quiet place "
        "and older residents use its free internet; please keep the weekend hours.",
        "Keeping the central library open on weekends costs money the council does not have. "
        "Students can study at home and older residents can go to the service centre.",
        "The library is the only quiet place where students can prepare for exams. "
        "Still, I think the council should rather extend the evening hours on weekdays.",
    ]
    detector = CampaignDetector(min_size=2)
    assert [detector.add(i, text, "en") for i, text in enumerate(texts)] == [None] * 4


def test_a_short_message_is_never_a_campaign_member() -> None:
    detector = CampaignDetector(min_size=2)
    for i in range(5):
        assert detector.add(i, "I support the plan.", "en") is None


@pytest.mark.parametrize("lang", LANGS)
def test_the_template_is_the_letter_without_salutations_signatures_or_personal_lines(
    lang: str,
) -> None:
    cases = [c for c in build_cases(seed=3) if c.message.lang == lang and c.campaign]
    found = detect([case.message for case in cases])
    letters = [{"".join(s.split()) for s in letter} for letter in POOLS[lang].letters]
    assert found
    # In a campaign of four, three signers may share a salutation or (in this small set) a name.
    for campaign in (c for c in found if c.size >= 10):
        kept = {"".join(s.split()) for s in sentences(campaign.template_text)}
        letter = next(letter for letter in letters if kept & letter)
        assert kept <= letter
        assert len(kept) >= 0.6 * len(letter)


DELTA_CASES = {
    "en": ("I have lived in this district for 31 years.", "My neighbours agree."),
    "fr": ("J'habite dans ce quartier depuis 31 ans.", "Mes voisins sont d'accord."),
    "uk": ("Я живу в цьому районі вже 31 рік.", "Мої сусіди згодні."),
    "ru": ("Я живу в этом районе уже 31 год.", "Мои соседи согласны."),
    "vi": ("Tôi đã sống ở quận này 31 năm.", "Hàng xóm của tôi đồng ý."),
    "zh": ("我在这个街区已经住了三十一年。", "我的邻居也同意。"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_delta_shows_what_the_signer_added_at_the_start_and_the_end(lang: str) -> None:
    letter = POOLS[lang].letters[1]
    sep = "" if lang == "zh" else " "
    base = sep.join(letter)
    first, last = DELTA_CASES[lang]
    hello, name = POOLS[lang].salutations[0], POOLS[lang].names[0]
    signed = f"{hello}\n{first}{sep}{base}{sep}{last}\n{name}"
    assert delta(base, signed) == [hello, first, last, name]


@pytest.mark.parametrize("lang", LANGS)
def test_delta_ignores_typos_and_reports_a_rewritten_sentence(lang: str) -> None:
    letter = list(POOLS[lang].letters[0])
    sep = "" if lang == "zh" else " "
    base = sep.join(letter)
    word_swap = letter[1][:6] + letter[1][7] + letter[1][6] + letter[1][8:]
    assert delta(base, sep.join([letter[0], word_swap, *letter[2:]])) == []
    rewritten = DELTA_CASES[lang][1]
    assert delta(base, sep.join([letter[0], rewritten, *letter[2:]])) == [rewritten]
    assert delta(base, base) == []


def test_sentences_split_latin_cyrillic_and_chinese_text() -> None:
    assert sentences("One. Two! Three?\nSigned") == ["One. ", "Two! ", "Three?\n", "Signed"]
    assert sentences("我反对。请保留！") == ["我反对。", "请保留！"]


def test_the_template_of_too_varied_texts_is_the_shortest_one() -> None:
    assert template(["Alpha beta.", "Gamma delta epsilon."]) == "Alpha beta."
    assert template([]) == ""


def test_batch_and_incremental_detection_agree() -> None:
    cases = build_cases(seed=11, independents=30)
    messages = [case.message for case in cases]
    detector = CampaignDetector()
    for message in messages:
        detector.add(message.id, message.text, message.lang)
    by_id = {m.id: m for m in messages}
    incremental = detector.campaigns(lambda i: by_id[i].text)
    assert [(c.id, c.member_ids) for c in incremental] == [
        (c.id, c.member_ids) for c in detect(messages)
    ]
    assert detector.indexed < len(messages)
    assert isinstance(messages[0], Message)
