"""The plan as a PDF for the resident."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_pdf_holds_the_goals_and_actions_in_dutch(case, worker, organisation):
    services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                        description="Budgetcoaching", actor="partner", organisation=organisation,
                        due_on=timezone.localdate())
    response = login(worker).get(reverse("cases:pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Uw plan" in text
    assert "Ik wil de rekeningen weer zelf betalen." in text
    assert "Budgetcoaching" in text
    assert "Schuldhulpmaatje Meerhoven" in text
