"""Page-shaped reads with their joins decided once, so each page runs a fixed number of queries."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import FETCH_RAISE, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Action as PlanAction
from cases.models import Goal
from intake.models import Arrears, SelfRelianceScore, Threat, restricted_resident_ids
from intake.timeline import TimelineEvent

from .models import SEARCH_CONFIG, Person, Referral, ReferralStatus

SEARCH_LIMIT = 50


def _prefix_query(text: str) -> SearchQuery | None:
    """Every word as a stemmed prefix, all required: "schulden" becomes 'schuld':*, which also
    matches "schuldhulp". Only word characters reach to_tsquery, so no operator can be injected."""
    words = re.findall(r"\w+", text.lower())[:8]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=SEARCH_CONFIG)


def directory_search(*, text: str = "", zone_id: int | None = None, organisation_id: int | None = None,
                     limit: int = SEARCH_LIMIT) -> list[Person]:
    """Full-text search with Dutch stemming over the stored search vector (GIN index), or-ed with
    trigram word similarity over the same text (GIN trigram index) so a typo still hits. Two
    queries whatever the size of the directory: the people, and their zones."""
    qs: QuerySet[Person] = Person.objects.active()
    if zone_id:
        qs = qs.filter(zones=zone_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    text = text.strip()[:100]
    query = _prefix_query(text)
    if query is not None:
        qs = qs.annotate(
            rank=SearchRank(F("search_vector"), query),
            similarity=TrigramWordSimilarity(text, "search_text"),
        ).filter(Q(search_vector=query) | Q(search_text__trigram_word_similar=text))
        qs = qs.order_by(Greatest(F("rank"), F("similarity"), output_field=FloatField()).desc(), "name")
    else:
        qs = qs.annotate(rank=Value(0.0)).order_by("name")
    return list(qs.select_related("organisation").prefetch_related("zones").fetch_mode(FETCH_RAISE)[:limit])


def organisation_page(*, organisation, include_inactive: bool) -> dict[str, Any]:
    people = Person.objects.filter(organisation=organisation)
    if not include_inactive:
        people = people.active()
    return {
        "services": list(organisation.services.filter(active=True).order_by("name")),
        "finding_places": list(organisation.finding_places.select_related("zone").order_by("name")
                               .fetch_mode(FETCH_RAISE)),
        "people": list(people.select_related("organisation").prefetch_related("zones").order_by("name")
                       .fetch_mode(FETCH_RAISE)),
    }


def referral_list(*, user, today: datetime.date, status: str = "", overdue_only: bool = False,
                  limit: int = 200) -> list[Referral]:
    """Staff see the referrals of requests they may see; a partner worker the referrals to their
    organisation under active consent. Overdue acceptances first, then newest."""
    qs = Referral.objects.visible_to(user, today=today)
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.acceptance_overdue(today)
    return list(
        qs.select_related("service", "organisation", "resident", "sender", "partner_contact")
        .order_by("-sent_on", "-id").fetch_mode(FETCH_RAISE)[:limit]
    )


@dataclass
class Handover:
    """What the partner may read: only the parts the resident consented to share."""

    request_question: str = ""
    summary: dict[str, str] = field(default_factory=dict)
    scores: list[tuple[str, int, str]] = field(default_factory=list)
    debts: dict[str, Any] = field(default_factory=dict)
    # From the plan, when the referral came from one: (life domain, goal) and
    # (what, who, by when, status), read live so the partner sees the plan as it stands.
    goals: list[tuple[str, str]] = field(default_factory=list)
    actions: list[tuple[str, str, datetime.date, str]] = field(default_factory=list)


def referral_handover(*, referral: Referral) -> Handover:
    handover = Handover()
    if referral.share_request:
        handover.request_question = referral.help_request.question
    if referral.case_id is not None:
        _plan_handover(handover, referral)
    conversation = referral.conversation
    if conversation is None:
        return handover
    if referral.share_summary:
        handover.summary = {
            _("Own strength"): conversation.own_strength,
            _("Network"): conversation.network,
            _("General provisions considered"): conversation.general_provisions_considered,
            _("Agreements and next steps"): conversation.outcome_note,
        }
    if referral.share_scores:
        handover.scores = list(
            SelfRelianceScore.objects.filter(conversation=conversation, score__isnull=False)
            .order_by("domain__position").values_list("domain__name", "score", "note")
        )
    if referral.share_debts:
        handover.debts = {
            "arrears": [str(Arrears(a).label) for a in conversation.arrears if a in Arrears.values],
            "threats": [str(Threat(t).label) for t in conversation.threats if t in Threat.values],
            "note": conversation.debt_note,
            "urgent": conversation.debt_urgent,
        }
    return handover


def _plan_handover(handover: Handover, referral: Referral) -> None:
    """Only the plan parts the resident consented to; evaluations and the rest of the plan never."""
    if referral.share_goals:
        handover.goals = list(Goal.objects.filter(case_id=referral.case_id)
                              .order_by("domain__position", "id").values_list("domain__name", "text"))
    if referral.share_actions:
        actions = (PlanAction.objects.filter(case_id=referral.case_id).select_related("organisation", "worker")
                   .order_by("due_on", "id").fetch_mode(FETCH_RAISE))
        handover.actions = [(a.description, a.who, a.due_on, str(a.get_status_display())) for a in actions]


def plan_referrals(*, case, user, today: datetime.date) -> list[Referral]:
    """The referrals sent from this plan that the user may see, newest first: one query
    whatever their number (the plan page's list)."""
    return list(
        Referral.objects.visible_to(user, today=today).filter(case=case)
        .select_related("service", "organisation").order_by("-sent_on", "-id").fetch_mode(FETCH_RAISE)
    )


def referral_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Referrals on the household's and the resident's timeline (one query)."""
    if not household_ids and not resident_ids:
        return []
    # As for decisions: a restricted former member's referrals stay hidden (AVG art. 18).
    referrals = (Referral.objects.filter(Q(household_id__in=household_ids) | Q(resident_id__in=resident_ids))
                 .exclude(resident_id__in=restricted_resident_ids()).select_related("organisation", "service"))
    return [
        TimelineEvent(
            on=r.sent_on, kind="referral",
            title=_("Referral to %(organisation)s") % {"organisation": r.organisation.name},
            obj=r, url=reverse("partners:referral", args=[r.pk]),
            detail=f"{r.service.name}: {r.get_status_display()}",
        )
        for r in referrals
    ]
