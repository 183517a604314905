"""The "what we heard" report as a PDF: Ukrainian and Chinese theme names come out as text."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

import pypdf
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.errors import Conflict
from resonance.feedback.analysis import analyse
from resonance.feedback.models import FeedbackTheme
from resonance.feedback.pdf import find_chromium, html_to_pdf
from resonance.feedback.theme_editing import rename_theme
from resonance.feedback.themes import OTHER_ID
from resonance.monitoring.models import Project
from tests.factories import SYSTEM, make_form
from tests.feedback.analysis_data import fill

LABELS = {"uk": "Плата за послуги надто висока", "zh": "申请费太贵"}


def _text(pdf: bytes) -> str:
    """The PDF's text, NFKC-folded (Chromium maps some Han glyphs to Kangxi radicals) and
    without spaces (pypdf splits Vietnamese and Chinese runs)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in pages))
    return re.sub(r"\s+", "", text)


@pytest.fixture
def project(session: Session, projects: dict[str, Project]) -> Project:
    project = projects["a"]
    fill(session, make_form(session, project=project), per_subject=2, signers=3)
    analyse(session, project_id=project.id, now=datetime(2026, 11, 25, tzinfo=UTC))
    theme = session.scalars(
        select(FeedbackTheme).where(
            FeedbackTheme.project_id == project.id, FeedbackTheme.key != OTHER_ID
        )
    ).first()
    assert theme is not None
    rename_theme(session, SYSTEM, theme.id, labels=LABELS)
    session.commit()
    return project


@pytest.mark.skipif(find_chromium() is None, reason="PDF reports need Chromium")
@pytest.mark.parametrize("lang", ["uk", "zh"])
def test_the_pdf_holds_the_theme_names_in_ukrainian_and_chinese(
    signed_in: Callable[[str], TestClient], project: Project, lang: str
) -> None:
    client = signed_in("viewer")
    response = client.get(
        f"/feedback/report/download?project={project.id}&format=pdf",
        headers={"Accept-Language": lang},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _text(response.content)
    assert LABELS[lang].replace(" ", "") in text
    assert "[1]" in text  # numbered citations of the appendix


def test_without_chromium_the_pdf_is_refused_with_what_to_install() -> None:
    with pytest.raises(Conflict, match="needs Chromium"):
        html_to_pdf("<p>x</p>", chromium=None)
