"""What a signed-in user receives is never stored by the browser (toegang.middleware.no_store_middleware):
on a shared walk-in computer neither the cache nor Back after logging out may show a resident's
record to the next person. Public pages keep their normal caching; a view that chose its own
Cache-Control keeps it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from partners.factories import OrganisationFactory, PersonFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_record_page_is_not_stored(worker, help_request):
    response = login(worker).get(reverse("intake:request_detail", args=[help_request.pk]))
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_an_htmx_fragment_is_not_stored_either(worker, help_request):
    response = login(worker).get(reverse("intake:request_detail", args=[help_request.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "no-store" in directives(response)


def test_the_json_export_of_a_resident_is_not_stored(team_leader, help_request):
    response = login(team_leader).get(reverse("intake:resident_export", args=[help_request.resident_id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "no-store" in directives(response)


def test_a_refusal_to_a_signed_in_user_is_not_stored_either(council_member, help_request):
    response = login(council_member).get(reverse("intake:request_detail", args=[help_request.pk]))
    assert response.status_code in (403, 404)
    assert "no-store" in directives(response)


@pytest.mark.parametrize("name", ["public:request", "public:thanks", "survey:thanks"])
def test_public_pages_are_not_forced(name):
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_the_login_page_keeps_what_django_sets_for_it():
    # Django's LoginView is never_cache of its own (the form carries a CSRF token); the
    # middleware neither adds to nor removes from it.
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert directives(response) == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def test_the_public_form_is_not_forced_after_a_post_either():
    response = Client().post(reverse("public:request"), {})
    assert "no-store" not in directives(response)


def test_a_view_with_its_own_cache_control_keeps_it(worker, zone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    person = PersonFactory(organisation=OrganisationFactory(), zones=[zone], photo_content_type="image/png")
    person.photo.save("gezicht.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    response = login(worker).get(reverse("partners:person_photo", args=[person.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
    response.close()
