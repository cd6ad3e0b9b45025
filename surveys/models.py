"""The client-satisfaction survey (cliëntervaringsonderzoek, Wmo art. 2.5.1).

Invitations belong to a resident (whom to write to); responses belong to nobody. A response keeps
only what the report needs (zone, the day it was answered, what it followed) and has no link back
to the invitation or the resident, so no query, export or admin page can put an answer next to a
name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class SurveySettings(SingletonSettings):
    """The municipality's survey settings (one row), maintained by the functional administrator."""

    expiry_days = models.PositiveSmallIntegerField(
        _("invitation valid for (days)"), default=60,
        help_text=_("After this many days the link and the code in an invitation no longer work."))
    no_repeat_days = models.PositiveSmallIntegerField(
        _("no new invitation within (days)"), default=180,
        help_text=_("A resident who was invited less than this many days ago is not invited again."))
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum number of respondents"), default=5,
        help_text=_("Figures resting on fewer respondents are not shown, so that nobody can be recognised."))

    class Meta:
        verbose_name = _("survey settings")
        verbose_name_plural = _("survey settings")


class Statement(models.Model):
    """One statement of the questionnaire. The texts are data: the functional administrator keeps
    them in both languages, because gettext cannot translate what is stored in the database."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nl = models.CharField(_("text (Dutch)"), max_length=255)
    text_en = models.CharField(_("text (English)"), max_length=255,
                               help_text=_("Shown when the resident switches the page to English."))
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Inactive statements are no longer asked; earlier answers stay in the figures."))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text_nl

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nl").startswith("en") else self.text_nl


class SourceKind(models.TextChoices):
    DECISION = "decision", _("Decision sent")
    CLOSURE = "closure", _("Case closed")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Printed letter")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvitationQuerySet:
        """An invitation is as visible as the decision or case it follows."""
        from cases.models import Case
        from mandates.models import Decision

        return self.filter(Q(decision__in=Decision.objects.visible_to(user))
                           | Q(case__in=Case.objects.visible_to(user)))

    def awaiting_letter(self, now) -> InvitationQuerySet:
        return self.filter(channel=Channel.LETTER, letter_printed_at__isnull=True, used=False, expires_at__gt=now)


class Invitation(models.Model):
    """A personal invitation. Only hashes of its one-time link token and short code are stored:
    whoever reads the database cannot answer in a resident's name. The plain token and code
    exist only in the e-mail or the printed letter they are issued for."""

    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT, related_name="survey_invitations",
                                 verbose_name=_("resident"))
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("zone"))
    source_kind = models.CharField(_("after"), max_length=10, choices=SourceKind.choices)
    decision = models.ForeignKey("mandates.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("decision"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("case"))
    closure = models.PositiveSmallIntegerField(_("closure"), null=True, blank=True)
    decision_kind = models.CharField(_("kind of decision"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    code_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    letter_printed_at = models.DateTimeField(_("letter printed"), null=True, blank=True)
    # A flag, not a time: a time of use would match the response's date and link the two.
    used = models.BooleanField(_("answered"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["resident", "created_at"], name="invitation_resident_recent"),
            models.Index(fields=["zone", "created_at"], name="invitation_zone_created"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["decision"], condition=Q(decision__isnull=False),
                                    name="one_invitation_per_decision"),
            models.UniqueConstraint(fields=["case", "closure"], condition=Q(case__isnull=False),
                                    name="one_invitation_per_closure"),
            models.CheckConstraint(
                condition=(Q(source_kind="decision", decision__isnull=False, case__isnull=True)
                           | Q(source_kind="closure", case__isnull=False, closure__isnull=False,
                               decision__isnull=True)),
                name="invitation_has_its_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} {self.created_at:%Y-%m-%d}"


class Score(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


AGREE_SCORES = (Score.AGREE, Score.STRONGLY_AGREE)


class Response(models.Model):
    """One filled-in questionnaire. Deliberately without a resident or invitation: see the module
    docstring. `answered_on` is a date, not a time, for the same reason."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("zone"))
    answered_on = models.DateField(_("answered on"))
    source_kind = models.CharField(_("after"), max_length=10, choices=SourceKind.choices)
    decision_kind = models.CharField(_("kind of decision"), max_length=20, blank=True)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["answered_on"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["answered_on", "zone"], name="response_period_zone")]

    def __str__(self) -> str:
        return f"{self.answered_on}"


class Answer(models.Model):
    """The answer to one statement; no score means "don't know / not applicable", which counts
    towards neither the respondents nor the share agreeing of that statement."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(choices=Score.choices, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_per_statement"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5) | Q(score__isnull=True),
                                   name="answer_score_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"
