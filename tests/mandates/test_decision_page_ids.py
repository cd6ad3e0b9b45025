"""The decision page carries several forms with a `version` field; every id on it is unique
(a label or an error link pointing at a duplicate id reaches the wrong field)."""

import collections
import re

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def duplicate_ids(html: str) -> list[str]:
    counts = collections.Counter(re.findall(r'\sid="([^"]*)"', html))
    return sorted(i for i, n in counts.items() if n > 1)


def test_the_decision_page_has_no_duplicate_ids(assistance, worker):
    html = login(worker).get(reverse("mandates:decision", args=[assistance.pk])).content.decode()
    assert 'action="' + reverse("mandates:decision_term", args=[assistance.pk]) in html
    assert 'formaction="' + reverse("mandates:decision_discard", args=[assistance.pk]) in html
    assert duplicate_ids(html) == []


def test_the_page_with_an_invalid_term_has_no_duplicate_ids_either(assistance, worker):
    response = login(worker).post(reverse("mandates:decision_term", args=[assistance.pk]), {
        "extension_weeks": "veel", "suspended_days": "0", "version": assistance.version})
    html = response.content.decode()
    assert "Vul een heel aantal weken in." in html
    assert duplicate_ids(html) == []
