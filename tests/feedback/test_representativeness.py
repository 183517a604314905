"""Who answered: shares by region against population, cautions, channels."""

from __future__ import annotations

from sqlalchemy.orm import Session

from resonance.feedback.analysis import Scope
from resonance.feedback.representativeness import representativeness_of
from resonance.organization.models import UnitKind
from tests.factories import make_form, make_org, make_project, make_unit
from tests.feedback.analysis_data import add_item


def test_a_region_with_most_responses_is_flagged_against_its_population(session: Session) -> None:
    org = make_org(session)
    org.dept_a.population = 1_000_000
    make_unit(session, parent=org.dept_a, kind=UnitKind.PROVINCE, name="Kyiv").population = 200_000
    make_unit(session, parent=org.dept_a, kind=UnitKind.PROVINCE, name="Lviv").population = 300_000
    project = make_project(session, owner=org.dept_a)
    form = make_form(session, project=project)
    for n, region in enumerate(["Kyiv"] * 8 + ["  lviv "] + ["Atlantis"] + [None] * 2):
        add_item(
            session, form, f"Message number {n} about the local bus timetable.", region=region, n=n
        )
    who = representativeness_of(session, Scope(project.id))
    rows = {r.region: r for r in who.regions}
    assert who.total == 12
    assert who.population_configured
    kyiv = rows["Kyiv"]
    assert kyiv.responses == 8
    assert kyiv.population_share == 0.2
    assert kyiv.ratio == round((8 / 12) / 0.2, 2)
    assert kyiv.verdict == "over"
    assert rows["lviv"].verdict == "under"
    assert rows["lviv"].population == 300_000
    assert rows["Atlantis"].population is None
    assert rows["Atlantis"].verdict == "unknown"
    assert rows[None].responses == 2
    assert who.dominant is kyiv
    assert who.channels == {"web": 12}


def test_without_population_it_says_so(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_b)
    form = make_form(session, project=project)
    add_item(session, form, "Please fix the road near the school.", region="Odesa")
    add_item(session, form, "Please fix the road near the market.", region="Kharkiv", n=1)
    who = representativeness_of(session, Scope(project.id))
    assert not who.population_configured
    assert who.dominant is None
    assert all(r.ratio is None for r in who.regions)
