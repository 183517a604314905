"""A realistic demo: a ministry of digital transformation, its units, people and projects.

Every name here is invented for the demo. Passwords are random per installation and kept in
var/demo-credentials.json so a second run prints the same ones; they are marked DEMO.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.monitoring.queries import find_project_by_slug
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import Role, Unit, UnitKind
from resonance.organization.queries import find_user_by_email
from resonance.organization.services import create_unit, create_user, grant_role

DEMO_ACTOR = Actor.system("demo loader")
DEMO_DOMAIN = "demo.resonance.local"

# (name, kind, country, timezone, children)
UnitSpec = tuple[str, UnitKind, str, str, list["UnitSpec"]]

TREE: UnitSpec = (
    "Ministry of Digital Transformation",
    UnitKind.MINISTRY,
    "UA",
    "Europe/Kyiv",
    [
        ("Communications Department", UnitKind.DEPARTMENT, "UA", "Europe/Kyiv", []),
        (
            "Digital Literacy Department",
            UnitKind.DEPARTMENT,
            "UA",
            "Europe/Kyiv",
            [
                (
                    "Kyiv Oblast Office",
                    UnitKind.PROVINCE,
                    "UA",
                    "Europe/Kyiv",
                    [
                        (
                            "Bila Tserkva District Office",
                            UnitKind.DISTRICT,
                            "UA",
                            "Europe/Kyiv",
                            [],
                        ),
                    ],
                ),
                ("Lviv Oblast Office", UnitKind.PROVINCE, "UA", "Europe/Kyiv", []),
            ],
        ),
        (
            "E-Services Department",
            UnitKind.DEPARTMENT,
            "UA",
            "Europe/Kyiv",
            [
                (
                    "Sở Thông tin và Truyền thông Đà Nẵng",
                    UnitKind.PROVINCE,
                    "VN",
                    "Asia/Ho_Chi_Minh",
                    [],
                ),
                ("Préfecture de la région Occitanie", UnitKind.PROVINCE, "FR", "Europe/Paris", []),
            ],
        ),
        (
            "Open Data Department",
            UnitKind.DEPARTMENT,
            "UA",
            "Europe/Kyiv",
            [
                ("浙江省数据局", UnitKind.PROVINCE, "CN", "Asia/Shanghai", []),
                (
                    "Управление цифрового развития Алматы",
                    UnitKind.PROVINCE,
                    "KZ",
                    "Asia/Almaty",
                    [],
                ),
            ],
        ),
    ],
)

# (e-mail local part, display name, role, unit name)
PEOPLE: list[tuple[str, str, Role, str]] = [
    ("admin", "Olena Admin (demo)", Role.ADMINISTRATOR, "Ministry of Digital Transformation"),
    ("lead", "Taras Lead (demo)", Role.COMMUNICATION_LEAD, "Ministry of Digital Transformation"),
    ("analyst", "Iryna Analyst (demo)", Role.ANALYST, "Communications Department"),
    ("focal", "Mykola Focal Point (demo)", Role.FOCAL_POINT, "Kyiv Oblast Office"),
    ("viewer", "Nguyễn Viewer (demo)", Role.VIEWER, "E-Services Department"),
]

PROJECTS: list[dict[str, object]] = [
    {
        "slug": "digital-literacy",
        "owner": "Digital Literacy Department",
        "starts_on": date(2026, 1, 15),
        "ends_on": date(2027, 6, 30),
        "names": {
            "en": "Digital literacy for all",
            "uk": "Цифрова грамотність для всіх",
            "ru": "Цифровая грамотность для всех",
            "vi": "Kỹ năng số cho mọi người",
            "zh": "全民数字素养",
            "fr": "Littératie numérique pour tous",
        },
        "description": "Free online and in-person courses so every adult can use public "
        "e-services safely. Goal: 6,000 mentions a day, 70 % positive tone.",
    },
    {
        "slug": "e-services",
        "owner": "E-Services Department",
        "starts_on": date(2025, 9, 1),
        "ends_on": None,
        "names": {
            "en": "Public e-services",
            "uk": "Публічні електронні послуги",
            "ru": "Государственные электронные услуги",
            "vi": "Dịch vụ công trực tuyến",
            "zh": "政务电子服务",
            "fr": "Services publics en ligne",
        },
        "description": "Moving the 100 most used administrative services online, with "
        "response-time goals for citizens' requests.",
    },
    {
        "slug": "open-data",
        "owner": "Open Data Department",
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 12, 31),
        "names": {
            "en": "Open data",
            "uk": "Відкриті дані",
            "ru": "Открытые данные",
            "vi": "Dữ liệu mở",
            "zh": "开放数据",
            "fr": "Données ouvertes",
        },
        "description": "Publishing registers as open data and consulting citizens on the "
        "draft open-data law.",
    },
]


@dataclass(frozen=True)
class DemoCredential:
    email: str
    password: str
    role: str
    unit: str


def _ensure_unit(session: Session, spec: UnitSpec, parent: Unit | None) -> None:
    name, kind, country, tz, children = spec
    parent_id = parent.id if parent else None
    unit = session.scalar(
        select(Unit).where(
            Unit.name == name,
            Unit.parent_id == parent_id if parent_id is not None else Unit.parent_id.is_(None),
        )
    )
    if unit is None:
        unit = create_unit(
            session,
            DEMO_ACTOR,
            name=name,
            kind=kind,
            parent_id=parent_id,
            country=country,
            timezone=tz,
        )
    for child in children:
        _ensure_unit(session, child, unit)


def _unit_named(session: Session, name: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        raise LookupError(f"demo unit {name!r} is missing")
    return unit


def _load_passwords(path: Path) -> dict[str, str]:
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return stored
    return {}


def _ensure_people(session: Session, credentials_file: Path) -> list[DemoCredential]:
    passwords = _load_passwords(credentials_file)
    result = []
    for local, display, role, unit_name in PEOPLE:
        email = f"{local}@{DEMO_DOMAIN}"
        password = passwords.setdefault(email, f"demo-{secrets.token_urlsafe(9)}")
        if find_user_by_email(session, email) is None:
            user = create_user(
                session, DEMO_ACTOR, email=email, display_name=display, password=password
            )
            grant_role(
                session,
                DEMO_ACTOR,
                user_id=user.id,
                unit_id=_unit_named(session, unit_name).id,
                role=role,
            )
        result.append(DemoCredential(email, password, role.value, unit_name))
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(json.dumps(passwords, indent=2), encoding="utf-8")
    credentials_file.chmod(0o600)
    return result


def _ensure_projects(session: Session) -> None:
    for spec in PROJECTS:
        if find_project_by_slug(session, str(spec["slug"])) is not None:
            continue
        create_project(
            session,
            DEMO_ACTOR,
            slug=str(spec["slug"]),
            names=dict(spec["names"]),  # type: ignore[call-overload]
            owner_unit_id=_unit_named(session, str(spec["owner"])).id,
            description=str(spec["description"]),
            starts_on=spec["starts_on"],  # type: ignore[arg-type]
            ends_on=spec["ends_on"],  # type: ignore[arg-type]
        )


def load_demo_organization(session: Session, *, var_dir: Path) -> list[DemoCredential]:
    """Create (or complete) the demo organisation; running it again changes nothing."""
    _ensure_unit(session, TREE, None)
    credentials = _ensure_people(session, var_dir / "demo-credentials.json")
    _ensure_projects(session)
    return credentials
