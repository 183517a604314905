"""Reform projects: list, read, create, change, delete."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import ProjectCreate, ProjectOut, ProjectUpdate
from resonance.monitoring import queries, services
from resonance.web.deps import ProjectManager, SessionDep, Viewer

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("")
def list_projects(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    search: Annotated[
        str | None, Query(max_length=200, description="Part of the slug, a name or description.")
    ] = None,
    owner_unit_id: Annotated[int | None, Query(description="Projects owned by this unit.")] = None,
    active_on: Annotated[
        date | None, Query(description="Projects running on this day (YYYY-MM-DD).")
    ] = None,
) -> Page[ProjectOut]:
    """Projects owned by units you may see, by slug."""
    stmt = queries.projects_query(
        actor, search=search, owner_unit_id=owner_unit_id, active_on=active_on
    )
    return paginate(session, stmt, ProjectOut, page=page, request=request, response=response)


@router.get("/{project_id}", responses=problem_responses(404))
def get_project(session: SessionDep, actor: Viewer, project_id: int) -> ProjectOut:
    return ProjectOut.model_validate(queries.access_project_for(session, actor, project_id))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def create_project(
    session: SessionDep,
    actor: ProjectManager,
    body: ProjectCreate,
    request: Request,
    response: Response,
) -> ProjectOut:
    project = services.create_project(session, actor, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{project.id}"
    return ProjectOut.model_validate(project)


@router.patch("/{project_id}", responses=problem_responses(404))
def update_project(
    session: SessionDep, actor: ProjectManager, project_id: int, body: ProjectUpdate
) -> ProjectOut:
    """Change names, description, owner unit or dates; `null` clears a date."""
    project = services.update_project(session, actor, project_id, **body.changes())
    return ProjectOut.model_validate(project)


@router.delete(
    "/{project_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_project(session: SessionDep, actor: ProjectManager, project_id: int) -> None:
    services.delete_project(session, actor, project_id)
