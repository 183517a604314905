"""Feedback for the analysis tests: the labelled theme corpus plus one form-letter campaign."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from resonance.feedback.intake import Submission, submit_feedback
from resonance.feedback.models import FeedbackForm, FeedbackItem
from tests.factories import FEEDBACK_KEYS
from tests.feedback.campaign_cases import signed_letter
from tests.feedback.campaign_lang import POOLS
from tests.feedback.theme_corpus import messages

REGIONS = ("Kyiv", "Kyiv", "Lviv", "Odesa")


def add_item(
    session: Session, form: FeedbackForm, text: str, *, region: str | None = None, n: int = 0
) -> FeedbackItem:
    """One message as staff import it (no public rate limit), from its own sender."""
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(text=text, region=region),
        keys=FEEDBACK_KEYS,
        sender_address=f"203.0.113.{n % 250 + 1}:{n}",
        staff_import=True,
    )
    return receipt.item


def corpus(per_subject: int = 3) -> list[tuple[str, str, str]]:
    """(text, language, subject) for ``per_subject`` comments per subject and language."""
    msgs, gold = messages()
    return [(m.text, m.lang, gold[m.id]) for m in msgs if int(m.id.rsplit("-", 1)[1]) < per_subject]


def letters(n: int, seed: int = 8) -> list[str]:
    """``n`` signed copies of the English library letter (salutations, additions, names)."""
    rng = random.Random(seed)
    pool = POOLS["en"]
    return [signed_letter(rng, pool, pool.letters[0], "en")[0] for _ in range(n)]


def fill(
    session: Session, form: FeedbackForm, *, per_subject: int = 3, signers: int = 6
) -> tuple[dict[int, str], list[FeedbackItem]]:
    """Submit the corpus and a campaign through intake; subject per item id, and the letters."""
    subjects: dict[int, str] = {}
    for n, (text, _, subject) in enumerate(corpus(per_subject)):
        item = add_item(session, form, text, region=REGIONS[n % len(REGIONS)], n=n)
        subjects[item.id] = subject
    signed = [
        add_item(session, form, text, region="Kyiv", n=1000 + k)
        for k, text in enumerate(letters(signers))
    ]
    return subjects, signed
