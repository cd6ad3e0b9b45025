"""An htmx request that meets the login (an expired session) or the second-factor page loads that
page as a whole (HX-Redirect) instead of swapping it into a part of the page, where with hx-select
the link the user clicked would just vanish. Other redirects are left alone."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_an_htmx_request_without_a_session_is_sent_to_the_login_page_as_a_whole_page(case):
    url = reverse("cases:detail", args=[case.pk]) + "?form=close"
    response = Client().get(url, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login") + "?next=")
    assert "form%3Dclose" in response["HX-Redirect"]
    assert response.content == b""


def test_the_same_request_without_htmx_is_an_ordinary_redirect(case):
    response = Client().get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302 and "HX-Redirect" not in response


def test_an_htmx_request_without_the_second_factor_is_sent_to_verify_it(case, worker):
    client = Client()
    client.force_login(worker)
    response = client.get(reverse("cases:detail", args=[case.pk]), headers=HTMX)
    assert response["HX-Redirect"].startswith(reverse("accounts:two_factor_verify"))


def test_other_redirects_of_an_htmx_request_are_left_alone(case, worker, partner_action):
    response = login(worker).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                  {"worked": "yes", "text": "Liep goed."}, headers=HTMX)
    assert response.status_code == 302 and "HX-Redirect" not in response
