"""Every form of the project, fuzzed with hypothesis: hostile text (NUL bytes, control and
bidirectional characters, emoji, 100 000 characters, script payloads), numbers out of range and
malformed dates.

1. On the form: `is_valid()` never raises, a rejected form says why, an accepted one holds no NUL
   byte (PostgreSQL refuses it in text), and rendering never echoes a payload unescaped.
2. Through the view, as the persona who may post it: never a 500, never a payload unescaped in
   the page, and a form the form itself rejects changes no row anywhere in our apps.

A new form fails `test_every_form_of_our_apps_is_in_the_fuzz_registry` until it is added below.
"""

from __future__ import annotations

import datetime
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from accounts.models import Role
from cases import services as case_services
from cases.factories import CaseTypeFactory
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus, HelpRequest
from mandates.factories import MandateFactory, ProvisionFactory
from mandates.models import DecisionKind, ProductCategory
from partners.factories import OrganisationFactory, PersonFactory, ReferralFactory, ServiceFactory
from partners.models import OrganisationKind
from tests.conftest import login

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_PAYLOADS = (SCRIPT, "<img src=x onerror=alert(1)>")
NASTY = [
    SCRIPT, IMG, f"Jansen{SCRIPT}", "\x00", "a\x00b", "\x01\x02\x07\x1b[31m", "\x0b\x0c\x7f", "\ufffe\uffff",
    "\u202eexe.fdp", "\u200f\u202b\u05e9\u05dc\u05d5\u05dd\u202c", "😀👨‍👩‍👧‍👦🏳️‍🌈", "e\u0301\u0301\u0301", "x" * 100_000,
    "-1", "0", "-0", "1e309", "NaN", "Infinity", "99999999999999999999999999", "2147483648", "-2147483649",
    "3.14159265358979323846", "2026-02-30", "0000-00-00", "31-12-2026", "2026-13-01T25:61", "9999-12-31",
    "0001-01-01", "' OR 1=1 --", "{{ settings.SECRET_KEY }}", "{% debug %}", "%(name)s", "../../etc/passwd",
    "", " ", "\r\n\r\n", "\t",
]
_TEXT = st.characters(exclude_categories=("Cs",))
NASTY_TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(_TEXT, max_size=60),
    st.text(_TEXT, min_size=1, max_size=5).map(lambda s: s * 20_000),
    st.tuples(st.text(_TEXT, max_size=10), st.sampled_from(NASTY)).map("".join),
)


def _choice_values(field: forms.Field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):
            values += [str(v) for v, _ in label]
        elif value not in ("", None):
            values.append(str(value))
    return values


