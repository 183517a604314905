"""An analyst's first pass over the themes found: name the largest, merge two alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.feedback.analysis import Scope, ThemeStability, theme_stability
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.feedback.theme_editing import merge_themes, rename_theme
from resonance.feedback.themes import OTHER_ID
from resonance.organization.access import Actor

# Names an analyst gives, per phrase-bank theme (demo text, CC0).
THEME_LABELS: dict[str, dict[str, str]] = {
    "rural_internet": {"en": "Rural internet", "uk": "Інтернет у селах", "ru": "Интернет в сёлах",
                       "fr": "Internet rural", "vi": "Internet nông thôn", "zh": "农村网络"},
    "elderly_training": {"en": "Courses for older people", "uk": "Курси для літніх людей",
                         "ru": "Курсы для пожилых", "fr": "Ateliers pour les seniors",
                         "vi": "Lớp học cho người cao tuổi", "zh": "老年人培训"},
    "eservice_login": {"en": "E-services login", "uk": "Вхід до е-послуг",
                       "ru": "Вход в е-услуги", "fr": "Connexion aux démarches",
                       "vi": "Đăng nhập dịch vụ công", "zh": "政务平台登录"},
    "privacy": {"en": "Personal data", "uk": "Персональні дані", "ru": "Персональные данные",
                "fr": "Données personnelles", "vi": "Dữ liệu cá nhân", "zh": "个人信息"},
    "school_devices": {"en": "School devices", "uk": "Техніка для шкіл", "ru": "Техника для школ",
                       "fr": "Matériel scolaire", "vi": "Thiết bị trường học", "zh": "学校设备"},
    "accessibility": {"en": "Accessibility", "uk": "Доступність", "ru": "Доступность",
                      "fr": "Accessibilité", "vi": "Tiếp cận", "zh": "无障碍"},
    "campaign": {"en": "Keep offline services", "uk": "Зберегти офлайн-послуги",
                 "ru": "Сохранить офлайн-услуги", "fr": "Garder les guichets",
                 "vi": "Giữ dịch vụ trực tiếp", "zh": "保留线下服务"},
}  # fmt: skip


@dataclass(frozen=True)
class AnalystEdits:
    renamed: int | None
    merged: tuple[int, ...]
    stability: ThemeStability


def _dominant(
    session: Session, themes: list[FeedbackTheme], origin: Mapping[int, str]
) -> dict[int, tuple[str, int]]:
    rows = session.execute(
        select(FeedbackItem.id, FeedbackItem.theme_id).where(
            FeedbackItem.theme_id.in_([t.id for t in themes])
        )
    ).all()
    counts: dict[int, Counter[str]] = {t.id: Counter() for t in themes}
    for item_id, theme_id in rows:
        # A form letter is one voice: its hundreds of copies would outvote everything.
        if item_id in origin and theme_id is not None and origin[item_id] != "campaign":
            counts[theme_id][origin[item_id]] += 1
    return {tid: (c.most_common(1)[0][0], c.total()) for tid, c in counts.items() if c}


def edit_themes(
    session: Session, actor: Actor, *, project_id: int, origin: Mapping[int, str]
) -> AnalystEdits:
    """Rename the largest theme after what it holds; merge the first two that say one thing.

    `origin` gives each demo message's phrase-bank theme (what an analyst would read).
    """
    themes = list(
        session.scalars(
            select(FeedbackTheme).where(
                FeedbackTheme.project_id == project_id,
                FeedbackTheme.consultation_id.is_(None),
                FeedbackTheme.retired.is_(False),
                FeedbackTheme.key != OTHER_ID,
            )
        )
    )
    dominant = _dominant(session, themes, origin)
    ranked = sorted(dominant, key=lambda tid: -dominant[tid][1])
    renamed = merged = None
    if ranked:
        renamed = ranked[0]
        rename_theme(session, actor, renamed, labels=THEME_LABELS[dominant[renamed][0]])
    by_topic: dict[str, list[int]] = {}
    for tid in ranked[1:]:
        by_topic.setdefault(dominant[tid][0], []).append(tid)
    pair = next((ids[:2] for ids in by_topic.values() if len(ids) >= 2), ranked[-2:])
    if len(pair) == 2 and renamed not in pair:
        topic = dominant[pair[0]][0]
        merge_themes(session, actor, theme_ids=pair, labels=THEME_LABELS[topic])
        merged = tuple(pair)
    return AnalystEdits(renamed, merged or (), theme_stability(session, Scope(project_id, None)))
