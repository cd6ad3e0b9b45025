"""The council report's client-satisfaction section (Wmo art. 2.5.1: publish the results)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.figures.base import Cell, Chart, Scope, Section, Table, figure

from .models import SurveySettings
from .selectors import satisfaction_by_statement


@figure("satisfaction", order=120)
def satisfaction(scope: Scope) -> Section:
    """Share agreeing per statement against the previous period. Each share carries its number of
    respondents as `residents`, so the engine suppresses shares resting on too few answers: below
    the report's threshold or the survey's own minimum, whichever is larger."""
    minimum = SurveySettings.current().min_respondents
    rows = [
        [Cell(f.text, unit="text"),
         Cell(f.share, unit="percent", residents=f.respondents, min_residents=minimum),
         Cell(f.previous_share, unit="percent", residents=f.previous_respondents, min_residents=minimum),
         Cell(f.respondents, unit="count", residents=f.respondents, min_residents=minimum)]
        for f in satisfaction_by_statement(date_from=scope.date_from, date_to=scope.date_to, zone_id=scope.zone_id)
    ]
    table = Table(
        caption=_("Share of respondents agreeing with each statement"),
        columns=[_("Statement"), _("Agreeing this period"), _("Agreeing previous period"), _("Respondents")],
        rows=rows, chart=Chart(kind="grouped_bar", value_columns=[1, 2]),
    )
    return Section(key="satisfaction", title=_("Client satisfaction"), tables=[table],
                   intro=_("Residents who answered the survey after a decision or the closure of their case. "
                           "Agreeing: 'agree' or 'strongly agree'."))
