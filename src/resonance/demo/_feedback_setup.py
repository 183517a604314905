"""Demo feedback set-up: unit populations and hours, the project form, routing and templates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.demo._feedback_messages import TOPIC_OF
from resonance.demo._feedback_phrases import REGIONS
from resonance.demo._feedback_variety import REPLY_TEMPLATES
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackForm, ReplyTemplate
from resonance.feedback.replies import create_template
from resonance.feedback.routing import create_rule, set_routing_settings
from resonance.monitoring.models import Project
from resonance.organization.access import Actor
from resonance.organization.models import Unit
from resonance.organization.services import update_unit

FORM_SLUG = "digital-literacy-feedback"
PROJECT_SLUG = "digital-literacy"

# Invented figures: people each unit serves (None: keep as is); office hours for two units.
POPULATIONS: dict[str, int] = {
    "Kyiv Oblast Office": 1_781_000,
    "Bila Tserkva District Office": 392_000,
    "Lviv Oblast Office": 2_478_000,
    "Sở Thông tin và Truyền thông Đà Nẵng": 1_231_000,
    "Préfecture de la région Occitanie": 6_054_000,
    "浙江省数据局": 65_400_000,
    "Управление цифрового развития Алматы": 2_230_000,
}
OFFICE_HOURS: dict[str, dict[str, Any]] = {
    "Kyiv Oblast Office": {"days": [0, 1, 2, 3, 4], "start": "08:00", "end": "17:00"},
    "Lviv Oblast Office": {"days": [0, 1, 2, 3, 4, 5], "start": "09:00", "end": "16:00"},
}

_LANGS = ("uk", "ru", "en", "fr", "vi", "zh")
FORM_VALUES: dict[str, Any] = {
    "slug": FORM_SLUG,
    "titles": {
        "uk": "Ваша думка про програму «Цифрова грамотність для всіх»",
        "ru": "Ваше мнение о программе «Цифровая грамотность для всех»",
        "en": "Tell us about “Digital literacy for all”",
        "fr": "Votre avis sur « Littératie numérique pour tous »",
        "vi": "Góp ý về chương trình “Kỹ năng số cho mọi người”",
        "zh": "关于“全民数字素养”项目的意见",
    },
    "fields": [
        {
            "key": "topic",
            "type": "choice",
            "labels": {
                "uk": "Тема",
                "ru": "Тема",
                "en": "Topic",
                "fr": "Sujet",
                "vi": "Chủ đề",
                "zh": "主题",
            },
            "options": sorted(set(TOPIC_OF.values())),
            "required": True,
        },
        {
            "key": "settlement",
            "type": "text",
            "labels": {
                "uk": "Населений пункт",
                "ru": "Населённый пункт",
                "en": "Town or village",
                "fr": "Commune",
                "vi": "Xã, phường",
                "zh": "所在村镇",
            },
        },
        {
            "key": "region",
            "type": "region",
            "labels": {
                "uk": "Регіон",
                "ru": "Регион",
                "en": "Region",
                "fr": "Région",
                "vi": "Tỉnh, thành",
                "zh": "地区",
            },
            "options": sorted({r for regions in REGIONS.values() for r in regions}),
        },
    ],
    "collect_contact": True,
    "consent_texts": {
        "uk": "Я погоджуюся, щоб міністерство зберігало мої контакти рік, щоб відповісти мені.",
        "ru": "Я согласен(на), чтобы министерство хранило мои контакты год, чтобы ответить мне.",
        "en": "I agree that the ministry keeps my contact details for a year to answer me.",
        "fr": "J'accepte que le ministère conserve mes coordonnées un an pour me répondre.",
        "vi": "Tôi đồng ý để bộ lưu thông tin liên hệ của tôi trong một năm để trả lời.",
        "zh": "我同意主管部门保存我的联系方式一年，用于答复我。",
    },
    "retention_days": 365,
    "enabled": True,
}

# Rules, tried in order: (name, unit, keywords, regions, business hours allowed).
_RURAL = [
    "інтернет*", "зв'язку", "оптоволокно", "широкосмугов*", "интернет*", "связи",
    "оптоволокно", "internet", "broadband", "fibre", "connexion", "haut débit", "réseau",
    "mạng", "băng thông", "cáp quang", "网速", "宽带", "光纤", "信号", "网络",
]  # fmt: skip
RULES: list[tuple[str, str, list[str], list[str], float]] = [
    ("Offline services (ЦНАП letters)", "E-Services Department",
     ["ЦНАП", "паперові довідки"], [], 80.0),
    ("Personal data and privacy", "Open Data Department",
     ["персональн*", "дані", "даних", "данные", "данных", "personal data", "my data", "données",
      "dữ liệu", "个人信息", "数据"], [], 40.0),
    ("E-services login and signature", "E-Services Department",
     ["пароль", "код підтвердження", "ідентифікац*", "підпис*", "код подтверждения",
      "идентификац*", "подпис*", "log in", "login", "password", "signature", "mot de passe",
      "connecter", "đăng nhập", "mật khẩu", "ký số", "登录", "密码", "验证码", "签名"], [], 24.0),
    ("Rural internet: Bila Tserkva", "Bila Tserkva District Office", _RURAL,
     ["Bila Tserkva District Office"], 40.0),
    ("Rural internet: Kyiv Oblast", "Kyiv Oblast Office", _RURAL, ["Kyiv Oblast Office"], 40.0),
    ("Rural internet: Lviv Oblast", "Lviv Oblast Office", _RURAL, ["Lviv Oblast Office"], 40.0),
]  # fmt: skip
ESCALATION = [{"after_hours": 0, "level": 1}, {"after_hours": 16, "level": 2}]
AUTO_APPLY_THRESHOLD = 0.8


def unit_ids(session: Session) -> dict[str, int]:
    """Demo unit ids by name."""
    return {name: uid for uid, name in session.execute(select(Unit.id, Unit.name))}


def project_named(session: Session, slug: str) -> Project:
    project = session.scalar(select(Project).where(Project.slug == slug))
    if project is None:
        raise LookupError(f"demo project {slug!r} is missing; load the demo organisation first")
    return project


def find_demo_form(session: Session) -> FeedbackForm | None:
    return session.scalar(select(FeedbackForm).where(FeedbackForm.slug == FORM_SLUG))


def set_unit_offices(session: Session, actor: Actor) -> None:
    """Populations on the provinces and districts, office hours on two oblast offices."""
    for name, uid in unit_ids(session).items():
        if name not in POPULATIONS and name not in OFFICE_HOURS:
            continue
        unit = session.get(Unit, uid)
        assert unit is not None  # noqa: S101 - listed just above
        update_unit(
            session,
            actor,
            uid,
            population=POPULATIONS.get(name, unit.population),
            business_hours=OFFICE_HOURS.get(name, unit.business_hours),
            office=True,
        )


def create_demo_form(session: Session, actor: Actor, project: Project) -> FeedbackForm:
    return create_form(session, actor, project_id=project.id, values=FORM_VALUES)


def create_routing(session: Session, actor: Actor, project: Project, form: FeedbackForm) -> None:
    """The project's rules (form-specific), its threshold for learned suggestions, escalation."""
    units = unit_ids(session)
    for priority, (name, unit, keywords, regions, hours) in enumerate(RULES, start=1):
        create_rule(
            session,
            actor,
            project_id=project.id,
            values={
                "name": name,
                "priority": priority * 10,
                "form_id": form.id,
                "keywords": keywords,
                "regions": regions,
                "unit_id": units[unit],
                "deadline_hours": hours,
            },
        )
    set_routing_settings(
        session,
        actor,
        project_id=project.id,
        values={
            "auto_apply_threshold": AUTO_APPLY_THRESHOLD,
            "default_deadline_hours": 40,
            "escalation": ESCALATION,
        },
    )


def create_reply_templates(
    session: Session, actor: Actor, project: Project
) -> dict[str, ReplyTemplate]:
    """One template per language on the project's owner unit, limited to the project."""
    return {
        lang: create_template(
            session,
            actor,
            unit_id=project.owner_unit_id,
            name=f"Answer ({lang})",
            language=lang,
            body=body,
            project_id=project.id,
        )
        for lang, body in REPLY_TEMPLATES.items()
        if lang in _LANGS
    }
