"""Compose the demo's citizens' messages from the phrase bank, deterministically (seeded)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from resonance.demo._feedback_phrases import (
    CAMPAIGN_ADDITIONS,
    CAMPAIGN_TEMPLATE,
    CLOSERS,
    DETAILS,
    OPENERS,
    REGIONS,
    THEMES,
)
from resonance.demo._feedback_variety import (
    HELD,
    MONTHS,
    PERSONAL,
    PHONES,
    PLACES,
    SITUATION,
    STREETS,
    WHO,
)

SEED = 20261126  # one of the seeds whose only campaign is the form letter
DAYS = 45
MESSAGES = 2_700
CAMPAIGN_LETTERS = 300
LANGUAGE_WEIGHTS = {"uk": 40, "ru": 15, "en": 12, "fr": 10, "vi": 12, "zh": 11}
THEME_WEIGHTS = {
    "rural_internet": 22,
    "elderly_training": 20,
    "eservice_login": 18,
    "privacy": 14,
    "school_devices": 14,
    "accessibility": 12,
}
CHANNEL_WEIGHTS = {"web": 45, "widget": 20, "email": 15, "api": 10, "import": 10}
# The answer to the form's choice question for each theme.
TOPIC_OF = {
    "rural_internet": "internet",
    "elderly_training": "courses",
    "eservice_login": "e-services",
    "privacy": "e-services",
    "school_devices": "schools",
    "accessibility": "other",
}
CAMPAIGN = "campaign"
HELD_THEME = "held"


@dataclass(frozen=True)
class DemoMessage:
    """One message to submit: its text and how, when and from where it arrived."""

    number: int
    lang: str
    theme: str  # a phrase-bank theme, CAMPAIGN or HELD_THEME
    text: str
    region: str | None
    channel: str
    days_ago: float
    email: str | None = None
    name: str | None = None
    phone_in_text: bool = False

    @property
    def sender(self) -> str:
        """A documentation-range address per message (RFC 5737), so limits never bite."""
        return f"demo-sender-{self.number}@192.0.2.{self.number % 250 + 1}"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def personal(rng: random.Random, lang: str) -> str:
    """Who writes and from where: slots make each message's wording its own."""
    template = rng.choice(PERSONAL[lang])
    return template.format(
        who=rng.choice(WHO[lang]),
        place=rng.choice(PLACES[lang]),
        street=rng.choice(STREETS[lang]),
        n=rng.randint(5, 20),
    )


def situation(rng: random.Random, lang: str) -> str:
    """How long or how widely the problem has lasted, in slot-filled words."""
    return rng.choice(SITUATION[lang]).format(
        k=rng.randint(2, 9),
        month=rng.choice(MONTHS[lang]),
        place=rng.choice(PLACES[lang]),
        n=rng.randint(5, 20),
        street=rng.choice(STREETS[lang]),
    )


def _join(lang: str, parts: list[str]) -> str:
    kept = [p for p in parts if p]
    return ("" if lang == "zh" else " ").join(kept)


def _regular(rng: random.Random, number: int) -> DemoMessage:
    lang = _pick(rng, LANGUAGE_WEIGHTS)
    theme = _pick(rng, THEME_WEIGHTS)
    count = rng.choices((1, 2), weights=(55, 45))[0]
    body = rng.sample(THEMES[theme][lang], count)
    if rng.random() < 0.12:
        other = rng.choice([t for t in THEMES if t != theme])
        body.append(rng.choice(THEMES[other][lang]))
    if rng.random() < 0.25:
        body.append(rng.choice(DETAILS[lang]))
    # Two slot-filled sentences keep any two messages apart (see _feedback_variety).
    for extra in (personal(rng, lang), situation(rng, lang)):
        body.insert(rng.randint(0, len(body)), extra)
    phone = rng.random() < 0.02
    if phone:
        body.append(PHONES[lang].format(nn=f"{number % 100:02d}"))
    text = _join(lang, [rng.choice(OPENERS[lang]), *body, rng.choice(CLOSERS[lang])])
    contact = rng.random() < 0.1
    return DemoMessage(
        number=number,
        lang=lang,
        theme=theme,
        text=text,
        region=rng.choice(REGIONS[lang]) if rng.random() < 0.85 else None,
        channel=_pick(rng, CHANNEL_WEIGHTS),
        days_ago=DAYS * rng.random() ** 0.8,
        email=f"citizen{number}@example.org" if contact else None,
        name=f"Demo Citizen {number}" if contact and rng.random() < 0.6 else None,
        phone_in_text=phone,
    )


def _letter(rng: random.Random, number: int) -> DemoMessage:
    parts = [CAMPAIGN_TEMPLATE]
    if rng.random() < 0.45:
        parts.append(rng.choice(CAMPAIGN_ADDITIONS))
    if rng.random() < 0.3:
        parts.append(personal(rng, "uk"))
    return DemoMessage(
        number=number,
        lang="uk",
        theme=CAMPAIGN,
        text=" ".join(parts),
        region=rng.choice(REGIONS["uk"]),
        channel=rng.choice(("email", "email", "web", "import")),
        days_ago=12 + 6 * rng.random(),  # a burst, as form letters come
        email=f"signer{number}@example.org" if rng.random() < 0.15 else None,
    )


def compose_messages(*, scale: float = 1.0, seed: int = SEED) -> list[DemoMessage]:
    """The demo's messages, oldest first: regular ones, the form letters and a few held ones."""
    rng = random.Random(seed)  # noqa: S311 - demo text, not security
    regular = max(24, round(MESSAGES * scale))
    letters = max(6, round(CAMPAIGN_LETTERS * scale))
    messages = [_regular(rng, n) for n in range(regular)]
    messages += [_letter(rng, regular + n) for n in range(letters)]
    start = regular + letters
    for offset, (lang, text) in enumerate(HELD):
        messages.append(
            DemoMessage(start + offset, lang, HELD_THEME, text, None, "web", 1 + 3 * offset)
        )
    return sorted(messages, key=lambda m: (-m.days_ago, m.number))
