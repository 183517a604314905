"""Analysis pages of feedback: overview, themes and their edits, campaigns, who answered, report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import Invalid, ResonanceError
from resonance.feedback._analysis_overview import theme_sizes
from resonance.feedback._analysis_scope import Scope, list_campaigns
from resonance.feedback._analysis_views import (
    access_campaign_for,
    campaign_signers,
    theme_messages,
)
from resonance.feedback.analysis import access_scope_for, overview_of, theme_stability
from resonance.feedback.analysis_jobs import embedder_for, request_analysis
from resonance.feedback.pdf import NO_CHROMIUM, find_chromium, html_to_pdf
from resonance.feedback.report_build import build_report
from resonance.feedback.representativeness import representativeness_of
from resonance.feedback.theme_editing import (
    access_theme_for,
    create_theme,
    merge_themes,
    move_item,
    rename_theme,
    split_theme,
)
from resonance.monitoring.queries import list_projects
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow
from resonance.tasks.api import get_backend
from resonance.text.language import LANGUAGES
from resonance.web.deps import Analyst, SessionDep, SettingsDep, Viewer, get_database
from resonance.web.templating import (
    form_errors,
    page_router,
    render,
    request_locale,
    see_other,
)

router = page_router()
Text = Annotated[str, Form(max_length=400)]
Ids = Annotated[str, Form(max_length=20_000)]


def _consultation(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _ids(value: str) -> list[int]:
    """Message or theme ids from a box or checkboxes: digits separated by anything else."""
    parts = value.replace(",", " ").split()
    if any(not p.isdigit() for p in parts):
        raise Invalid("Write message ids as numbers separated by spaces or commas.", field="ids")
    return [int(p) for p in parts]


def _scope(session: SessionDep, actor: Actor, project: int, consultation: str) -> Scope:
    return access_scope_for(session, actor, project, _consultation(consultation))


def _can_analyse(session: SessionDep, actor: Actor, scope: Scope) -> bool:
    try:
        access_scope_for(
            session, actor, scope.project_id, scope.consultation_id, Permission.ANALYSE
        )
    except ResonanceError:
        return False
    return True


CHOOSER = "/feedback/analysis"


@router.get("/feedback/analysis")
def overview_page(
    request: Request, session: SessionDep, actor: Viewer, project: int = 0, consultation: str = ""
) -> Response:
    if not project:
        projects = list_projects(session, actor)
        return render(request, "feedback/analysis/choose.html", {"projects": projects})
    scope = _scope(session, actor, project, consultation)
    context = {
        "scope": scope,
        "overview": overview_of(session, scope),
        "stability": theme_stability(session, scope),
        "can_analyse": _can_analyse(session, actor, scope),
    }
    return render(request, "feedback/analysis/overview.html", context)


@router.post("/feedback/analysis/run")
def run_analysis(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Analyst,
    project: Annotated[int, Form()],
    consultation: Text = "",
) -> Response:
    backend = get_backend(settings, get_database(request))
    done = request_analysis(
        session,
        actor,
        project_id=project,
        consultation_id=_consultation(consultation),
        backend=backend,
        now=utcnow(),
    )
    scope = Scope(done.project_id, done.consultation_id)
    return see_other(f"/feedback/analysis?{scope.query()}&notice=analysis-queued")


def _themes_page(
    request: Request, session: SessionDep, actor: Actor, scope: Scope, errors: dict[str, str]
) -> Response:
    context = {
        "scope": scope,
        "themes": theme_sizes(session, scope),
        "can_analyse": _can_analyse(session, actor, scope),
        "languages": LANGUAGES,
        "errors": errors,
    }
    return render(request, "feedback/analysis/themes.html", context, status=422 if errors else 200)


@router.get("/feedback/analysis/themes")
def themes_page(
    request: Request, session: SessionDep, actor: Viewer, project: int = 0, consultation: str = ""
) -> Response:
    if not project:
        return see_other(CHOOSER)
    return _themes_page(request, session, actor, _scope(session, actor, project, consultation), {})


def _theme_page(
    request: Request, session: SessionDep, actor: Actor, theme_id: int, errors: dict[str, str]
) -> Response:
    theme = access_theme_for(session, actor, theme_id)
    scope = Scope(theme.project_id, theme.consultation_id)
    shown, total = theme_messages(session, theme)
    context = {
        "scope": scope,
        "theme": theme,
        "messages": shown,
        "total": total,
        "others": [s.theme for s in theme_sizes(session, scope) if s.theme.id != theme.id],
        "can_analyse": _can_analyse(session, actor, scope),
        "languages": LANGUAGES,
        "errors": errors,
    }
    return render(request, "feedback/analysis/theme.html", context, status=422 if errors else 200)


@router.get("/feedback/analysis/themes/{theme_id}")
def theme_page(request: Request, session: SessionDep, actor: Viewer, theme_id: int) -> Response:
    return _theme_page(request, session, actor, theme_id, {})


@router.post("/feedback/analysis/themes/{theme_id}/rename")
def rename(
    request: Request, session: SessionDep, actor: Analyst, theme_id: int, lang: Text, label: Text
) -> Response:
    try:
        rename_theme(session, actor, theme_id, labels={lang: label})
    except Invalid as exc:
        session.rollback()
        return _theme_page(request, session, actor, theme_id, form_errors(exc))
    return see_other(f"/feedback/analysis/themes/{theme_id}?notice=saved")


@router.post("/feedback/analysis/themes/{theme_id}/split")
def split(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Analyst,
    theme_id: int,
    item_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    label: Text = "",
    lang: Text = "en",
) -> Response:
    try:
        child = split_theme(
            session,
            actor,
            theme_id,
            item_ids=_ids(" ".join(item_ids)),
            labels={lang: label} if label.strip() else None,
            embed=embedder_for(settings),
        )
    except Invalid as exc:
        session.rollback()
        return _theme_page(request, session, actor, theme_id, form_errors(exc))
    return see_other(f"/feedback/analysis/themes/{child.id}?notice=saved")


@router.post("/feedback/analysis/items/{item_id}/theme")
def move(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    item_id: int,
    theme_id: Annotated[int, Form()],
    back: Annotated[int, Form()] = 0,
) -> Response:
    try:
        move_item(session, actor, item_id, theme_id=theme_id)
    except Invalid as exc:
        session.rollback()
        return _theme_page(request, session, actor, back or theme_id, form_errors(exc))
    return see_other(f"/feedback/analysis/themes/{back or theme_id}?notice=saved")


@router.post("/feedback/analysis/themes/merge")
def merge(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project: Annotated[int, Form()],
    consultation: Text = "",
    theme_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    label: Text = "",
    lang: Text = "en",
) -> Response:
    scope = _scope(session, actor, project, consultation)
    try:
        kept = merge_themes(
            session,
            actor,
            theme_ids=_ids(" ".join(theme_ids)),
            labels={lang: label} if label.strip() else None,
        )
    except Invalid as exc:
        session.rollback()
        return _themes_page(request, session, actor, scope, form_errors(exc))
    return see_other(f"/feedback/analysis/themes/{kept.id}?notice=saved")


@router.post("/feedback/analysis/themes")
def create(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Analyst,
    project: Annotated[int, Form()],
    consultation: Text = "",
    label: Text = "",
    lang: Text = "en",
    item_ids: Ids = "",
) -> Response:
    scope = _scope(session, actor, project, consultation)
    try:
        theme = create_theme(
            session,
            actor,
            project_id=scope.project_id,
            consultation_id=scope.consultation_id,
            labels={lang: label},
            item_ids=_ids(item_ids),
            embed=embedder_for(settings),
        )
    except Invalid as exc:
        session.rollback()
        return _themes_page(request, session, actor, scope, form_errors(exc))
    return see_other(f"/feedback/analysis/themes/{theme.id}?notice=created")


@router.get("/feedback/analysis/campaigns")
def campaigns_page(
    request: Request, session: SessionDep, actor: Viewer, project: int = 0, consultation: str = ""
) -> Response:
    if not project:
        return see_other(CHOOSER)
    scope = _scope(session, actor, project, consultation)
    context = {"scope": scope, "campaigns": list_campaigns(session, scope)}
    return render(request, "feedback/analysis/campaigns.html", context)


@router.get("/feedback/analysis/campaigns/{campaign_id}")
def campaign_page(
    request: Request, session: SessionDep, actor: Viewer, campaign_id: int
) -> Response:
    campaign = access_campaign_for(session, actor, campaign_id)
    context = {"campaign": campaign, "signers": campaign_signers(session, campaign)}
    return render(request, "feedback/analysis/campaign.html", context)


@router.get("/feedback/analysis/representativeness")
def representativeness_page(
    request: Request, session: SessionDep, actor: Viewer, project: int = 0, consultation: str = ""
) -> Response:
    if not project:
        return see_other(CHOOSER)
    scope = _scope(session, actor, project, consultation)
    context = {"scope": scope, "who": representativeness_of(session, scope)}
    return render(request, "feedback/analysis/representativeness.html", context)


def _report_context(
    request: Request,
    session: SessionDep,
    settings: Any,
    actor: Actor,
    project: int,
    consultation: str,
) -> dict[str, Any]:
    scope = _scope(session, actor, project, consultation)
    lang = request_locale(request)
    heard = build_report(session, scope, lang=lang, now=utcnow(), embed=embedder_for(settings))
    return {"scope": scope, "heard": heard, "pdf_ready": find_chromium() is not None,
            "no_chromium": NO_CHROMIUM}  # fmt: skip


@router.get("/feedback/report")
def report_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Viewer,
    project: int = 0,
    consultation: str = "",
) -> Response:
    if not project:
        return see_other(CHOOSER)
    context = _report_context(request, session, settings, actor, project, consultation)
    return render(request, "feedback/analysis/report.html", context)


@router.get("/feedback/report/download")
def report_download(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Viewer,
    project: int = 0,
    consultation: str = "",
    format: str = "html",
) -> Response:
    if not project:
        return see_other(CHOOSER)
    context = _report_context(request, session, settings, actor, project, consultation)
    page = render(request, "feedback/analysis/report_document.html", context)
    name = f"what-we-heard-{project}"
    if format != "pdf":
        page.headers["Content-Disposition"] = f'attachment; filename="{name}.html"'
        return page
    pdf = html_to_pdf(bytes(page.body).decode("utf-8"), chromium=find_chromium())
    headers = {"Content-Disposition": f'attachment; filename="{name}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
