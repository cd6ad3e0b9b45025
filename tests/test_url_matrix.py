"""The role x URL x object matrix: every named URL of the URLconf, opened by every persona.

The registry (tests/url_matrix.py) says what each persona gets; this walks the URLconf so a new
URL without an entry fails here, as does an entry for a URL that no longer exists. Refused POSTs
must answer 403/404 and leave the database as it was; pages a persona may open but that are not
about this resident must not show the resident's name."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import login
from tests.url_matrix import OUTSIDERS, PERSONAS, URLS
from tests.url_matrix_world import build_world

pytestmark = pytest.mark.django_db

# Django's own admin (is_staff, with its own tests) is left out; static and media are not
# routed through the URLconf in this project.
SKIPPED_PREFIXES = ("admin/",)
OUR_APPS = ("accounts", "intake", "cases", "mandates", "partners", "reporting", "otp_totp", "otp_static",
            "django_otp_webauthn")


def url_names(patterns=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every named URL, recursively through includes: name -> route."""
    found: dict[str, str] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            found |= url_names(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[":".join(filter(None, [namespace, pattern.name]))] = route
    return found


def test_every_url_has_a_registry_entry_and_every_entry_a_url():
    names = set(url_names())
    assert not names - set(URLS), f"URLs without an entry in tests/url_matrix.py: {sorted(names - set(URLS))}"
    assert not set(URLS) - names, f"entries for URLs that no longer exist: {sorted(set(URLS) - names)}"


def test_the_walk_finds_urls_inside_includes_and_namespaces():
    names = url_names()
    assert names["cases:goal_edit"] == "cases/<int:case_id>/goals/<int:goal_id>/"
    assert names["public:request"] == "hulpvraag/" and "home" in names


@pytest.fixture
def world(worker, help_request, conversation, resident, household, partner_worker, zone):
    return build_world(worker=worker, help_request=help_request, conversation=conversation, resident=resident,
                       household=household, partner_worker=partner_worker, zone=zone)


@pytest.fixture
def clients(request, world, colleague, stranger, team_leader, other_team_leader, council_member,
            administrator) -> dict[str, Client]:
    users = {persona: world[persona] if persona in world else request.getfixturevalue(persona)
             for persona in PERSONAS}
    return {persona: login(user) for persona, user in users.items()}


def url_for(name: str, world: dict) -> str:
    args = [arg[1:] if arg.startswith("=") else world[arg].pk for arg in URLS[name].args]
    return reverse(name, args=args)


def database_state(world: dict) -> tuple:
    """Row counts of every table of our apps (one query) and the objects' field values."""
    tables = sorted({model._meta.db_table for model in apps.get_models()
                     if model._meta.app_label in OUR_APPS and not model._meta.proxy})
    with connection.cursor() as cursor:
        # Table names come from our own models, not from input.
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM \"{t}\"" for t in tables))  # noqa: S608
        counts = sorted(cursor.fetchall())
    objects = []
    for key, obj in sorted(world.items()):
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        objects.append((key, repr(model_to_dict(fresh)) if fresh else None))
    return counts, objects


def test_every_persona_gets_what_the_registry_says_on_get(world, clients, resident):
    wrong = []
    for name, entry in URLS.items():
        url = url_for(name, world)
        for persona, expected in entry.expected_get().items():
            response = clients[persona].get(url)
            if response.status_code != expected:
                wrong.append(f"{name} {url} {persona}: {response.status_code}, expected {expected}")
            elif (response.status_code == 200 and persona in OUTSIDERS and not entry.stranger_sees_name
                  and resident.full_name in response.content.decode(errors="replace")):
                wrong.append(f"{name} {url} {persona}: shows the resident's name")
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_the_login_except_on_public_pages(world):
    wrong = []
    login_url = reverse(settings.LOGIN_URL)
    for name, entry in URLS.items():
        url = url_for(name, world)
        response = Client().get(url)
        if entry.anonymous is not None:
            ok = response.status_code == entry.anonymous
        else:
            ok = response.status_code == 302 and response["Location"].startswith(login_url)
        if not ok:
            wrong.append(f"{name} {url}: {response.status_code} {response.get('Location', '')}")
    assert not wrong, "\n".join(wrong)


def test_a_refused_post_answers_403_or_404_and_changes_nothing(world, clients):
    wrong = []
    for name, entry in URLS.items():
        if not entry.post:
            continue
        url = url_for(name, world)
        before = database_state(world)
        for persona in entry.post:
            response = clients[persona].post(url, {})
            if response.status_code not in (403, 404):
                wrong.append(f"{name} {url} {persona}: {response.status_code}")
        anonymous = Client().post(url, {})
        if anonymous.status_code != 302 or not anonymous["Location"].startswith(reverse(settings.LOGIN_URL)):
            wrong.append(f"{name} {url} anonymous: {anonymous.status_code}")
        if database_state(world) != before:
            wrong.append(f"{name} {url}: a refused POST changed the database")
    assert not wrong, "\n".join(wrong)

