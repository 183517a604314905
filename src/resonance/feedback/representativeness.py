"""Who answered: responses by region and channel, against each region's share of the population."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.feedback._analysis_scope import Scope, item_filter
from resonance.feedback.models import FeedbackItem
from resonance.monitoring.models import Project
from resonance.organization.models import Unit

DOMINANT_SHARE = 0.5
"""A region holding more than this share of the responses gets a caution."""
OVER = 1.5
UNDER = 0.67


@dataclass(frozen=True, slots=True)
class RegionShare:
    """Responses of one region, its share of them and of the population (None: unknown)."""

    region: str | None
    responses: int
    share: float
    population: int | None = None
    population_share: float | None = None

    @property
    def ratio(self) -> float | None:
        """Share of responses over share of population: 1 is proportional, 3 is thrice."""
        if not self.population_share:
            return None
        return round(self.share / self.population_share, 2)

    @property
    def verdict(self) -> str:
        """ "over", "under", "proportional", or "unknown" without a population."""
        ratio = self.ratio
        if ratio is None:
            return "unknown"
        return "over" if ratio >= OVER else "under" if ratio <= UNDER else "proportional"


@dataclass(frozen=True, slots=True)
class Representativeness:
    """Responses by region and channel; ``dominant`` is a region that holds most of them."""

    total: int
    regions: list[RegionShare]
    channels: dict[str, int]
    population_configured: bool
    dominant: RegionShare | None


def representativeness_of(session: Session, scope: Scope) -> Representativeness:
    """Counts for the scope's messages (held ones aside); regions match unit names.

    A message's region matches a unit under the project's owner unit by name, ignoring case.
    A matched unit's population is compared with the owner unit's population or, where that
    is not set, with the sum of its direct sub-units' populations.
    """
    rows = session.execute(
        select(FeedbackItem.region, FeedbackItem.channel).where(*item_filter(scope))
    ).all()
    total = len(rows)
    by_region = Counter(_clean(r.region) for r in rows)
    channels = dict(Counter(str(r.channel) for r in rows).most_common())
    populations, whole = _populations(session, scope.project_id)
    regions = []
    for region, count in sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0] or "")):
        population = populations.get(region.casefold()) if region else None
        regions.append(
            RegionShare(
                region=region,
                responses=count,
                share=round(count / total, 4),
                population=population,
                population_share=round(population / whole, 4) if population and whole else None,
            )
        )
    dominant = next((r for r in regions if r.region and r.share > DOMINANT_SHARE), None)
    return Representativeness(total, regions, channels, bool(populations and whole), dominant)


def _clean(region: str | None) -> str | None:
    cleaned = " ".join((region or "").split())
    return cleaned or None


def _populations(session: Session, project_id: int) -> tuple[dict[str, int], int]:
    """Population by lower-cased unit name under the owner unit, and the whole it is part of."""
    project = session.get(Project, project_id)
    if project is None:
        return {}, 0
    owner = project.owner_unit
    units = session.scalars(
        select(Unit).where(Unit.path.startswith(owner.path), Unit.id != owner.id)
    ).all()
    populations = {u.name.casefold(): int(u.population) for u in units if u.population}
    children = sum(int(u.population or 0) for u in units if u.parent_id == owner.id)
    return populations, int(owner.population or 0) or children
