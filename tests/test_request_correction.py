"""Correcting a registered request: the question, urgency, life domains and whether it is a Wmo
melding. The six-week investigation term follows the marker, unless it has been acted on; a
colleague's correction is never silently overwritten; the log says what changed, not the text."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from intake.models import LifeDomain
from mandates.models import ClockKind, LegalClock
from tests.conftest import login

pytestmark = pytest.mark.django_db


def url(help_request) -> str:
    return reverse("intake:request_correct", args=[help_request.pk])


def form_data(help_request, **changes) -> dict:
    data = {"seen": help_request.updated_at.isoformat(), "question": help_request.question,
            "urgency": help_request.urgency, "life_domains": [d.pk for d in help_request.life_domains.all()],
            "wmo_melding": "on" if help_request.wmo_melding else ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def investigation(help_request):
    return LegalClock.objects.filter(help_request=help_request, kind=ClockKind.WMO_INVESTIGATION).first()


def test_a_worker_corrects_the_question_and_the_log_names_what_changed_not_the_text(worker, help_request):
    domain = LifeDomain.objects.get(code="financien")
    response = login(worker).post(url(help_request), form_data(
        help_request, question="Hulp bij de administratie na het overlijden van mijn man.", urgency="urgent",
        life_domains=[domain.pk]))
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.question == "Hulp bij de administratie na het overlijden van mijn man."
    assert help_request.urgency == "urgent"
    assert list(help_request.life_domains.all()) == [domain]
    entry = AccessLogEntry.objects.get(purpose="intake: correct request", detail__has_key="changed")
    assert entry.detail == {"changed": ["question", "urgency", "life_domains"], "wmo_melding": True,
                            "debt_help_question": False, "debt_threat": False}
    assert entry.object_id == str(help_request.pk) and entry.resident_id == help_request.resident_id
    assert "overlijden" not in str(entry.detail)


def test_unticking_the_wmo_melding_withdraws_an_untouched_investigation_term_and_ticking_restarts_it(
        worker, help_request):
    assert investigation(help_request) is not None
    client = login(worker)
    clock = investigation(help_request)
    assert client.post(url(help_request), form_data(help_request, wmo_melding="")).status_code == 302
    help_request.refresh_from_db()
    assert help_request.wmo_melding is False and investigation(help_request) is None
    withdrawn = AccessLogEntry.objects.get(action="delete", object_id=str(clock.pk))
    assert withdrawn.user == worker and withdrawn.resident_id == help_request.resident_id
    assert withdrawn.detail == {"help_request": help_request.pk, "started_on": clock.started_on.isoformat(),
                                "due_on": clock.due_on.isoformat()}
    assert client.post(url(help_request), form_data(help_request, wmo_melding="on")).status_code == 302
    clock = investigation(help_request)
    assert clock.started_on == help_request.first_contact_on and clock.stopped_on is None


def test_a_term_acted_on_keeps_the_wmo_melding_with_the_reason_next_to_the_field_and_nothing_saved(
        worker, help_request):
    clock = investigation(help_request)
    clock.receipt_confirmed_on = help_request.first_contact_on + datetime.timedelta(days=1)
    clock.save()
    response = login(worker).post(url(help_request), form_data(
        help_request, wmo_melding="", question="Een andere vraag dan eerst."))
    assert response.status_code == 200
    body = response.content.decode()
    assert "dus het blijft een Wmo-melding" in body
    assert 'id="correct_wmo_melding_error"' in body
    assert "Een andere vraag dan eerst." in body  # what was typed is kept
    help_request.refresh_from_db()
    assert help_request.wmo_melding is True and help_request.question != "Een andere vraag dan eerst."
    assert investigation(help_request).pk == clock.pk
    # The access was logged (an attempt to change it); the correction was not.
    assert AccessLogEntry.objects.filter(purpose="intake: correct request").count() == 1
    assert not AccessLogEntry.objects.filter(purpose="intake: correct request", detail__has_key="changed").exists()


def test_a_recorded_application_also_keeps_the_wmo_melding(worker, help_request):
    LegalClock.objects.create(help_request=help_request, kind=ClockKind.WMO_DECISION,
                              started_on=help_request.first_contact_on, due_on=help_request.first_contact_on)
    response = login(worker).post(url(help_request), form_data(help_request, wmo_melding=""))
    assert response.status_code == 200 and "dus het blijft een Wmo-melding" in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.wmo_melding is True and investigation(help_request) is not None


def test_saving_without_a_change_writes_nothing_and_says_so(worker, help_request):
    response = login(worker).post(url(help_request), form_data(help_request), follow=True)
    assert "Er is niets gewijzigd." in response.content.decode()
    assert not AccessLogEntry.objects.filter(purpose="intake: correct request", detail__has_key="changed").exists()


def test_a_life_domain_retired_since_registration_is_kept(worker, help_request):
    retired = LifeDomain.objects.get(code="financien")
    help_request.life_domains.set([retired])
    LifeDomain.objects.filter(pk=retired.pk).update(active=False)
    response = login(worker).post(url(help_request), form_data(help_request, question="Andere woorden."))
    assert response.status_code == 302
    assert list(help_request.life_domains.all()) == [retired]


def test_an_empty_question_gets_a_dutch_error_and_keeps_the_rest(worker, help_request):
    response = login(worker).post(url(help_request), form_data(help_request, question="", urgency="urgent"))
    assert response.status_code == 200
    assert response.context["correct_form"].errors["question"] == ["Dit veld is verplicht."]
    assert '<option value="urgent" selected>' in response.content.decode()


def test_a_colleagues_correction_in_between_is_not_overwritten(worker, colleague, help_request):
    seen = form_data(help_request)
    first = login(colleague).post(url(help_request), {**seen, "question": "Vraag volgens de collega."})
    assert first.status_code == 302
    second = login(worker).post(url(help_request), {**seen, "question": "Vraag volgens mij."})
    assert second.status_code == 200
    body = second.content.decode()
    assert "Niet opgeslagen: iemand anders heeft deze hulpvraag" in body
    assert "Vraag volgens mij." in body and "Vraag volgens de collega." in body
    help_request.refresh_from_db()
    assert help_request.question == "Vraag volgens de collega."
    # Saving again, now based on the colleague's version, goes through.
    again = second.context["correct_form"].data
    assert login(worker).post(url(help_request), again).status_code == 302
    help_request.refresh_from_db()
    assert help_request.question == "Vraag volgens mij."


@pytest.mark.parametrize("persona,status", [("council_member", 403), ("partner_worker", 403), ("stranger", 404)])
def test_who_may_not_see_or_change_the_request_cannot_correct_it(request, help_request, persona, status):
    response = login(request.getfixturevalue(persona)).post(url(help_request), form_data(
        help_request, question="Niet van jou."))
    assert response.status_code == status
    help_request.refresh_from_db()
    assert help_request.question != "Niet van jou."
