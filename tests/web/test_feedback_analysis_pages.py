"""Analysis pages through HTTP: overview, theme edits, campaign deltas, who answered, report."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.feedback.analysis import analyse
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.feedback.themes import OTHER_ID
from resonance.monitoring.models import Project
from resonance.tasks.models import TaskRecord
from tests.factories import make_form
from tests.feedback.analysis_data import add_item, fill
from tests.web.conftest import csrf_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def analysed(session: Session, projects: dict[str, Project]) -> Project:
    project = projects["a"]
    form = make_form(session, project=project)
    fill(session, form, per_subject=2, signers=4)
    add_item(session, form, "Call me on +380 44 123 4567 about the fee, it is far too high.", n=77)
    analyse(session, project_id=project.id, now=NOW)
    session.commit()
    return project


def _themes(session: Session, project: Project) -> list[FeedbackTheme]:
    stmt = select(FeedbackTheme).where(
        FeedbackTheme.project_id == project.id,
        FeedbackTheme.retired.is_(False),
        FeedbackTheme.key != OTHER_ID,
    )
    return list(session.scalars(stmt.order_by(FeedbackTheme.id)))


def test_the_overview_counts_campaigns_once_and_offers_a_run(
    signed_in: Callable[[str], TestClient], session: Session, analysed: Project
) -> None:
    client = signed_in("analyst")
    page = client.get(f"/feedback/analysis?project={analysed.id}")
    assert page.status_code == 200
    assert "4 messages in 1 campaigns, counted once" in page.text
    run = client.post(
        "/feedback/analysis/run", data={"project": analysed.id, "csrf_token": csrf_of(page.text)}
    )
    assert run.status_code == 303
    queued = session.scalar(
        select(func.count(TaskRecord.id)).where(TaskRecord.name == "feedback.analyse")
    )
    assert queued == 1


def test_an_analyst_renames_merges_moves_and_splits_through_forms(
    signed_in: Callable[[str], TestClient], session: Session, analysed: Project
) -> None:
    client = signed_in("analyst")
    first, second, third = _themes(session, analysed)[:3]
    page = client.get(f"/feedback/analysis/themes/{first.id}")
    token = csrf_of(page.text)
    renamed = client.post(
        f"/feedback/analysis/themes/{first.id}/rename",
        data={"lang": "uk", "label": "Плата за послуги <b>", "csrf_token": token},
    )
    assert renamed.status_code == 303
    shown = client.get(f"/feedback/analysis/themes/{first.id}?lang=uk").text
    assert "Плата за послуги &lt;b&gt;" in shown
    bad = client.post(
        f"/feedback/analysis/themes/{first.id}/rename",
        data={"lang": "uk", "label": "  ", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "Give the theme a name" in bad.text

    merged = client.post(
        "/feedback/analysis/themes/merge",
        data={"project": analysed.id, "theme_ids": [second.id, third.id], "csrf_token": token},
    )
    assert merged.status_code == 303
    session.expire_all()
    assert session.get(FeedbackTheme, third.id).retired  # type: ignore[union-attr]

    members = session.scalars(
        select(FeedbackItem.id).where(FeedbackItem.theme_id == first.id).order_by(FeedbackItem.id)
    ).all()
    moved = client.post(
        f"/feedback/analysis/items/{members[0]}/theme",
        data={"theme_id": second.id, "back": first.id, "csrf_token": token},
    )
    assert moved.status_code == 303
    split = client.post(
        f"/feedback/analysis/themes/{first.id}/split",
        data={"item_ids": [str(members[1]), str(members[2])], "label": "", "csrf_token": token},
    )
    assert split.status_code == 303
    session.expire_all()
    item = session.get(FeedbackItem, members[0])
    assert item is not None
    assert item.theme_id == second.id
    assert item.theme_pinned


def test_a_viewer_sees_themes_but_cannot_edit_them(
    signed_in: Callable[[str], TestClient], session: Session, analysed: Project
) -> None:
    client = signed_in("viewer")
    theme = _themes(session, analysed)[0]
    page = client.get(f"/feedback/analysis/themes?project={analysed.id}")
    assert page.status_code == 200
    assert "Merge the ticked themes" not in page.text
    detail = client.get(f"/feedback/analysis/themes/{theme.id}")
    assert detail.status_code == 200
    response = client.post(
        f"/feedback/analysis/themes/{theme.id}/rename",
        data={"lang": "en", "label": "X", "csrf_token": csrf_of(detail.text)},
    )
    assert response.status_code == 403


def test_campaign_page_shows_the_template_and_each_signers_addition_redacted(
    signed_in: Callable[[str], TestClient], session: Session, analysed: Project
) -> None:
    client = signed_in("viewer")
    listing = client.get(f"/feedback/analysis/campaigns?project={analysed.id}")
    campaign_id = re.search(r"/feedback/analysis/campaigns/(\d+)", listing.text).group(1)  # type: ignore[union-attr]
    page = client.get(f"/feedback/analysis/campaigns/{campaign_id}")
    assert page.status_code == 200
    assert "library" in page.text
    assert "What each signer added" in page.text


def test_who_answered_says_when_population_is_missing_and_cautions(
    signed_in: Callable[[str], TestClient], analysed: Project
) -> None:
    page = signed_in("viewer").get(f"/feedback/analysis/representativeness?project={analysed.id}")
    assert page.status_code == 200
    assert "population not configured" in page.text
    assert "Kyiv" in page.text


def test_the_report_cites_redacted_messages_and_downloads_as_html(
    signed_in: Callable[[str], TestClient], session: Session, analysed: Project
) -> None:
    client = signed_in("viewer")
    page = client.get(f"/feedback/report?project={analysed.id}")
    assert page.status_code == 200
    anchors = set(re.findall(r'href="#(msg-[mc]\d+)"', page.text))
    assert anchors
    assert all(f'id="{anchor}"' in page.text for anchor in anchors)
    assert "+380 44 123 4567" not in page.text
    download = client.get(f"/feedback/report/download?project={analysed.id}&format=html")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.text.startswith("<!doctype html>")
