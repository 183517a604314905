"""Redaction of personal data: measured recall and precision, formats, and robustness."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.feedback.redaction import LABELS, Redaction, redact
from tests.feedback.pii_cases import Case, Gen, non_pii_cases, pii_cases
from tests.feedback.pii_held_out import held_out_non_pii_cases, held_out_pii_cases

MIN_RECALL = 0.98
MAX_FALSE_POSITIVE_RATE = 0.02


def _covered(result: Redaction, kind: str, start: int, end: int, text: str) -> bool:
    """A gold span counts as masked when all its digits and most of its characters are masked."""
    mask = bytearray(len(text))
    for span in result.spans:
        mask[span.start : span.end] = b"\1" * (span.end - span.start)
    chars = [i for i in range(start, end) if not text[i].isspace()]
    digits = [i for i in chars if text[i].isdigit()]
    share = sum(mask[i] for i in chars) / max(1, len(chars))
    return all(mask[i] for i in digits) and share >= (0.6 if kind == "address" else 0.9)


@dataclass
class Measured:
    """Recall per slice (kind, language, all), span precision, false-positive rate."""

    recall: dict[str, float]
    n: dict[str, int]
    precision: float
    fp_rate: float
    n_negative: int
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def table(self, title: str) -> str:
        lines = [title, f"{'slice':<12}{'n':>6}{'recall':>9}"]
        lines += [f"{k:<12}{self.n[k]:>6}{self.recall[k]:>9.3f}" for k in sorted(self.recall)]
        lines.append(f"span precision on PII set: {self.precision:.3f}")
        lines.append(
            f"false-positive rate on {self.n_negative} look-alike sentences: {self.fp_rate:.3f}"
        )
        lines += [f"  missed {m}" for m in self.misses[:20]]
        lines += [f"  false positive {t!r}" for t in self.false_positives[:20]]
        return "\n".join(lines)


def measure(positives: list[Case], negatives: list[Case]) -> Measured:
    """Recall per kind and language, span precision, false positives on look-alike numbers."""
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    stray = masked = 0
    misses: list[str] = []
    for case in positives:
        result = redact(case.text)
        for kind, start, end in case.gold:
            ok = _covered(result, kind, start, end, case.text)
            for key in (kind, f"lang:{case.lang}", "all"):
                totals[key] += 1
                hits[key] += ok
            if not ok:
                misses.append(f"{kind}: {case.text!r}")
        for span in result.spans:
            masked += 1
            stray += not any(span.start < e and s < span.end for _, s, e in case.gold)
    false_pos = [c.text for c in negatives if redact(c.text).spans]
    return Measured(
        recall={k: hits[k] / totals[k] for k in totals},
        n=dict(totals),
        precision=1 - stray / max(1, masked),
        fp_rate=len(false_pos) / len(negatives),
        n_negative=len(negatives),
        false_positives=false_pos,
        misses=misses,
    )


@pytest.fixture(scope="module")
def measured() -> Measured:
    result = measure(pii_cases(), non_pii_cases())
    print("\n" + result.table("Development set (formats and phrasing the rules were tuned on)"))  # noqa: T201
    return result


@pytest.fixture(scope="module")
def held_out() -> Measured:
    result = measure(held_out_pii_cases(), held_out_non_pii_cases())
    print("\n" + result.table("Held-out set (phrasing written after tuning, fresh values)"))  # noqa: T201
    return result


def test_the_test_set_is_big_enough() -> None:
    assert len(pii_cases()) >= 400
    assert len(non_pii_cases()) >= 200
    assert {c.lang for c in pii_cases()} == {"uk", "ru", "zh", "vi", "fr", "en"}


def test_recall_is_at_least_98_percent_overall_and_per_kind(measured: Measured) -> None:
    low = {k: v for k, v in measured.recall.items() if v < MIN_RECALL}
    assert not low, low


def test_look_alike_numbers_are_rarely_masked(measured: Measured) -> None:
    assert measured.fp_rate <= MAX_FALSE_POSITIVE_RATE, measured.false_positives


def test_held_out_sentences_meet_the_same_targets(held_out: Measured) -> None:
    low = {k: v for k, v in held_out.recall.items() if v < MIN_RECALL}
    assert not low, low
    assert held_out.fp_rate <= MAX_FALSE_POSITIVE_RATE, held_out.false_positives


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Мій тел. +38 (050) 123-45-67", "phone"),
        ("Звоните 8 (912) 345-67-89", "phone"),
        ("我的手机号码是13812345678", "phone"),
        ("SĐT 0912 345 678", "phone"),
        ("Appelez le 06 12 34 56 78", "phone"),
        ("Call (415) 555-2671 today", "phone"),
        ("Call +44 20 7946 0958", "phone"),
        ("пишіть на ivan.petrenko@ukr.net", "email"),
        ("IBAN UA213223130000026007233566001", "iban"),
        ("IBAN FR14 2004 1010 0505 0001 3M02 606", "iban"),
        ("карта 4111 1111 1111 1111", "card"),
        ("身份证 11010519491231002X", "id"),
        ("ИНН 500100732259", "id"),
        ("СНИЛС 112-233-445 95", "id"),
        ("SIRET 732 829 320 00074", "id"),
        ("NIR 2 55 08 14 168 025 38", "id"),
        ("паспорт МЕ 123456", "id"),
        ("адреса: вул. Хрещатик, 22, кв. 5", "address"),
        ("j'habite 12 rue de la Paix", "address"),
        ("住在北京市朝阳区建国路88号", "address"),
    ],
)
def test_it_masks_known_formats(text: str, kind: str) -> None:
    result = redact(text)
    assert [s.kind for s in result.spans] == [kind]
    assert LABELS[kind] in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Згідно зі статтею 12 Закону № 2657-VIII від 12.03.2024",
        "Сума 1 234 567 грн, 15 %",
        "Order #40213377 shipped on 12.03.2024",
        "第12条 2024年3月12日",
        "Accueil de 09:00 à 17:00, le 12/03/2024",
    ],
)
def test_it_leaves_ordinary_numbers_alone(text: str) -> None:
    assert redact(text).spans == []


def test_spans_point_into_the_original_and_labels_can_be_translated() -> None:
    text = "mail a@b.co or call +33 6 12 34 56 78"
    result = redact(text, labels={"email": "[courriel]", "phone": "[téléphone]"})
    assert result.text == "mail [courriel] or call [téléphone]"
    assert [text[s.start : s.end] for s in result.spans] == ["a@b.co", "+33 6 12 34 56 78"]


def test_countries_narrow_the_national_formats() -> None:
    assert redact("13812345678", countries=["FR"]).spans == []
    assert redact("13812345678", countries=["CN"]).spans


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1_000_000,
        "1 " * 500_000,
        "a@" * 300_000,
        "a." * 400_000 + "@",
        "+(" * 300_000,
        "вул. " + "А" * 500_000,
        "12 rue " + "Aa " * 200_000,
        "路" * 300_000 + "1号",
        "0-" * 400_000,
        "\ud800\u200f😀 тел. 050 123 45 67 \u202e" * 20_000,
    ],
    ids=range(10),
)
def test_adversarial_megabyte_inputs_finish_quickly(text: str) -> None:
    started = time.perf_counter()
    redact(text)
    # Linear scans: about 1-3 s per MB on a laptop; the bound is loose for loaded CI machines.
    assert time.perf_counter() - started < 30


_GEN = Gen(3)
_SECRETS = [_GEN.card().replace(" ", "").replace("-", "") for _ in range(20)] + [
    _GEN.phone("uk") for _ in range(10)
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=300))
def test_redact_never_raises_and_drops_the_digits_it_masks(before: str, after: str) -> None:
    text = before + " " + after
    result = redact(text)
    rebuilt, pos = [], 0
    for span in result.spans:
        assert pos <= span.start < span.end <= len(text)
        rebuilt += [text[pos : span.start], span.replacement]
        pos = span.end
    assert "".join([*rebuilt, text[pos:]]) == result.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(_SECRETS), st.text(max_size=80))
def test_an_embedded_card_or_phone_never_survives(before: str, secret: str, after: str) -> None:
    # Line breaks around the secret: keyword context is read on the secret's own line only.
    text = f"{before}\n{secret}\n{after}"
    result = redact(text)
    digits = re.sub(r"\D", "", secret)
    assert digits not in re.sub(r"\D", "", result.text.replace(before, "").replace(after, ""))


def test_it_returns_the_input_when_there_is_nothing_to_mask() -> None:
    assert redact("") == Redaction("", [])
    assert redact("Дякуємо за роботу!").text == "Дякуємо за роботу!"


def test_case_records_are_consistent() -> None:
    case: Case = pii_cases()[0]
    for _, start, end in case.gold:
        assert 0 <= start < end <= len(case.text)