def value_strategy(f: forms.Field) -> st.SearchStrategy[list[str]]:
    """A field's posted values: mostly something hostile, sometimes something plausible, so both
    the rejecting and the accepting paths run."""
    nasty = NASTY_TEXT.map(lambda s: [s])
    if isinstance(f, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        choices = _choice_values(f)
        plausible = st.lists(st.sampled_from(choices), max_size=3, unique=True) if choices else st.just([])
        return st.one_of(plausible, nasty, st.lists(NASTY_TEXT, max_size=3))
    if isinstance(f, (forms.ChoiceField, forms.ModelChoiceField)):
        choices = _choice_values(f)
        plausible = st.sampled_from(choices).map(lambda v: [v]) if choices else nasty
    elif isinstance(f, forms.BooleanField):
        plausible = st.sampled_from([["on"], [""], ["false"], ["0"], ["true"]])
    elif isinstance(f, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        plausible = st.one_of(st.integers(-10**30, 10**30), st.decimals(allow_nan=True, places=3)).map(
            lambda n: [str(n)])
    elif isinstance(f, forms.DateTimeField):
        plausible = st.datetimes(min_value=datetime.datetime(1, 1, 1)).map(
            lambda d: [d.strftime("%Y-%m-%dT%H:%M")])
    elif isinstance(f, forms.DateField):
        plausible = st.dates().map(lambda d: [d.isoformat()])
    elif isinstance(f, forms.EmailField):
        plausible = st.emails().map(lambda e: [e])
    elif isinstance(f, forms.CharField):
        plausible = st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1,
                            max_size=min(f.max_length or 200, 200)).map(lambda s: [s])
    else:
        plausible = nasty
    return st.one_of(plausible, nasty, st.just(None))


def file_strategy() -> st.SearchStrategy[SimpleUploadedFile]:
    content = st.one_of(st.binary(max_size=2000), st.sampled_from([
        b"%PDF-1.4\n%%EOF\n", f"<html>{SCRIPT}</html>".encode(), b"MZ\x90\x00" + b"\x00" * 60,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, f"<svg xmlns='http://www.w3.org/2000/svg'>{SCRIPT}</svg>".encode()]))
    name = st.one_of(st.sampled_from(["brief.pdf", "a.txt", "x.png", f"{IMG}.pdf", "a\x00b.pdf", "\u202etxt.exe",
                                      "../../x.pdf", "x" * 300 + ".pdf"]), st.text(_TEXT, max_size=40))
    # Django's upload handler never hands a view a file named "", "." or ".." (its multipart parser
    # sanitises names; UploadedFile refuses them), so neither does the fuzz.
    return st.builds(lambda n, c: SimpleUploadedFile(n if os.path.basename(n) not in {"", ".", ".."} else "leeg", c),
                     name, content)


def draw_data(draw, form: forms.BaseForm, *, fixed: dict[str, Any] | None = None,
              plausible: dict[str, st.SearchStrategy] | None = None) -> tuple[MultiValueDict, MultiValueDict]:
    data, files = MultiValueDict(), MultiValueDict()
    for name, f in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(f, forms.FileField):
            upload = draw(st.one_of(st.none(), file_strategy()))
            if upload is not None:
                files.setlist(key, [upload])
            continue
        strategy = value_strategy(f)
        if plausible and name in plausible:
            strategy = st.one_of(plausible[name].map(lambda v: [str(v)]), strategy)
        values = draw(strategy)
        if values is not None:
            data.setlist(key, values)
    for key, value in (fixed or {}).items():
        data.setlist(key, [str(value)])
    return data, files


# --- The world the forms need: one household with a request, a conversation, a plan and a
# --- decision to prepare, a partner organisation with a referral.

@pytest.fixture
def membership(zone):
    """Without a BSN: the ~900 test-range BSNs are one pool for the whole test session."""
    return MembershipFactory(household__zone=zone, household__postcode="8441AB", resident__bsn=None)


@pytest.fixture
def world(worker, colleague, team_leader, administrator, help_request, conversation, zone):
    organisation = OrganisationFactory(name="Schuldhulpmaatje", kind=OrganisationKind.DEBT_COUNSELLING)
    partner = UserFactory(username="ronald", role=Role.PARTNER_WORKER, organisation=organisation)
    counsellor = PersonFactory(organisation=organisation, name="Ronald Mulder", zones=[zone], user=partner)
    service = ServiceFactory(organisation=organisation, name="Schuldhulp")
    referral = ReferralFactory(conversation=conversation, service=service, partner_contact=counsellor)
    def another_request():
        return HelpRequestFactory(household=help_request.household, resident=help_request.resident, zone=zone,
                                  assigned=True, assigned_worker=worker)

    needs_decision = ConversationFactory(help_request=another_request(), worker=worker, finished=True,
                                         outcome=ConversationOutcome.NEEDS_DECISION)
    provision = ProvisionFactory()
    MandateFactory(holder=worker, kind=DecisionKind.WMO, categories=[ProductCategory.objects.get(code="01")])
    plan_conversation = ConversationFactory(
        help_request=another_request(), worker=worker, status=ConversationStatus.FINISHED,
        outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now(),
        scores={"financien": 2, "huisvesting": 3})
    case = case_services.case_open(user=worker, request=None, conversation=plan_conversation,
                                   case_type=CaseTypeFactory(follow_up_months=[3]), today=timezone.localdate())
    action = case.actions.create(description="Budgetcoaching", actor="partner", organisation=organisation,
                                 due_on=timezone.localdate())
    from django_otp_webauthn.models import WebAuthnCredential
    passkey = WebAuthnCredential.objects.create(
        user=worker, name="Tablet", confirmed=True, credential_id=b"tablet", public_key=b"key",
        credential_id_sha256="ab" * 32, aaguid="00000000-0000-0000-0000-000000000000")
    from cases.models import Consent, SharedPart
    Consent.objects.create(case=case, organisation=organisation, parts=list(SharedPart.values),
                           valid_until=timezone.localdate() + datetime.timedelta(days=90), recorded_by=worker)
    return SimpleNamespace(
        worker=worker, colleague=colleague, team_leader=team_leader, administrator=administrator, partner=partner,
        organisation=organisation, help_request=help_request, conversation=conversation, referral=referral,
        needs_decision=needs_decision, provision=provision, case=case, action=action, person=counsellor,
        resident=help_request.resident, passkey=passkey)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"],
                                                          "OPTIONS": {"location": tmp_path / "private"}}}
    settings.MEDIA_ROOT = tmp_path / "media"


