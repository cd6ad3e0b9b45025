"""The access request (AVG art. 15) must hold everything held on the resident."""

import json

import pytest
from django.urls import reverse

from cases.models import CaseDocument, Evaluation, EvaluationScore, PartnerFeedback
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import LifeDomain
from tests.conftest import login

pytestmark = pytest.mark.django_db


def export(team_leader, resident) -> dict:
    response = login(team_leader).get(reverse("intake:resident_export", args=[resident.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_export_lists_the_documents_uploaded_to_the_residents_plan(team_leader, worker, history):
    CaseDocument.objects.create(case=history["case"], description="Medische verklaring EIGEN",
                                original_name="verklaring.pdf", content_type="application/pdf", size=10,
                                sha256="0" * 64, stored_name="a" * 32, uploaded_by=worker)
    data = export(team_leader, history["resident"])
    assert "Medische verklaring EIGEN" in json.dumps(data, ensure_ascii=False)


def test_the_export_holds_the_partners_feedback_on_the_plan(team_leader, worker, history):
    action = history["case"].actions.get()
    PartnerFeedback.objects.create(case=history["case"], action=action, author=worker, worked="yes",
                                   text="Terugkoppeling partner EIGEN")
    data = export(team_leader, history["resident"])
    assert "Terugkoppeling partner EIGEN" in json.dumps(data, ensure_ascii=False)


def test_the_export_holds_the_self_reliance_scores_of_the_plan_evaluations(team_leader, history):
    evaluation = Evaluation.objects.get(case=history["case"])
    domain = LifeDomain.objects.first()
    EvaluationScore.objects.create(evaluation=evaluation, domain=domain, score=4)
    plan = export(team_leader, history["resident"])["plans"][0]
    [exported] = plan["evaluations"]
    assert exported["scores"] == [{"domain": domain.name, "score": 4}]


def test_the_export_holds_the_contact_details_the_resident_typed_in_the_web_form(
        team_leader, worker, history, zone):
    resident = history["resident"]
    web = HelpRequestFactory(web=True, zone=zone, question="Webvraag EIGEN",
                             submitted_contact={"name": "J. de Vries", "postcode": "8441AB", "house_number": "1",
                                                "phone": "0612345678", "email": "webformulier@example.nl"})
    web.resident, web.household = resident, history["help_request"].household
    web.save(update_fields=["resident", "household"])
    data = export(team_leader, resident)
    assert "webformulier@example.nl" in json.dumps(data, ensure_ascii=False)


def test_the_export_holds_the_conversation_the_resident_attended_for_a_housemates_request(
        team_leader, worker, history, zone):
    household = history["help_request"].household
    housemate = MembershipFactory(household=household).resident
    request = HelpRequestFactory(household=household, resident=housemate, zone=zone, assigned=True,
                                 assigned_worker=worker)
    conversation = ConversationFactory(help_request=request, worker=worker,
                                       own_strength="Samen met partner EIGEN besproken")
    conversation.present_residents.set([history["resident"], housemate])
    data = export(team_leader, history["resident"])
    assert "Samen met partner EIGEN besproken" in json.dumps(data, ensure_ascii=False)


def test_the_readable_document_holds_the_new_parts_too(team_leader, worker, history):
    """The PDF is made from the same sections: its HTML names the document and the web-form contact."""
    from django.template.loader import render_to_string

    from intake.exports import sections

    CaseDocument.objects.create(case=history["case"], description="Huurcontract EIGEN", original_name="huur.pdf",
                                content_type="application/pdf", size=10, sha256="0" * 64, stored_name="b" * 32,
                                uploaded_by=worker)
    html = render_to_string("privacy/export_pdf.html", {"resident": history["resident"],
                                                        "sections": sections(history["resident"])})
    assert "Huurcontract EIGEN" in html and "documenten" in html
