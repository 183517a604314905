"""The vacuous-reply check on a labelled set in six languages, and its rules one by one."""

from __future__ import annotations

import pytest

from resonance.feedback._vacuous import GENERIC, TEMPLATE_ONLY, TOO_SHORT, check_reply
from tests.feedback.reply_cases import SET, Case, cases

CASES = cases()


def _flagged(case: Case) -> list[str]:
    spec = SET[case.language]
    template = spec.template if case.uses_template else None
    return [
        w.code
        for w in check_reply(spec.question, case.body, template=template, language=case.language)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_labelled_reply_is_judged_as_labelled(case: Case) -> None:
    assert bool(_flagged(case)) is case.vacuous, _flagged(case)


def test_precision_and_recall_hold_in_every_language() -> None:
    for lang in SET:
        found = [(bool(_flagged(c)), c.vacuous) for c in CASES if c.language == lang]
        flagged_right = sum(1 for flagged, vacuous in found if flagged and vacuous)
        flagged = sum(1 for f, _ in found if f)
        vacuous = sum(1 for _, v in found if v)
        assert flagged_right / flagged >= 0.9, lang  # precision
        assert flagged_right / vacuous >= 0.9, lang  # recall


@pytest.mark.parametrize("lang", sorted(SET))
def test_each_rule_names_its_own_finding(lang: str) -> None:
    spec = SET[lang]
    assert TEMPLATE_ONLY in [
        w.code
        for w in check_reply(spec.question, spec.template, template=spec.template, language=lang)
    ]
    assert [w.code for w in check_reply(spec.question, spec.far_too_short, language=lang)] == [
        TOO_SHORT
    ]
    assert GENERIC in [w.code for w in check_reply(spec.question, spec.generic[0], language=lang)]


def test_a_short_question_may_get_a_short_answer() -> None:
    question = "When does the swimming pool on Lesi Ukrainky street open?"
    assert check_reply(question, "The pool opens on 1 June at 8:00.", language="en") == []


def test_the_reference_and_links_do_not_count_as_specific_words() -> None:
    body = "Thank you, RSN-ABCD-EFGH is received: https://example.gov/status/abc"
    assert [w.code for w in check_reply("Fix the bridge.", body, language="en")] == [GENERIC]


def test_an_unlisted_language_is_checked_with_the_word_analyzer() -> None:
    warnings = check_reply("Bitte reparieren Sie die Brücke.", "Danke.", language="de")
    assert [w.code for w in warnings] == [GENERIC]
