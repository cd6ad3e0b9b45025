"""Ids read by hand from the query string: '²' passes str.isdigit() but not int() (a server error
from a crafted link). Anything but ASCII digits is ignored, as if it was not given."""

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

NOT_IDS = ["²", "١٢", "9" * 30]


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_queue_ignores_a_zone_that_is_no_number(worker, help_request, value):
    response = login(worker).get(reverse("intake:queue"), {"zone": value})
    assert response.status_code == 200
    assert help_request in response.context["requests"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_registering_ignores_a_web_request_to_link_that_is_no_number(worker, value):
    response = login(worker).get(reverse("intake:register"), {"link": value})
    assert response.status_code == 200
    assert response.context["link_to"] is None
