"""The decision letter PDF (text extracted with pypdf) and objections with their own clock."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mandates import clocks, services
from mandates.models import DecisionSettings, LetterStatus, ObjectionStatus
from mandates.tasks import render_letter
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(prepare, worker, worker_mandate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    DecisionSettings.objects.update_or_create(pk=1, defaults={"municipality_name": "Gemeente Meerhoven",
                                                              "objection_address": "Postbus 1, 8440 AA Meerhoven"})
    decision = prepare()
    return services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                                    today=timezone.localdate())


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")


def test_the_letter_task_renders_the_pdf_with_the_mandate_line_and_the_objection_clause(sent, worker):
    render_letter(sent.letter.pk)  # the Celery task, run in-process
    sent.letter.refresh_from_db()
    assert sent.letter.status == LetterStatus.DONE
    response = login(worker).get(reverse("mandates:letter_pdf", args=[sent.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Namens het college van burgemeester en wethouders van Gemeente Meerhoven" in text
    assert "onder mandaat" in text
    assert sent.mandate.decree_reference in text
    last_day = sent.objection_period_ends_on
    assert f"uiterlijk op {last_day.day} " in text
    assert "Postbus 1, 8440 AA Meerhoven" in text
    assert sent.resident.full_name in text
    assert "Hulp bij het huishouden" in text


def test_rendering_twice_does_not_render_again(sent):
    render_letter(sent.letter.pk)
    sent.letter.refresh_from_db()
    first = sent.letter.rendered_at
    render_letter(sent.letter.pk)
    sent.letter.refresh_from_db()
    assert sent.letter.rendered_at == first


def test_the_letter_is_only_served_to_users_who_may_see_the_decision(sent, stranger, council_member):
    render_letter(sent.letter.pk)
    assert login(stranger).get(reverse("mandates:letter_pdf", args=[sent.pk])).status_code == 404
    assert login(council_member).get(reverse("mandates:letter_pdf", args=[sent.pk])).status_code == 403


def test_the_status_fragment_polls_until_the_letter_is_ready(sent, worker):
    client = login(worker)
    url = reverse("mandates:letter_status", args=[sent.pk])
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in waiting
    render_letter(sent.letter.pk)
    ready = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready
    assert reverse("mandates:letter_pdf", args=[sent.pk]) in ready


def test_an_objection_gets_its_own_clock(sent, colleague):
    response = login(colleague).post(reverse("mandates:objection_new", args=[sent.pk]), {
        "received_on": timezone.localdate(), "grounds": "Drie uur is te weinig.", "advisory_committee": "on"})
    assert response.status_code == 302
    objection = sent.objections.get()
    cal = clocks.load_calendar()
    assert objection.due_on == clocks.objection_decision_due(cal, objection_period_end=sent.objection_period_ends_on,
                                                             advisory_committee=True)
    assert objection.late is False


def test_whoever_decided_under_mandate_may_not_decide_the_objection(sent, worker, colleague):
    objection = services.objection_register(user=colleague, request=None, decision=sent,
                                            received_on=timezone.localdate(), grounds="Te weinig uren.",
                                            advisory_committee=False)
    url = reverse("mandates:objection_decide", args=[objection.pk])
    assert login(worker).post(url, {"outcome": "unfounded"}).status_code == 403
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
    login(colleague).post(url, {"outcome": "unfounded"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DECIDED
    assert objection.decided_by == colleague


def test_an_objection_without_grounds_gets_a_dutch_error(sent, colleague):
    response = login(colleague).post(reverse("mandates:objection_new", args=[sent.pk]),
                                     {"received_on": timezone.localdate(), "grounds": ""})
    assert response.status_code == 200
    assert "Vat samen waarom de inwoner bezwaar maakt." in response.content.decode()
    assert not sent.objections.exists()


def test_a_sent_decision_is_on_the_household_timeline(sent, worker):
    page = login(worker).get(reverse("intake:household", args=[sent.household_id])).content.decode()
    assert reverse("mandates:decision", args=[sent.pk]) in page


def test_the_same_objection_posted_twice_is_registered_once(sent, colleague):
    client = login(colleague)
    data = {"received_on": timezone.localdate().isoformat(), "grounds": "Te weinig uren huishoudelijke hulp."}
    url = reverse("mandates:objection_new", args=[sent.pk])
    client.post(url, data)
    client.post(url, data)
    assert sent.objections.count() == 1
    client.post(url, {**data, "grounds": "Ook de eigen bijdrage klopt niet."})
    assert sent.objections.count() == 2  # a different objection is its own
