"""The model distilled from embedded voices: its threshold, and when it declines to place."""

from __future__ import annotations

import numpy as np

from resonance.feedback._analysis_distil import MIN_THRESHOLD, choose_threshold, distil
from tests.feedback.varied_messages import generate

SUBJECTS = ("privacy", "school_devices", "accessibility")


def test_a_few_lucky_predictions_set_no_threshold_but_enough_do() -> None:
    confidence = np.linspace(0.99, 0.2, 40)
    assert choose_threshold(confidence[:8], np.ones(8, dtype=bool), 0.95)[0] > 1.0
    right = np.ones(40, dtype=bool)
    right[30:] = False  # the least confident quarter is wrong
    threshold, agreement, coverage = choose_threshold(confidence, right, 0.95)
    assert MIN_THRESHOLD <= threshold <= 1.0
    assert threshold > confidence[30]
    assert agreement == 1.0
    assert 0.5 < coverage <= 0.75


def test_distil_places_messages_of_learnt_subjects_and_declines_with_too_few_examples() -> None:
    made = generate(400, seed=3, langs=("en", "fr"), themes=SUBJECTS, letters=0.0, remarks=0.0)
    label = {subject: n for n, subject in enumerate(SUBJECTS)}
    examples = [(m.text, label[m.theme]) for m in made[:150]]
    voices = [(str(k), m.text) for k, m in enumerate(made[150:])]
    result = distil(examples, voices)
    assert result.held_out == len(examples)
    assert result.held_out_agreement >= 0.95
    assert len(result.placed) >= len(voices) // 2
    right = sum(made[150 + int(k)].theme == SUBJECTS[t] for k, t in result.placed.items())
    assert right / len(result.placed) >= 0.95
    assert distil(examples[:10], voices).placed == {}