def _login_request():
    request = RequestFactory().post("/accounts/login/")
    request.session = {}
    return request


def _conversation_form(w, data=None, files=None):
    from intake.views import _conversation_form
    return _conversation_form(w.conversation, data)


# dotted name -> builds the form (data, files) for the world, the way its view does.
Builder = Callable[[SimpleNamespace], Callable[..., forms.BaseForm]]


def _plain(path: str, **kwargs) -> Builder:
    def builder(w):
        cls = _resolve(path)
        extra = {k: (v(w) if callable(v) else v) for k, v in kwargs.items()}
        return lambda data=None, files=None: cls(data, files, **extra)
    return builder


def _resolve(path: str) -> type[forms.BaseForm]:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


REGISTRY: dict[str, Builder] = {
    "accounts.forms.LoginForm": lambda w: lambda data=None, files=None: _resolve("accounts.forms.LoginForm")(
        _login_request(), data=data),
    "audit.forms.AccessLogSearchForm": _plain("audit.forms.AccessLogSearchForm"),
    "cases.forms.VersionedForm": _plain("cases.forms.VersionedForm"),
    "cases.forms.OpenCaseForm": _plain("cases.forms.OpenCaseForm"),
    "cases.forms.SummaryForm": _plain("cases.forms.SummaryForm"),
    "cases.forms.GoalForm": _plain("cases.forms.GoalForm"),
    "cases.forms.ActionForm": _plain("cases.forms.ActionForm", case=lambda w: w.case),
    "cases.forms.ActionStatusForm": _plain("cases.forms.ActionStatusForm"),
    "cases.forms.ComplexForm": _plain("cases.forms.ComplexForm"),
    "cases.forms.ReassignForm": _plain("cases.forms.ReassignForm", case=lambda w: w.case),
    "cases.forms.EvaluationForm": _plain("cases.forms.EvaluationForm",
                                         goals=lambda w: list(w.case.goals.select_related("domain"))),
    "cases.forms.FeedbackForm": _plain("cases.forms.FeedbackForm"),
    "cases.forms.CloseForm": _plain("cases.forms.CloseForm"),
    "cases.forms.FollowUpForm": _plain("cases.forms.FollowUpForm"),
    "cases.forms.ConsentForm": _plain("cases.forms.ConsentForm"),
    "cases.forms.DocumentForm": _plain("cases.forms.DocumentForm"),
    "intake.forms.ResidentSearchForm": _plain("intake.forms.ResidentSearchForm", auto_id="search_%s"),
    "intake.forms.ResidentForm": _plain("intake.forms.ResidentForm"),
    "intake.forms.HelpRequestForm": _plain("intake.forms.HelpRequestForm"),
    "intake.forms.SettleForm": _plain("intake.forms.SettleForm"),
    "intake.forms.RequestCorrectionForm": _plain("intake.forms.RequestCorrectionForm", instance=lambda w: w.help_request),
    "intake.forms.AssignForm": _plain("intake.forms.AssignForm", help_request=lambda w: w.help_request),
    "intake.forms.LinkResidentForm": _plain("intake.forms.LinkResidentForm"),
    "intake.forms.MoveForm": _plain("intake.forms.MoveForm"),
    "intake.forms.ConversationForm": lambda w: lambda data=None, files=None: _conversation_form(w, data),
    "intake.forms.PublicRequestForm": _plain("intake.forms.PublicRequestForm"),
    "mandates.forms.DecisionForm": _plain("mandates.forms.DecisionForm"),
    "mandates.forms.LineForm": _plain("mandates.forms.LineForm", prefix="lines-0"),
    "mandates.forms.VersionForm": _plain("mandates.forms.VersionForm"),
    "mandates.forms.ObjectionForm": _plain("mandates.forms.ObjectionForm"),
    "mandates.forms.ObjectionDecideForm": _plain("mandates.forms.ObjectionDecideForm"),
    "mandates.forms.TermForm": _plain("mandates.forms.TermForm"),
    "mandates.forms.ClockDateForm": _plain("mandates.forms.ClockDateForm", step="receipt"),
    "partners.forms.DirectorySearchForm": _plain("partners.forms.DirectorySearchForm"),
    "partners.forms.PersonForm": _plain("partners.forms.PersonForm", may_manage=True),
    "partners.forms.ReferralForm": _plain("partners.forms.ReferralForm", today=lambda w: timezone.localdate()),
    "partners.forms.PlanReferralForm": _plain("partners.forms.PlanReferralForm",
                                              today=lambda w: timezone.localdate()),
    "partners.forms.ReferralRespondForm": _plain("partners.forms.ReferralRespondForm"),
    "accounts.forms.VerifyForm": _plain("accounts.forms.VerifyForm"),
    "accounts.forms.EnrolForm": _plain("accounts.forms.EnrolForm"),
    "accounts.forms.PasskeyNameForm": _plain("accounts.forms.PasskeyNameForm"),
    "privacy.forms.DisputeForm": _plain("privacy.forms.DisputeForm"),
    "privacy.forms.DisputeResolveForm": _plain("privacy.forms.DisputeResolveForm"),
    "privacy.forms.RestrictionForm": _plain("privacy.forms.RestrictionForm"),
    "surveys.forms.SurveyForm": _plain("surveys.forms.SurveyForm",
                                       statements=lambda w: list(_resolve("surveys.models.Statement").objects.all())),
    "surveys.forms.CodeForm": _plain("surveys.forms.CodeForm"),
    "reporting.team_forms.TeamFilterForm": _plain("reporting.team_forms.TeamFilterForm",
                                                  team_id=lambda w: w.team_leader.team_id),
    "reporting.team_forms.RequestReassignForm": _plain("reporting.team_forms.RequestReassignForm",
                                                       team_id=lambda w: w.team_leader.team_id),
    "reporting.team_forms.CaseReassignForm": _plain("reporting.team_forms.CaseReassignForm",
                                                    team_id=lambda w: w.team_leader.team_id),
    "reporting.report_forms.ReportRequestForm": _plain("reporting.report_forms.ReportRequestForm"),
    "reporting.report_forms.CouncilPeriodForm": _plain("reporting.report_forms.CouncilPeriodForm",
                                                       today=lambda w: timezone.localdate()),
    "reporting.report_forms.ExampleCaseForm": _plain("reporting.report_forms.ExampleCaseForm"),
    "reporting.report_forms.ReviewForm": _plain("reporting.report_forms.ReviewForm"),
}


