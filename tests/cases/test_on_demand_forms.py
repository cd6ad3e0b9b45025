"""The plan page's rarely used forms (hand over, consent, close) sit behind a link and are rendered
only when opened, after a refused POST keeps what was typed, and never for a user who may not use
them. Opening one is a GET of the plan page (logged as a view like any other)."""

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.models import CaseStatus
from tests.conftest import login

pytestmark = pytest.mark.django_db

FORMS = {"close": ('name="outcome"', "Het plan afsluiten met de uitkomst"),
         "consent": ('name="parts"', "Toestemming van de inwoner vastleggen"),
         "reassign": ('name="director"', "Het plan overdragen aan een andere regisseur")}


def plan(client, case, **params):
    response = client.get(reverse("cases:detail", args=[case.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_page_offers_links_not_forms(case, worker):
    body = plan(login(worker), case)
    for name, (field, link) in FORMS.items():
        assert field not in body, name
        assert link in body
        url = f"{reverse('cases:detail', args=[case.pk])}?form={name}"
        assert f'href="{url}#{name}-slot"' in body
        assert f'hx-get="{url}" hx-select="#{name}-slot" hx-target="#{name}-slot"' in body


@pytest.mark.parametrize("name", FORMS)
def test_opening_a_form_renders_it_in_its_slot_with_the_focus_on_its_first_field(case, worker, name):
    field, link = FORMS[name]
    body = plan(login(worker), case, form=name)
    slot = body[body.index(f'id="{name}-slot"'):]
    slot = slot[:slot.index("</form>")]
    assert field in slot and "autofocus" in slot
    assert link not in body
    assert body.count("autofocus") == 1
    assert AccessLogEntry.objects.filter(purpose="plan: view", action="view").count() == 1


def test_an_unknown_form_name_opens_nothing(case, worker):
    body = plan(login(worker), case, form="summary")
    assert "autofocus" not in body
    assert all(field not in body for field, _link in FORMS.values())


def test_a_refused_close_keeps_the_form_open_with_what_was_typed(case, worker):
    response = login(worker).post(reverse("cases:close", args=[case.pk]),
                                  {"version": case.version, "reason": "Rekeningen lopen weer.", "closed_on": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rekeningen lopen weer." in body and "Kies de uitkomst." in body
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_reader_of_the_plan_is_offered_no_form_and_cannot_open_one(case, team_leader):
    # The team leader may hand the plan over, not close it or record consent.
    client = login(team_leader)
    body = plan(client, case)
    assert FORMS["reassign"][1] in body
    assert FORMS["close"][1] not in body and FORMS["consent"][1] not in body
    for name in ("close", "consent"):
        assert FORMS[name][0] not in plan(client, case, form=name)
    assert FORMS["reassign"][0] in plan(client, case, form="reassign")
