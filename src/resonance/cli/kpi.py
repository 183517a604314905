"""`resonance kpi ...`: list KPIs and evaluate them (value, n, interval, status)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from resonance.cli.common import database, fail, reports_errors
from resonance.kpi import evaluate_kpis, list_kpis
from resonance.organization.access import Actor
from resonance.storage.base import utcnow
from resonance.storage.engine import session_scope

kpi_app = typer.Typer(help="KPIs: list and evaluate.", no_args_is_help=True)
OPERATOR = Actor.system("cli")


@kpi_app.command("list")
@reports_errors
def list_() -> None:
    """List KPIs with their current definition."""
    with session_scope(database().sessions) as session:
        for kpi in list_kpis(session, OPERATOR):
            v = kpi.current
            target = f"{v.target:g}" + (f"–{v.target_high:g}" if v.target_high is not None else "")
            window = f"rolling {v.window_days} d" if v.window_days else str(v.window)
            typer.echo(
                f"{kpi.id:>5}  v{v.version:<3} {v.metric:<16} {window:<12} {v.comparator} "
                f"{target:<10} {v.deadline_on or '-'}  {kpi.name}"
            )


@kpi_app.command("evaluate")
@reports_errors
def evaluate(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="ISO timestamp with zone (default: now)")
    ] = None,
) -> None:
    """Evaluate every KPI: last complete window, interval, completeness, status."""
    at = utcnow()
    if as_of:
        try:
            at = datetime.fromisoformat(as_of)
        except ValueError:
            fail(f"{as_of!r} is not an ISO timestamp.")
        if at.tzinfo is None:
            fail("--as-of needs a time zone, e.g. 2024-03-20T12:00+02:00.")
    with session_scope(database().sessions) as session:
        kpis = list_kpis(session, OPERATOR)
        for e in evaluate_kpis(session, kpis, as_of=at):
            c = e.current
            if e.state != "ok" or c is None or c.value is None:
                typer.echo(f"{e.kpi_id:>5}  {e.status:<11} {e.message}")
                continue
            ci = "" if c.low is None else f" [{c.low:.4g}, {c.high:.4g}]"
            p = f"  p={e.forecast.probability:.0%}" if e.forecast else ""
            typer.echo(
                f"{e.kpi_id:>5}  {e.status:<11} {c.value:.4g}{ci} n={c.n} "
                f"({c.first_day}–{c.last_day}, complete {c.completeness:.0%}){p}"
            )
