"""The "what we heard" report: per theme, summary sentences that cite their messages, and HTML."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2
import numpy as np

from resonance.feedback._theme_space import (
    EmbedFn,
    FloatArray,
    LanguageMeans,
    fit_language_means,
    unit_rows,
)
from resonance.feedback.detail import is_detailed
from resonance.feedback.themes import OTHER_ID, Message, Theme, ThemeState
from resonance.text.summary import summarize

SUPPORT_COSINE = 0.35
"""Least language-centred cosine between a summary sentence and a message that it stands on."""
MAX_CITED = 12
_MIN_SAME_LANGUAGE = 3


@dataclass(frozen=True, slots=True)
class SectionCounts:
    """How many messages a section covers, how many are detailed, and by language."""

    total: int
    detailed: int
    by_lang: dict[str, int]


@dataclass(frozen=True, slots=True)
class ReportSection:
    """One theme: its label, cited summary sentences, counts and tone shares."""

    theme_id: str
    theme_label: str
    summary_sentences: list[tuple[str, list[str]]]
    counts: SectionCounts
    tone_shares: dict[str, float]


@dataclass(frozen=True, slots=True)
class Report:
    """A "what we heard" report in one language (labels; quoted sentences keep their own)."""

    lang: str
    total: int
    sections: list[ReportSection]


def what_we_heard(
    messages: Sequence[Message],
    themes: Sequence[Theme | ThemeState],
    *,
    lang: str,
    tones: Mapping[str, str] | None = None,
    max_sentences: int = 3,
    vectors: FloatArray | None = None,
    embed: EmbedFn | None = None,
) -> Report:
    """Summarise each theme in sentences taken from its messages, each citing what it stands on.

    Sentences come from :func:`resonance.text.summary.summarize` over the theme's messages in
    ``lang`` when it has a few, over all of them otherwise. A sentence cites its own message
    first, then the theme's messages (in any language) whose centred embedding is within
    ``SUPPORT_COSINE`` of it, most similar first. ``tones`` (message id → label) defaults to
    the fast tone model.
    """
    embed = embed or _default_embed()
    raw = np.asarray(vectors if vectors is not None else embed([m.text for m in messages]))
    means = fit_language_means([m.lang for m in messages], raw)
    centred = means.centre(raw, [m.lang for m in messages])
    row = {m.id: i for i, m in enumerate(messages)}
    tone_of = dict(tones) if tones is not None else _predict_tones(messages)
    by_id = {m.id: m for m in messages}
    sections = []
    for theme in themes:
        members = [by_id[mid] for mid in _member_ids(theme) if mid in by_id]
        if not members:
            continue
        member_vectors = centred[[row[m.id] for m in members]]
        sentences = _cited_summary(members, member_vectors, means, lang, max_sentences, embed)
        sections.append(
            ReportSection(
                theme_id=theme.id,
                theme_label=label_in(_labels(theme), lang),
                summary_sentences=sentences,
                counts=section_counts(members),
                tone_shares=tone_shares([tone_of.get(m.id, "neutral") for m in members]),
            )
        )
    sections.sort(key=lambda s: (s.theme_id == OTHER_ID, -s.counts.total))
    return Report(lang, len(messages), sections)


def label_in(label: Mapping[str, str], lang: str) -> str:
    """The label in ``lang``, else in English, else in the first language it has."""
    if lang in label:
        return label[lang]
    if "en" in label:
        return label["en"]
    return next(iter(label.values()), "")


def _cited_summary(
    members: Sequence[Message],
    member_vectors: FloatArray,
    means: LanguageMeans,
    lang: str,
    max_sentences: int,
    embed: EmbedFn,
) -> list[tuple[str, list[str]]]:
    same = [m for m in members if m.lang == lang]
    pool = same if len(same) >= _MIN_SAME_LANGUAGE else members
    picked = summarize([(m.id, m.text) for m in pool], max_sentences=max_sentences, embed=embed)
    if not picked:
        return []
    lang_of = {m.id: m.lang for m in members}
    sentence_vectors = unit_rows(np.asarray(embed([s.text for s in picked]), dtype=np.float32))
    centred = means.centre(sentence_vectors, [lang_of[s.source_id] for s in picked])
    similarity = centred @ member_vectors.T
    cited: list[tuple[str, list[str]]] = []
    for i, sentence in enumerate(picked):
        order = np.argsort(-similarity[i], kind="stable")
        support = [members[j].id for j in order if similarity[i, j] >= SUPPORT_COSINE]
        ids = [sentence.source_id, *(mid for mid in support if mid != sentence.source_id)]
        cited.append((sentence.text, ids[:MAX_CITED]))
    return cited


def _member_ids(theme: Theme | ThemeState) -> list[str]:
    if isinstance(theme, Theme):
        return list(theme.member_ids)
    return sorted(theme.all_member_ids)


def _labels(theme: Theme | ThemeState) -> dict[str, str]:
    return theme.label if isinstance(theme, Theme) else theme.display_label


def section_counts(members: Sequence[Message]) -> SectionCounts:
    by_lang = Counter(m.lang for m in members)
    detailed = sum(1 for m in members if is_detailed(m.text, m.lang))
    return SectionCounts(len(members), detailed, dict(sorted(by_lang.items())))


def tone_shares(labels: Sequence[str]) -> dict[str, float]:
    counts = Counter(labels)
    return {
        tone: round(counts[tone] / len(labels), 4) for tone in ("negative", "neutral", "positive")
    }


def _predict_tones(messages: Sequence[Message]) -> dict[str, str]:
    from resonance.text.tone import predict_tone

    results = predict_tone([m.text for m in messages], [m.lang for m in messages], path="fast")
    return {m.id: r.label for m, r in zip(messages, results, strict=True)}


def _default_embed() -> EmbedFn:
    from resonance.text.embedding import embed

    return embed


_TEMPLATE = """\
<section class="what-we-heard" lang="{{ report.lang }}">
<p class="total">{{ report.total }} messages</p>
{% for section in report.sections %}
<article class="theme" id="section-{{ section.theme_id }}">
<h2>{{ section.theme_label }} <small>({{ section.counts.total }})</small></h2>
<ul class="summary">
{% for sentence, ids in section.summary_sentences %}
<li>{{ sentence }}
{%- for id in ids %} <a href="#msg-{{ id }}">[{{ loop.index }}]</a>{% endfor %}</li>
{% endfor %}
</ul>
<p class="tone">{% for tone, share in section.tone_shares.items() %}\
{{ tone }} {{ "%.0f"|format(share * 100) }} %{% if not loop.last %} · {% endif %}{% endfor %}</p>
</article>
{% endfor %}
</section>
"""

_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_html(report: Report) -> str:
    """The report as an HTML fragment; sentences link to ``#msg-<id>`` anchors of the messages.

    Text is escaped (messages are citizens' input). PDF output is left to the reports package.
    """
    return _ENV.from_string(_TEMPLATE).render(report=report)
