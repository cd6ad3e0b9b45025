"""The main navigation: per role only links to pages that role may open, the current page
marked, the same links on every page (each process builds a role's links once)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ("worker", "team_leader", "council_member", "partner_worker", "administrator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_of_a_roles_navigation_opens_for_that_role(request, persona):
    user = request.getfixturevalue(persona)
    client = login(user)
    nav = client.get(reverse("partners:directory") if persona != "council_member"
                     else reverse("reporting:report_list")).context["nav_items"]
    assert nav
    for item in nav:
        assert client.get(item["url"]).status_code == 200, item["url"]


def test_roles_get_their_own_links_also_after_another_role_was_served(worker, team_leader, council_member):
    leader_nav = {item["url"] for item in login(team_leader).get(reverse("reporting:team")).context["nav_items"]}
    worker_nav = {item["url"] for item in login(worker).get(reverse("intake:my_work")).context["nav_items"]}
    council_nav = {item["url"] for item in
                   login(council_member).get(reverse("reporting:report_list")).context["nav_items"]}
    assert reverse("reporting:team") in leader_nav and reverse("reporting:team") not in worker_nav
    assert reverse("intake:my_work") in worker_nav and reverse("intake:my_work") not in leader_nav
    assert council_nav == {reverse("reporting:report_list")}


def test_the_current_page_is_marked(worker):
    nav = login(worker).get(reverse("intake:my_work")).context["nav_items"]
    assert [item["url"] for item in nav if item["current"]] == [reverse("intake:my_work")]
    body = login(worker).get(reverse("intake:my_work")).content.decode()
    assert f'href="{reverse("intake:my_work")}" aria-current="page"' in body