def discovered_forms() -> set[str]:
    """Every Form class defined in a forms module of ours (`<app>/forms.py` or `<app>/forms/*.py`)."""
    root = Path(settings.BASE_DIR)
    modules = [p for p in [*root.glob("*/forms.py"), *root.glob("*/*_forms.py"), *root.glob("*/forms/*.py")]
               if not p.parts[-2].startswith(".")]
    found = set()
    for path in modules:
        relative = path.relative_to(root).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for obj in vars(module).values():
            # A private base (`_CodeForm`) is never instantiated itself; its subclasses are fuzzed.
            if (isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
                    and not obj.__name__.startswith("_")):
                found.add(f"{module.__name__}.{obj.__name__}")
    return found


def test_every_form_of_our_apps_is_in_the_fuzz_registry():
    discovered = discovered_forms()
    assert "cases.forms.DocumentForm" in discovered and "toegang.forms.DateInput" not in discovered
    assert discovered - set(REGISTRY) == set(), "add these forms to REGISTRY (and VIEWS) in this file"
    assert set(REGISTRY) - discovered == set(), "these registry entries name forms that no longer exist"


FUZZ = hypothesis_settings(max_examples=40, deadline=None, database=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("path", sorted(REGISTRY))
@FUZZ
@given(data=st.data())
def test_a_form_never_raises_and_a_rejected_form_says_why(world, path, data):
    build = REGISTRY[path](world)
    posted, files = draw_data(data.draw, build())
    form = build(posted, files)
    if form.is_valid():
        for text in _strings(form.cleaned_data):
            assert "\x00" not in text, "PostgreSQL cannot store a NUL byte"
    else:
        assert form.errors
    html = str(form)
    assert not any(raw in html for raw in RAW_PAYLOADS)


# --- Through the views -------------------------------------------------------------------

OUR_APPS = ("accounts", "intake", "cases", "mandates", "partners", "reporting", "surveys")
# Rows that reading writes by design: the access log (every read is logged).
NOT_FINGERPRINTED = {"audit"}


def _fingerprint_sql() -> str:
    parts = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label not in OUR_APPS or model._meta.proxy or not model._meta.managed:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        # Table names come from our models, quoted by the database backend: no user input.
        parts.append(f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t)")  # noqa: S608
    return "SELECT md5(concat_ws(',', " + ", ".join(parts) + "))"


def _create_settings_rows() -> None:
    """The per-app settings rows are created on first read (SingletonSettings.current()): create
    them up front, so the first request of a test does not look like a write."""
    from toegang.models import SingletonSettings

    for model in apps.get_models():
        if issubclass(model, SingletonSettings):
            model.current()


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return cursor.fetchone()[0]


@dataclass
class View:
    """A form's view: where it posts, as whom, and what a plausible version/hidden value is."""

    form: str
    url: str
    args: Callable[[SimpleNamespace], list] = lambda w: []
    persona: str = "worker"
    method: str = "post"
    fixed: Callable[[SimpleNamespace], dict] = lambda w: {}
    plausible: Callable[[SimpleNamespace], dict[str, st.SearchStrategy]] = lambda w: {}
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.url}:{self.form.rsplit('.', 1)[1]}"


