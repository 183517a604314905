"""Consultations on drafts: create, versions, stages, change links, anchors, dispositions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.consultation import queries, services
from resonance.consultation.models import Consultation, ConsultationVersion
from resonance.consultation.schemas import (
    AnchorConfirm,
    AnchorOut,
    ChangeLinkIn,
    ChangeLinkOut,
    ChangeOut,
    ChangeReason,
    ConsultationCreate,
    ConsultationOut,
    ConsultationUpdate,
    DispositionIn,
    HeatmapRowOut,
    SectionOut,
    StageAdvance,
    StageOut,
    StagePlan,
    SuggestOut,
    VersionOut,
    YouSaidOut,
)
from resonance.feedback.redaction import redact
from resonance.organization.access import Permission
from resonance.web.deps import Analyst, ProjectManager, SessionDep, Viewer

router = APIRouter(prefix="/consultations", tags=["consultations"])
Locale = Annotated[str, Query(max_length=8, description="Language of theme labels.")]


def _out(consultation: Consultation) -> ConsultationOut:
    return ConsultationOut.model_validate(consultation)


@router.get("")
def list_consultations(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    project_id: Annotated[int | None, Query(description="Only this project's.")] = None,
) -> Page[ConsultationOut]:
    """Consultations of projects you may see, newest first."""
    stmt = queries.consultations_query(actor, project_id=project_id)
    return paginate(session, stmt, ConsultationOut, page=page, request=request, response=response)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def create_consultation(
    session: SessionDep,
    actor: ProjectManager,
    body: ConsultationCreate,
    request: Request,
    response: Response,
) -> ConsultationOut:
    values = body.model_dump(exclude={"project_id"})
    created = services.create_consultation(
        session, actor, project_id=body.project_id, values=values
    )
    response.headers["Location"] = f"{request.url.path}/{created.id}"
    return _out(created)


@router.get("/{consultation_id}", responses=problem_responses(404))
def get_consultation(session: SessionDep, actor: Viewer, consultation_id: int) -> ConsultationOut:
    return _out(queries.access_consultation_for(session, actor, consultation_id))


@router.patch("/{consultation_id}", responses=problem_responses(404, 409))
def update_consultation(
    session: SessionDep, actor: ProjectManager, consultation_id: int, body: ConsultationUpdate
) -> ConsultationOut:
    """Change titles, summaries, language, slug or `published`; fields left out are kept."""
    current = queries.access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    values = {
        "slug": current.slug,
        "titles": current.titles,
        "summaries": current.summaries,
        "language": current.language,
        "published": current.published,
        **body.model_dump(exclude_unset=True, exclude_none=True),
    }
    return _out(services.update_consultation(session, actor, consultation_id, values=values))


def _version_out(session: SessionDep, version: ConsultationVersion) -> VersionOut:
    changes = [
        ChangeOut(
            id=view.change.id,
            section_key=view.change.section_key,
            kind=view.change.kind,
            reason=view.change.reason,
            item_references=view.item_refs,
            theme_ids=view.theme_ids,
        )
        for view in queries.version_changes(session, version)
    ]
    return VersionOut(
        id=version.id,
        number=version.number,
        title=version.title,
        source_name=version.source_name,
        source_format=version.source_format,
        note=version.note,
        imported_at=version.imported_at,
        sections=[SectionOut.model_validate(s) for s in version.sections],
        changes=changes,
    )


@router.post(
    "/{consultation_id}/versions",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 409),
)
async def upload_version(
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    file: Annotated[UploadFile, File(description="DOCX, HTML, Markdown or plain text.")],
    note: Annotated[str, Form(max_length=5_000)] = "",
) -> VersionOut:
    """Import a new version; its sections are compared with the previous version's."""
    version = services.import_version(
        session,
        actor,
        consultation_id,
        data=await file.read(),
        filename=file.filename,
        media_type=file.content_type,
        note=note,
    )
    return _version_out(session, version)


@router.get("/{consultation_id}/versions/{number}", responses=problem_responses(404))
def get_version(
    session: SessionDep, actor: Viewer, consultation_id: int, number: int
) -> VersionOut:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    return _version_out(session, queries.get_version(session, consultation.id, number))


@router.get("/{consultation_id}/stages", responses=problem_responses(404))
def list_stages(session: SessionDep, actor: Viewer, consultation_id: int) -> list[StageOut]:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    return [StageOut.model_validate(s) for s in queries.stage_rows(session, consultation.id)]


@router.put("/{consultation_id}/stages", responses=problem_responses(404))
def plan_stages(
    session: SessionDep, actor: ProjectManager, consultation_id: int, body: dict[str, StagePlan]
) -> list[StageOut]:
    """Planned dates per stage (keys: stage names); the current stage does not change."""
    dates = {name: (plan.starts_on, plan.ends_on) for name, plan in body.items()}
    consultation = services.plan_stages(session, actor, consultation_id, dates=dates)
    return [StageOut.model_validate(s) for s in queries.stage_rows(session, consultation.id)]


