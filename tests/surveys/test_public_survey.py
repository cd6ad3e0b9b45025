"""The resident's side: the personal link, the code from a letter, one-time use, expiry and
Dutch validation messages. No login anywhere."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Answer, Invitation, Response, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(send_decision):
    send_decision()
    return Invitation.objects.get()


@pytest.fixture
def credentials(invitation):
    return services.invitation_print_letter(invitation=invitation)


def all_answers(score: str = "5", **overrides) -> dict:
    data = {f"statement_{s.pk}": score for s in Statement.objects.filter(active=True)}
    data.update(overrides)
    return data


def test_the_personal_link_shows_the_nine_statements_as_fieldsets_in_dutch(credentials):
    response = Client().get(reverse("survey:answer", args=[credentials.token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 9
    assert "<legend" in html and "De medewerker nam mij serieus." in html
    assert "Helemaal mee eens" in html and 'type="radio"' in html


def test_the_statements_follow_the_english_switch(credentials):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("survey:answer", args=[credentials.token])).content.decode()
    assert "The worker took me seriously." in html
    assert "Strongly agree" in html


def test_answering_stores_an_anonymous_response_and_uses_up_the_link(credentials, invitation, zone):
    url = reverse("survey:answer", args=[credentials.token])
    first = Statement.objects.order_by("position").first()
    data = all_answers("4", remark="Fijn geholpen.")
    data[f"statement_{first.pk}"] = "0"  # don't know
    response = Client().post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("survey:thanks")
    stored = Response.objects.get()
    assert (stored.zone, stored.answered_on, stored.source_kind, stored.decision_kind, stored.remark) == (
        zone, timezone.localdate(), "decision", "wmo", "Fijn geholpen.")
    assert Answer.objects.filter(response=stored, score=4).count() == 8
    assert Answer.objects.get(response=stored, statement=first).score is None
    invitation.refresh_from_db()
    assert invitation.used

    again = Client().get(url)
    assert again.status_code == 410
    assert "U hebt deze vragenlijst al ingevuld" in again.content.decode()
    posted_again = Client().post(url, all_answers())
    assert posted_again.status_code == 410
    assert Response.objects.count() == 1


def test_an_expired_link_shows_a_friendly_page_and_stores_nothing(credentials, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    url = reverse("survey:answer", args=[credentials.token])
    response = Client().get(url)
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()
    assert Client().post(url, all_answers()).status_code == 410
    assert not Response.objects.exists()


def test_an_unknown_link_says_so_and_points_to_the_code_page(credentials):
    response = Client().get(reverse("survey:answer", args=[credentials.token + "x"]))
    assert response.status_code == 404
    assert "Deze link herkennen wij niet" in response.content.decode()


def test_printing_the_letter_again_replaces_the_code(invitation):
    old = services.invitation_print_letter(invitation=invitation)
    new = services.invitation_print_letter(invitation=invitation)
    assert Client().get(reverse("survey:answer", args=[old.token])).status_code == 404
    assert Client().get(reverse("survey:answer", args=[new.token])).status_code == 200


def test_a_missing_answer_gets_a_dutch_error_next_to_the_statement_and_keeps_the_others(credentials):
    first, second = Statement.objects.order_by("position")[:2]
    data = all_answers("2", remark="Bijna klaar")
    del data[f"statement_{second.pk}"]
    response = Client().post(reverse("survey:answer", args=[credentials.token]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een antwoord bij deze stelling." in html
    assert f'id="id_statement_{second.pk}_error"' in html
    assert "Bijna klaar" in html
    assert not Response.objects.exists()
    form = response.context["form"]
    assert form[f"statement_{first.pk}"].value() == "2"
    assert list(form.errors) == [f"statement_{second.pk}"]


def test_a_score_outside_the_scale_is_refused(credentials):
    first = Statement.objects.order_by("position").first()
    response = Client().post(reverse("survey:answer", args=[credentials.token]),
                             all_answers(**{f"statement_{first.pk}": "9"}))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Response.objects.exists()


def test_the_code_from_a_letter_opens_the_survey_once(credentials, invitation):
    client = Client()
    typed = services.format_code(credentials.code).lower().replace("-", " ")
    response = client.post(reverse("survey:code"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse("survey:answer_by_code")
    assert client.get(reverse("survey:answer_by_code")).status_code == 200
    assert client.post(reverse("survey:answer_by_code"), all_answers()).status_code == 302
    assert Response.objects.count() == 1
    # The same code again: used.
    used = Client().post(reverse("survey:code"), {"code": credentials.code})
    assert used.status_code == 410


def test_the_questionnaire_page_without_a_code_sends_the_resident_to_the_code_page(db):
    response = Client().get(reverse("survey:answer_by_code"))
    assert response.status_code == 302 and response["Location"] == reverse("survey:code")


def test_a_mistyped_code_gets_a_dutch_error_and_keeps_the_input(credentials):
    response = Client().post(reverse("survey:code"), {"code": "ABC-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een code heeft acht letters en cijfers" in html
    assert 'value="ABC-12"' in html
    assert 'id="id_code_error"' in html


def test_an_unknown_code_is_refused(credentials):
    wrong = "AAAAAAAA" if credentials.code != "AAAAAAAA" else "BBBBBBBB"
    response = Client().post(reverse("survey:code"), {"code": wrong})
    assert response.status_code == 200
    assert "Deze code kennen wij niet" in response.content.decode()


def test_guessing_codes_is_rate_limited_per_address(credentials):
    client = Client()
    for _ in range(settings.SURVEY_CODE_RATE_LIMIT):
        assert client.post(reverse("survey:code"), {"code": "AAAAAAAA"}).status_code == 200
    blocked = client.post(reverse("survey:code"), {"code": credentials.code})
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.content.decode()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7").post(reverse("survey:code"), {"code": credentials.code})
    assert other.status_code == 302


def test_the_public_pages_need_no_login(db):
    for name in ("survey:code", "survey:thanks"):
        assert Client().get(reverse(name)).status_code == 200
