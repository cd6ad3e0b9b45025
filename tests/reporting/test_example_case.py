"""Example cases: written by a worker who can see the case, refused while a text identifies the
household (with a Dutch error next to the field), approved by a team leader of the case's team
who is not the author; never reachable for council members."""

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from reporting import services
from reporting.models import ExampleCase, ExampleStatus
from tests.conftest import login
from tests.reporting.conftest import CLEAN

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]
CREATE = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 403, "other_team_leader": 403,
          "council_member": 403, "partner_worker": 403, "administrator": 403}
READ = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200, "other_team_leader": 404,
        "council_member": 404, "partner_worker": 404, "administrator": 404}
EDIT = {"worker": 302, "colleague": 403, "stranger": 404, "team_leader": 403, "other_team_leader": 404,
        "council_member": 404, "partner_worker": 404, "administrator": 404}
REVIEW = {"worker": 403, "colleague": 403, "stranger": 404, "team_leader": 302, "other_team_leader": 404,
          "council_member": 404, "partner_worker": 404, "administrator": 404}
LIST = {"worker": 200, "colleague": 200, "stranger": 200, "team_leader": 200, "other_team_leader": 200,
        "council_member": 403, "partner_worker": 403, "administrator": 403}


@pytest.fixture
def draft(named_case, worker):
    return services.example_create(user=worker, request=None, case=named_case, **CLEAN)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_workers_who_can_see_the_case_write_an_example(request, persona, named_case):
    response = login(request.getfixturevalue(persona)).get(reverse("reporting:example_create", args=[named_case.pk]))
    assert response.status_code == CREATE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_story_is_read_by_staff_who_can_see_the_case(request, persona, draft, resident):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("reporting:example_edit", args=[draft.pk]))
    assert response.status_code == READ[persona]
    if response.status_code == 200:
        assert AccessLogEntry.objects.filter(user=user, object_type="reporting.examplecase",
                                             resident_id=resident.pk).exists()
    else:
        assert CLEAN["asked"] not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_author_edits(request, persona, draft):
    data = {**CLEAN, "asked": "Een alleenstaande vader zocht hulp.", "version": draft.version}
    response = login(request.getfixturevalue(persona)).post(reverse("reporting:example_edit", args=[draft.pk]), data)
    assert response.status_code == EDIT[persona]
    draft.refresh_from_db()
    assert (draft.asked == data["asked"]) is (response.status_code == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_is_for_workers_and_team_leaders(request, persona, draft):
    assert login(request.getfixturevalue(persona)).get(reverse("reporting:example_list")).status_code == LIST[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_team_leader_of_the_cases_team_approves(request, persona, submitted_example):
    response = login(request.getfixturevalue(persona)).post(
        reverse("reporting:example_review", args=[submitted_example.pk]), {"decision": "approve"})
    assert response.status_code == REVIEW[persona]
    submitted_example.refresh_from_db()
    assert (submitted_example.status == ExampleStatus.APPROVED) is (response.status_code == 302)


def test_review_is_a_post(team_leader, submitted_example):
    assert login(team_leader).get(reverse("reporting:example_review",
                                          args=[submitted_example.pk])).status_code == 405


def test_a_worker_writes_saves_and_submits_a_clean_story(worker, named_case):
    client = login(worker)
    response = client.post(reverse("reporting:example_create", args=[named_case.pk]), CLEAN)
    example = ExampleCase.objects.get()
    assert response.status_code == 302 and example.status == ExampleStatus.DRAFT and example.author == worker
    response = client.post(reverse("reporting:example_edit", args=[example.pk]),
                           {**CLEAN, "version": example.version, "submit": "1"})
    example.refresh_from_db()
    assert response.status_code == 302 and example.status == ExampleStatus.SUBMITTED


@pytest.mark.parametrize("field,text,what", [
    ("asked", "Sjoukje liep vast met de rekeningen.", "een naam van de inwoner of een gezinslid (Sjoukje)"),
    ("asked", "Mevrouw Terpstra liep vast.", "Terpstra"),
    ("done", "Haar zoon Jelle gaat naar de dagbesteding.", "Jelle"),
    ("done", "Op de Tjaskerwei is een traplift geplaatst.", "de straatnaam"),
    ("done", "Bij huisnummer 12 is een trapleuning geplaatst.", "het huisnummer"),
    ("result", "In 8441 AB is het weer rustig.", "een postcode"),
    ("result", "Sinds 3 april 1961 woont zij hier.", "een geboortedatum"),
    ("result", "Geboren 03-04-1961.", "een geboortedatum"),
    ("result", "Geboren 3/4/61.", "een geboortedatum"),
    ("result", "Geboren 1961-04-03.", "een geboortedatum"),
    ("result", "De zoon is van 30-09-2012.", "een geboortedatum"),
    ("result", "BSN 9999.98.018 is gecontroleerd.", "een burgerservicenummer (BSN)"),
    ("result", "Nummer 999998031 hoort bij iemand anders.", "een burgerservicenummer (BSN)"),
    ("result", "Mevrouw is bereikbaar op 06 12 34 56 78.", "een telefoonnummer"),
    ("result", "Bel de buurvrouw op +31 513 612 345.", "een telefoonnummer"),
    ("done", "Mail het vervolg naar zonnebloem61@hotmail.com.", "een e-mailadres"),
])
def test_a_story_that_identifies_the_household_is_refused_with_the_error_next_to_the_field(
        worker, draft, field, text, what):
    data = {**CLEAN, field: text, "version": draft.version, "submit": "1"}
    response = login(worker).post(reverse("reporting:example_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith("Nog niet anoniem: deze tekst bevat ") and what in errors[field][0]
    html = response.content.decode()
    assert text in html  # the input is kept
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.DRAFT and getattr(draft, field) == text


def test_the_residents_own_phone_and_e_mail_are_refused_however_written(worker, draft, resident):
    resident.phone, resident.email = "0612345678", "Zonnebloem61@Hotmail.com"
    resident.save(update_fields=["phone", "email"])
    example = services.example_update(user=worker, request=None, example=draft, expected_version=draft.version,
                                      asked="Haar nummer: 06-1234 5678.", done="Post: zonnebloem61@hotmail.com",
                                      result=CLEAN["result"])
    problems = services.example_problems(example)
    assert set(problems) == {"asked", "done"}
    assert "een telefoonnummer" in problems["asked"][0] and "een e-mailadres" in problems["done"][0]


def test_common_words_and_other_numbers_pass(worker, draft):
    text = ("Een gezin van vier in 2026 kreeg 12 weken begeleiding en 1500 euro bijzondere bijstand; "
            "op 14-10-2026 werd 1.250,00 euro betaald, dossier 2026-0412.")
    services.example_update(user=worker, request=None, example=draft, expected_version=draft.version,
                            asked=text, done=CLEAN["done"], result=CLEAN["result"])
    draft.refresh_from_db()
    assert services.example_problems(draft) == {}


def test_a_second_editor_gets_a_conflict_not_a_silent_overwrite(worker, draft):
    stale = draft.version
    client = login(worker)
    client.post(reverse("reporting:example_edit", args=[draft.pk]), {**CLEAN, "asked": "Eerste versie.",
                                                                       "version": stale})
    response = client.post(reverse("reporting:example_edit", args=[draft.pk]),
                           {**CLEAN, "asked": "Tweede versie.", "version": stale})
    assert response.status_code == 200 and response.context["conflict"] is not None
    assert "Tweede versie." in response.content.decode()
    draft.refresh_from_db()
    assert draft.asked == "Eerste versie."


def test_the_author_cannot_approve_their_own_story(worker, submitted_example):
    with pytest.raises(services.InvalidTransition):
        services.example_review(user=worker, request=None, example=submitted_example, approve=True)


def test_the_database_refuses_a_reviewer_who_is_the_author(submitted_example):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ExampleCase.objects.filter(pk=submitted_example.pk).update(status="approved",
                                                                   reviewed_by=submitted_example.author)


def test_a_returned_story_can_be_edited_and_submitted_again(worker, team_leader, submitted_example):
    services.example_review(user=team_leader, request=None, example=submitted_example, approve=False,
                            note="Minder details over de zoon.")
    submitted_example.refresh_from_db()
    assert submitted_example.status == ExampleStatus.REJECTED and submitted_example.is_editable
    response = login(worker).post(reverse("reporting:example_edit", args=[submitted_example.pk]),
                                  {**CLEAN, "version": submitted_example.version, "submit": "1"})
    submitted_example.refresh_from_db()
    assert response.status_code == 302 and submitted_example.status == ExampleStatus.SUBMITTED


@pytest.mark.parametrize("url", ["intake:request_detail", "intake:resident", "intake:household", "cases:detail"])
def test_a_council_member_reaches_no_record_page(council_member, named_case, url, help_request, resident,
                                                 household):
    arg = {"intake:request_detail": help_request.pk, "intake:resident": resident.pk, "intake:household": household.pk,
           "cases:detail": named_case.pk}[url]
    response = login(council_member).get(reverse(url, args=[arg]))
    assert response.status_code in (403, 404)
    assert resident.surname not in response.content.decode()


def test_the_plan_page_offers_writing_an_example_to_its_writers_only(worker, team_leader, named_case):
    url = reverse("reporting:example_create", args=[named_case.pk])
    page = reverse("cases:detail", args=[named_case.pk])
    assert url in login(worker).get(page).content.decode()
    # A team leader reads the plan but may not write its example (403 on the form).
    assert url not in login(team_leader).get(page).content.decode()
