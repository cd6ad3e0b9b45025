"""Plans in every state: CaseFactory(), CaseFactory(closed=True), with goals, actions, follow-ups."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from intake.factories import ConversationFactory
from intake.models import ConversationOutcome, ConversationStatus, LifeDomain

from .models import (
    Action,
    Actor,
    Assignment,
    Case,
    CaseOutcome,
    CaseStatus,
    CaseType,
    Consent,
    FollowUp,
    Goal,
    SharedPart,
    add_months,
)


class CaseTypeFactory(DjangoModelFactory):
    class Meta:
        model = CaseType
        django_get_or_create = ("code",)

    code = "standard"
    name = "Standaard plan"
    evaluation_interval_months = 3
    follow_up_months = factory.LazyFunction(lambda: [3, 12])


class CaseFactory(DjangoModelFactory):
    """An open plan of a finished "needs a plan" conversation; CaseFactory(closed=True) is closed."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    conversation = factory.SubFactory(ConversationFactory, status=ConversationStatus.FINISHED,
                                      outcome=ConversationOutcome.NEEDS_PLAN,
                                      finished_at=factory.LazyFunction(timezone.now))
    household = factory.SelfAttribute("conversation.household")
    director = factory.SelfAttribute("conversation.worker")
    case_type = factory.SubFactory(CaseTypeFactory)
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    next_evaluation_on = factory.LazyAttribute(lambda c: add_months(c.opened_on, 3))
    updated_by = factory.SelfAttribute("director")

    class Params:
        closed = factory.Trait(
            status=CaseStatus.CLOSED, outcome=CaseOutcome.GOALS_REACHED, close_reason="Doelen bereikt.",
            closed_on=factory.LazyFunction(timezone.localdate), next_evaluation_on=None, closure_count=1)

    @factory.post_generation
    def assignment(self, create, extracted, **kwargs):
        if create:
            Assignment.objects.create(case=self, director=self.director, start_on=self.opened_on,
                                      assigned_by=self.director)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    domain = factory.LazyFunction(lambda: LifeDomain.objects.get(code="financien"))
    text = "Ik wil weer overzicht over mijn geld."
    start_score = 2


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    case = factory.SubFactory(CaseFactory)
    description = "Samen de post doorlopen"
    actor = Actor.RESIDENT
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory, closed=True)
    closure = 1
    months = 3
    due_on = factory.LazyAttribute(lambda f: add_months(f.case.closed_on, f.months))


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory("partners.factories.OrganisationFactory")
    parts = factory.LazyFunction(lambda: [SharedPart.GOALS, SharedPart.ACTIONS])
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))
    recorded_by = factory.SelfAttribute("case.director")