def _case_version(w) -> dict:
    return {"version": st.just(w.case.version)}


VIEWS = [
    View("accounts.forms.LoginForm", "accounts:login", persona="anonymous"),
    View("audit.forms.AccessLogSearchForm", "audit:search", persona="administrator", method="get"),
    View("cases.forms.OpenCaseForm", "cases:open", lambda w: [w.needs_decision.pk]),
    View("cases.forms.SummaryForm", "cases:summary", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.GoalForm", "cases:goal_add", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.GoalForm", "cases:goal_edit", lambda w: [w.case.pk, w.case.goals.first().pk],
         plausible=_case_version),
    View("cases.forms.ActionForm", "cases:action_add", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.ActionStatusForm", "cases:action_status", lambda w: [w.case.pk, w.action.pk],
         plausible=_case_version),
    View("cases.forms.ComplexForm", "cases:complex", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.ReassignForm", "cases:reassign", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.EvaluationForm", "cases:evaluate", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.FeedbackForm", "cases:feedback", lambda w: [w.case.pk, w.action.pk], persona="partner"),
    View("cases.forms.CloseForm", "cases:close", lambda w: [w.case.pk], plausible=_case_version),
    View("cases.forms.ConsentForm", "cases:consent_add", lambda w: [w.case.pk]),
    View("cases.forms.DocumentForm", "cases:document_upload", lambda w: [w.case.pk]),
    View("cases.forms.DocumentForm", "cases:document_upload", lambda w: [w.case.pk],
         headers={"HTTP_HX_REQUEST": "true"}),
    View("intake.forms.ResidentSearchForm", "intake:register", method="get", fixed=lambda w: {"search": "1"}),
    View("intake.forms.ResidentForm", "intake:register"),
    View("intake.forms.HelpRequestForm", "intake:request_new", lambda w: [w.resident.pk]),
    View("intake.forms.SettleForm", "intake:request_settle", lambda w: [w.help_request.pk]),
    View("intake.forms.RequestCorrectionForm", "intake:request_correct", lambda w: [w.help_request.pk],
         plausible=lambda w: {"seen": st.just(HelpRequest.objects.get(pk=w.help_request.pk).updated_at.isoformat())}),
    View("intake.forms.AssignForm", "intake:request_assign", lambda w: [w.help_request.pk], persona="team_leader"),
    View("intake.forms.LinkResidentForm", "intake:request_link", lambda w: [w.help_request.pk]),
    View("intake.forms.MoveForm", "intake:resident_move", lambda w: [w.resident.pk]),
    View("intake.forms.ConversationForm", "intake:conversation", lambda w: [w.conversation.pk],
         plausible=lambda w: {"version": st.just(w.conversation.version)}),
    View("intake.forms.ConversationForm", "intake:conversation", lambda w: [w.conversation.pk],
         plausible=lambda w: {"version": st.just(w.conversation.version)}, headers={"HTTP_HX_REQUEST": "true"}),
    View("intake.forms.PublicRequestForm", "public:request", persona="anonymous"),
    View("mandates.forms.DecisionForm", "mandates:decision_new", lambda w: [w.needs_decision.pk],
         fixed=lambda w: {"lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 0, "lines-MIN_NUM_FORMS": 1,
                          "lines-MAX_NUM_FORMS": 3, "lines-0-provision": w.provision.pk, "lines-0-volume": 3}),
    View("mandates.forms.LineForm", "mandates:decision_new", lambda w: [w.needs_decision.pk],
         fixed=lambda w: {"lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 0, "lines-MIN_NUM_FORMS": 1,
                          "lines-MAX_NUM_FORMS": 3, "kind": "wmo", "outcome": "granted", "delivery": "in_kind",
                          "application_on": timezone.localdate(), "start_on": timezone.localdate(),
                          "reasoning": "Nodig.", "legal_ground": "Wmo 2015"}),
    View("mandates.forms.ClockDateForm", "mandates:clock_record", lambda w: [w.help_request.pk, "receipt"]),
    View("partners.forms.DirectorySearchForm", "partners:directory", method="get"),
    View("privacy.forms.DisputeForm", "privacy:dispute_new", lambda w: [w.resident.pk]),
    View("surveys.forms.CodeForm", "survey:code", persona="anonymous"),
    View("reporting.team_forms.TeamFilterForm", "reporting:team", persona="team_leader", method="get"),
    View("reporting.report_forms.ReportRequestForm", "reporting:report_generate", persona="team_leader"),
    View("reporting.report_forms.CouncilPeriodForm", "reporting:council", persona="team_leader", method="get"),
    View("accounts.forms.PasskeyNameForm", "accounts:passkey_rename", lambda w: [w.passkey.pk],
         plausible=lambda w: {"expected_name": st.just("Tablet")}),
    View("partners.forms.PersonForm", "partners:person_edit", lambda w: [w.person.pk], persona="administrator"),
    View("partners.forms.PersonForm", "partners:person_new", lambda w: [w.organisation.pk], persona="administrator"),
    View("partners.forms.ReferralForm", "partners:referral_new", lambda w: [w.conversation.pk]),
    View("partners.forms.PlanReferralForm", "partners:plan_referral_send", lambda w: [w.case.pk]),
    View("partners.forms.ReferralRespondForm", "partners:referral_respond", lambda w: [w.referral.pk],
         persona="partner", plausible=lambda w: {"version": st.just(w.referral.version)}),
]
# Forms whose view needs a state the world above does not set up; the form itself is fuzzed above.
NO_VIEW_FUZZ = {
    "cases.forms.VersionedForm": "a base class, posted only through its subclasses",
    "cases.forms.FollowUpForm": "needs a closed plan with a follow-up due",
    "mandates.forms.VersionForm": "a hidden version only (decide/submit)",
    "mandates.forms.ObjectionForm": "needs a decided decision",
    "mandates.forms.ObjectionDecideForm": "needs an objection",
    "mandates.forms.TermForm": "needs a special-assistance decision",
    "accounts.forms.VerifyForm": "the second login step: its view is tested in tests/test_security_two_factor.py",
    "accounts.forms.EnrolForm": "needs an unverified session without a device",
    "privacy.forms.DisputeResolveForm": "needs an open dispute",
    "privacy.forms.RestrictionForm": "a restriction hides the world's resident from the other views",
    "surveys.forms.SurveyForm": "needs a personal survey link (a one-time token)",
    "reporting.team_forms.RequestReassignForm": "posted from the drill-down rows with the current assignee",
    "reporting.team_forms.CaseReassignForm": "posted from the drill-down rows with the plan's version",
    "reporting.report_forms.ExampleCaseForm": "its refusals are tested text by text in tests/reporting",
    "reporting.report_forms.ReviewForm": "needs a submitted example case by another author",
}


def test_every_form_with_a_view_is_fuzzed_through_it():
    assert set(REGISTRY) - {v.form for v in VIEWS} == set(NO_VIEW_FUZZ)


# Each example is a real request: 25 keeps the whole table around two minutes. Lower it with
# FORM_FUZZ_VIEW_EXAMPLES while iterating, raise it for a longer hunt.
VIEW_EXAMPLES = int(os.environ.get("FORM_FUZZ_VIEW_EXAMPLES", "25"))


def _client(w, persona: str) -> Client:
    if persona == "anonymous":
        return Client(raise_request_exception=False)
    # Both factors, or every post would stop at the second-factor page and prove nothing.
    client = login(getattr(w, persona))
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.id)
@hypothesis_settings(FUZZ, max_examples=VIEW_EXAMPLES)
@given(data=st.data())
def test_a_view_never_fails_echoes_a_payload_or_half_saves(world, view, data):
    cache.clear()  # the public form's rate limit and the login lockout count per address
    build = REGISTRY[view.form](world)
    posted, files = draw_data(data.draw, build(), fixed=view.fixed(world), plausible=view.plausible(world))
    expected_valid = build(posted, _copy_files(files)).is_valid()
    url = reverse(view.url, args=view.args(world))
    # Logging in writes last_login: log in first, then take the fingerprint.
    client = _client(world, view.persona)
    _create_settings_rows()
    before = fingerprint()
    if view.method == "get":
        response = client.get(url, dict(posted.lists()), **view.headers)
    else:
        response = client.post(url, {**dict(posted.lists()), **dict(_copy_files(files).lists())}, **view.headers)
    assert response.status_code < 500, f"{view.id} answered {response.status_code}"
    if not response.streaming and "html" in response.get("Content-Type", ""):
        body = response.content.decode(errors="replace")
        assert not any(raw in body for raw in RAW_PAYLOADS), f"{view.id} echoed a payload unescaped"
    if not expected_valid:
        assert fingerprint() == before, f"{view.id} changed rows although its form rejects the input"


