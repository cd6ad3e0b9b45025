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


def test_a_pdf_that_takes_too_long_sends_the_worker_back_with_a_message(case, worker, monkeypatch):
    import time

    from cases import pdf

    monkeypatch.setattr(pdf, "PDF_RENDER_SECONDS", 0.01)
    monkeypatch.setattr(pdf, "_write_pdf", lambda html, base_url: time.sleep(0.5) or b"")
    response = login(worker).get(reverse("cases:pdf", args=[case.pk]), follow=True)
    assert "De pdf kon niet op tijd worden gemaakt." in response.content.decode()


def test_the_renderer_fetches_only_the_apps_own_static_files():
    from cases.pdf import _fetch_static

    class Response:
        def __init__(self, url, body, headers):
            self.body = body

    assert _fetch_static("http://testserver/static/css/app.css", Response).body.startswith(b"/*")
    for url in ["http://evil.example/x.css", "file:///etc/passwd", "http://testserver/static/../../etc/passwd"]:
        with pytest.raises(ValueError):
            _fetch_static(url, Response)