@router.post("/{consultation_id}/stages/advance", responses=problem_responses(404, 409))
def advance_stage(
    session: SessionDep, actor: ProjectManager, consultation_id: int, body: StageAdvance
) -> ConsultationOut:
    """Move forward to the next stage only, recording what was decided (409 otherwise)."""
    return _out(
        services.advance_stage(
            session, actor, consultation_id, to=body.to, decision_texts=body.decisions
        )
    )


@router.patch("/{consultation_id}/changes/{change_id}", responses=problem_responses(404))
def set_change_reason(
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    change_id: int,
    body: ChangeReason,
) -> ChangeReason:
    """Why the drafters changed the section (shown on the public changes page)."""
    change = services.set_change_reason(
        session, actor, consultation_id, change_id=change_id, reason=body.reason
    )
    return ChangeReason(reason=change.reason)


@router.post(
    "/{consultation_id}/changes/{change_id}/links",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404),
)
def link_change(
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    change_id: int,
    body: ChangeLinkIn,
) -> ChangeLinkOut:
    """Link the feedback that caused a change: one item of this consultation or one theme."""
    link = services.link_change(
        session, actor, consultation_id, change_id=change_id, **body.model_dump()
    )
    return ChangeLinkOut.model_validate(link)


@router.get("/{consultation_id}/anchors", responses=problem_responses(404))
def list_anchors(
    session: SessionDep,
    actor: Analyst,
    request: Request,
    response: Response,
    page: PageDep,
    consultation_id: int,
) -> Page[AnchorOut]:
    """Comments with a suggested section waiting for an analyst, best suggestions first."""
    consultation = queries.access_consultation_for(
        session, actor, consultation_id, Permission.ANALYSE
    )
    stmt = queries.anchor_queue_query(consultation.id)
    found = paginate(session, stmt, AnchorOut, page=page, request=request, response=response)
    if not actor.can(Permission.MANAGE_PROJECTS, consultation.project.owner_unit.path):
        found.items = [i.model_copy(update={"text": redact(i.text).text}) for i in found.items]
    return found


@router.post("/{consultation_id}/anchors/suggest", responses=problem_responses(404, 409))
def suggest_anchors(session: SessionDep, actor: Analyst, consultation_id: int) -> SuggestOut:
    """Suggest sections for comments that arrived by e-mail, import or API without one."""
    return SuggestOut(suggested=services.suggest_anchors(session, consultation_id, actor=actor))


@router.post("/{consultation_id}/anchors/{item_id}/confirm", responses=problem_responses(404, 409))
def confirm_anchor(
    session: SessionDep,
    actor: Analyst,
    consultation_id: int,
    item_id: int,
    body: AnchorConfirm,
) -> AnchorOut:
    item = services.confirm_anchor(
        session, actor, consultation_id, item_id=item_id, section_key=body.section_key
    )
    return AnchorOut.model_validate(item)


@router.post("/{consultation_id}/anchors/{item_id}/reject", responses=problem_responses(404, 409))
def reject_anchor(
    session: SessionDep, actor: Analyst, consultation_id: int, item_id: int
) -> AnchorOut:
    item = services.reject_anchor(session, actor, consultation_id, item_id=item_id)
    return AnchorOut.model_validate(item)


@router.get("/{consultation_id}/dispositions", responses=problem_responses(404))
def list_dispositions(
    session: SessionDep, actor: Viewer, consultation_id: int, lang: Locale = "en"
) -> list[YouSaidOut]:
    """The "you said, we did" rows: themes, counts, decisions, reasons and linked changes."""
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    rows = queries.you_said_we_did(session, consultation, lang)
    return [YouSaidOut.model_validate(row) for row in rows]


@router.put("/{consultation_id}/dispositions/{theme_id}", responses=problem_responses(404))
def set_disposition(
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    theme_id: int,
    body: DispositionIn,
) -> DispositionIn:
    theme = services.set_disposition(
        session,
        actor,
        consultation_id,
        theme_id=theme_id,
        disposition=body.disposition,
        reason=body.reason,
    )
    return DispositionIn(disposition=body.disposition, reason=theme.disposition_reason)


@router.get("/{consultation_id}/heatmap", responses=problem_responses(404))
def heatmap(session: SessionDep, actor: Viewer, consultation_id: int) -> list[HeatmapRowOut]:
    """Comments per section (and on the whole draft) with counts per tone."""
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    return [HeatmapRowOut.model_validate(r) for r in queries.section_heatmap(session, consultation)]