def _copy_files(files: MultiValueDict) -> MultiValueDict:
    copy = MultiValueDict()
    for key, uploads in files.lists():
        copies = []
        for upload in uploads:
            upload.seek(0)
            copies.append(SimpleUploadedFile(upload.name, upload.read(), upload.content_type))
            upload.seek(0)
        copy.setlist(key, copies)
    return copy


def test_the_fingerprint_sees_a_changed_row(world):
    """The oracle of the view test can fail: one changed character anywhere changes it."""
    before = fingerprint()
    type(world.case).objects.filter(pk=world.case.pk).update(summary="anders")
    assert fingerprint() != before


def test_a_nul_byte_in_a_text_field_is_refused_with_a_message_not_a_500(world):
    response = _client(world, "worker").post(reverse("cases:summary", args=[world.case.pk]),
                                              {"version": world.case.version, "summary": "a\x00b"})
    assert response.status_code == 200
    assert response.context["summary_form"].errors["summary"]


@pytest.mark.parametrize("text", ["a\x01b", "\x1b[31m", "a\x0bb", "\ufffe"])
def test_control_characters_are_refused_in_free_text(world, text):
    from cases.forms import SummaryForm
    form = SummaryForm({"version": 1, "summary": text})
    assert not form.is_valid() and form.errors["summary"]


@pytest.mark.parametrize("text", ["regel 1\r\nregel 2\tmet tab", "\u05e9\u05dc\u05d5\u05dd \u200f", "😀 é"])
def test_ordinary_text_with_newlines_tabs_rtl_and_emoji_is_kept(world, text):
    from cases.forms import SummaryForm
    form = SummaryForm({"version": 1, "summary": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["summary"] == text.strip()



def test_a_login_with_a_300_character_username_is_refused_not_a_500(db):
    """Found by this fuzz: AuthenticationForm's username max_length had no validator, and
    django-axes then failed to record the attempt in its 255-character column."""
    response = Client(raise_request_exception=False).post(reverse("accounts:login"),
                                                          {"username": "a" * 300, "password": "geheim"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
