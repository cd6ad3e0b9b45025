"""A person keeps their own directory entry current; organisation administrators manage their
organisation's people; photos are checked and served only to directory users."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from accounts.factories import UserFactory
from accounts.models import Role
from partners.factories import PersonFactory
from partners.forms import normalise_dutch_phone
from partners.models import Person
from partners.selectors import directory_search
from tests.conftest import login

pytestmark = pytest.mark.django_db


def entry_data(person, **changes):
    data = {"name": person.name, "job_title": person.job_title, "expertise": ", ".join(person.expertise),
            "zones": [z.pk for z in person.zones.all()], "phone": person.phone, "email": person.email,
            "availability": person.availability, "availability_note": "", "version": person.version}
    data.update(changes)
    return data


def png_bytes(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of some 70 bytes whose header claims the given size (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("typed,stored", [("06 12345678", "+31612345678"), ("0513-123456", "+31513123456"),
                                          ("+31 20 555 1234", "+31205551234")])
def test_dutch_phone_numbers_are_stored_in_e164(typed, stored):
    assert normalise_dutch_phone(typed) == stored


def test_a_partner_updates_their_own_entry_and_confirms_it(debt_partner, counsellor):
    Person.objects.filter(pk=counsellor.pk).update(confirmed_on=timezone.localdate().replace(year=2020))
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        entry_data(counsellor, expertise="schuldhulp, woonlasten",
                                                   phone="06 87654321", availability=[1, 3]))
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.phone == "+31687654321"
    assert counsellor.expertise == ["schuldhulp", "woonlasten"]
    assert counsellor.availability == [1, 3]
    assert counsellor.confirmed_on == timezone.localdate()
    assert counsellor.version == 2
    assert "Ronald Mulder" in {p.name for p in directory_search(text="woonlasten")}


def test_a_wrong_phone_number_gives_a_dutch_error_and_keeps_what_was_typed(debt_partner, counsellor):
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        entry_data(counsellor, phone="12345", job_title="Coördinator"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een Nederlands telefoonnummer in" in html
    assert 'value="Coördinator"' in html and 'value="12345"' in html


def test_a_second_editor_does_not_silently_overwrite_the_first(debt_partner, counsellor, administrator):
    stale_form = entry_data(counsellor, job_title="Teamleider schuldhulp")
    login(administrator).post(reverse("partners:person_edit", args=[counsellor.pk]),
                              entry_data(counsellor, job_title="Senior schuldhulpverlener"))
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]), stale_form)
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode()
    counsellor.refresh_from_db()
    assert counsellor.job_title == "Senior schuldhulpverlener"


def test_another_directory_user_may_not_edit_someone_elses_entry(worker, welfare_partner, counsellor):
    for user in (worker, welfare_partner):
        client = login(user)
        assert client.get(reverse("partners:person_edit", args=[counsellor.pk])).status_code == 403
        assert client.post(reverse("partners:person_edit", args=[counsellor.pk]),
                           entry_data(counsellor, name="Gekaapt")).status_code == 403
    counsellor.refresh_from_db()
    assert counsellor.name == "Ronald Mulder"


def test_an_organisation_administrator_manages_their_own_organisations_people(debt_org, welfare_org, counsellor):
    admin_user = UserFactory(username="coordinator", role=Role.PARTNER_WORKER, organisation=debt_org)
    PersonFactory(organisation=debt_org, user=admin_user, is_organisation_admin=True)
    elsewhere = PersonFactory(organisation=welfare_org)
    client = login(admin_user)
    assert client.get(reverse("partners:person_edit", args=[counsellor.pk])).status_code == 200
    assert client.get(reverse("partners:person_edit", args=[elsewhere.pk])).status_code == 403
    assert client.get(reverse("partners:organisation", args=[debt_org.pk])).status_code == 200
    assert "Persoon toevoegen" not in client.get(reverse("partners:organisation", args=[welfare_org.pk])).content.decode()
    assert client.get(reverse("partners:person_new", args=[welfare_org.pk])).status_code == 403
    response = client.post(reverse("partners:person_new", args=[debt_org.pk]), {
        "name": "Aukje Terpstra", "job_title": "Budgetcoach", "expertise": "budgetcoaching, formulieren",
        "phone": "0513 654321", "email": "aukje@partner.example", "availability": [0], "active": "on"})
    assert response.status_code == 302
    added = Person.objects.get(name="Aukje Terpstra")
    assert added.organisation == debt_org and added.phone == "+31513654321"
    assert "Aukje Terpstra" in {p.name for p in directory_search(text="budgetcoach")}


def test_a_double_click_on_add_person_adds_them_once(administrator, debt_org, welfare_org, zone):
    """Two posts of the same form made two directory entries for one person."""
    client = login(administrator)
    data = {"name": "Fenna de Vries", "job_title": "Budgetcoach", "expertise": "budgetcoaching",
            "zones": [zone.pk], "phone": "06 12345678", "email": "fenna@schuldhulp.example",
            "availability": [1], "availability_note": "", "active": "on"}
    first = client.post(reverse("partners:person_new", args=[debt_org.pk]), data)
    second = client.post(reverse("partners:person_new", args=[debt_org.pk]), {**data, "email": "Fenna@Schuldhulp.example"})
    assert first.status_code == second.status_code == 302
    assert Person.objects.filter(name="Fenna de Vries").count() == 1
    # Another organisation's namesake, or one with another e-mail, is someone else.
    client.post(reverse("partners:person_new", args=[welfare_org.pk]), data)
    client.post(reverse("partners:person_new", args=[debt_org.pk]), {**data, "email": "f.devries@schuldhulp.example"})
    assert Person.objects.filter(name="Fenna de Vries").count() == 3


def test_someone_who_left_and_is_added_again_gets_a_new_active_entry(administrator, debt_org, counsellor):
    Person.objects.filter(pk=counsellor.pk).update(active=False)
    response = login(administrator).post(reverse("partners:person_new", args=[debt_org.pk]), {
        "name": counsellor.name, "job_title": counsellor.job_title, "email": counsellor.email,
        "phone": "", "active": "on"})
    assert response.status_code == 302
    assert Person.objects.filter(name=counsellor.name, active=True).exclude(pk=counsellor.pk).count() == 1


def test_only_an_administrator_may_change_who_administers_an_organisation(debt_partner, counsellor):
    login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                             entry_data(counsellor, is_organisation_admin="on"))
    counsellor.refresh_from_db()
    assert counsellor.is_organisation_admin is False


def test_a_photo_is_stored_outside_the_web_root_and_served_only_to_directory_users(
        debt_partner, counsellor, worker, council_member, settings):
    photo = SimpleUploadedFile("../../etc/passwd.png", png_bytes(), content_type="image/png")
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        {**entry_data(counsellor), "photo": photo})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.photo.name.startswith("partners/photos/") and "passwd" not in counsellor.photo.name
    assert str(settings.MEDIA_ROOT) in counsellor.photo.path
    served = login(worker).get(reverse("partners:person_photo", args=[counsellor.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_bytes()
    assert login(council_member).get(reverse("partners:person_photo", args=[counsellor.pk])).status_code == 403


def test_a_file_that_is_not_an_image_is_refused_in_dutch(debt_partner, counsellor):
    fake = SimpleUploadedFile("foto.png", b"<script>alert(1)</script>", content_type="image/png")
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        {**entry_data(counsellor), "photo": fake})
    assert "JPEG of PNG" in response.content.decode()
    counsellor.refresh_from_db()
    assert not counsellor.photo


def test_a_photo_over_2_mb_is_refused(debt_partner, counsellor):
    big = SimpleUploadedFile("groot.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1), content_type="image/png")
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        {**entry_data(counsellor), "photo": big})
    assert "te groot" in response.content.decode()


@pytest.mark.parametrize("width,height", [
    (20000, 20000),  # Pillow refuses it on open (DecompressionBombError): it was a server error
    (10000, 10000),  # Pillow only warns
    (8000, 6000),    # Pillow says nothing; still far more than a face on a card needs
])
def test_a_photo_claiming_too_many_pixels_is_refused_in_dutch_next_to_the_field(
        debt_partner, counsellor, width, height):
    """A few bytes can make the server (and every browser showing the card) decode a huge image."""
    bomb = SimpleUploadedFile("foto.png", png_claiming(width, height), content_type="image/png")
    response = login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                                        {**entry_data(counsellor), "photo": bomb})
    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == ["Upload een foto als JPEG of PNG van maximaal 40 megapixel."]
    counsellor.refresh_from_db()
    assert not counsellor.photo


def test_my_entry_leads_a_partner_to_their_own_entry(debt_partner, counsellor, welfare_partner):
    response = login(debt_partner).get(reverse("partners:my_entry"))
    assert response["Location"] == reverse("partners:person_edit", args=[counsellor.pk])
    assert login(welfare_partner).get(reverse("partners:my_entry")).status_code == 404


def test_the_stale_list_uses_the_configured_number_of_days(counsellor):
    from partners.models import DirectorySettings

    today = timezone.localdate()
    Person.objects.filter(pk=counsellor.pk).update(confirmed_on=today.replace(day=1) if today.day > 1 else today)
    DirectorySettings.objects.update_or_create(pk=1, defaults={"stale_after_days": 0})
    assert (counsellor.pk in Person.objects.stale(today).values_list("pk", flat=True)) == (today.day > 1)


def test_the_organisation_page_shows_services_finding_places_and_people(worker, debt_org, counsellor, zone):
    from partners.factories import FindingPlaceFactory, ServiceFactory

    ServiceFactory(organisation=debt_org, name="Formulierenhulp")
    FindingPlaceFactory(organisation=debt_org, name="Servicepunt Meerhoven", zone=zone, postcode="8441BA")
    PersonFactory(organisation=debt_org, name="Niet Actief", active=False)
    html = login(worker).get(reverse("partners:organisation", args=[debt_org.pk])).content.decode()
    assert "Formulierenhulp" in html and "Servicepunt Meerhoven" in html and "8441 BA" in html
    assert "Ronald Mulder" in html and 'href="tel:+31612345678"' in html
    assert "Niet Actief" not in html and "Persoon toevoegen" not in html


def test_a_photo_can_be_removed_and_is_then_no_longer_served(debt_partner, counsellor, worker):
    client = login(debt_partner)
    photo = SimpleUploadedFile("ik.png", png_bytes(), content_type="image/png")
    client.post(reverse("partners:person_edit", args=[counsellor.pk]), {**entry_data(counsellor), "photo": photo})
    counsellor.refresh_from_db()
    page = client.get(reverse("partners:person_edit", args=[counsellor.pk])).content.decode()
    assert "partners/photos/" not in page  # no link to the unserved media path
    client.post(reverse("partners:person_edit", args=[counsellor.pk]),
                {**entry_data(counsellor), "remove_photo": "on"})
    assert login(worker).get(reverse("partners:person_photo", args=[counsellor.pk])).status_code == 404


def test_an_entry_made_inactive_and_its_photo_are_gone_for_colleagues_but_not_for_who_edits_it(
        debt_partner, counsellor, worker, administrator, welfare_partner):
    """Someone who left is no longer found in the directory; their face was still served by id."""
    photo = SimpleUploadedFile("ik.png", png_bytes(), content_type="image/png")
    login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                             {**entry_data(counsellor), "photo": photo})
    photo_url = reverse("partners:person_photo", args=[counsellor.pk])
    assert login(worker).get(photo_url).status_code == 200
    Person.objects.filter(pk=counsellor.pk).update(active=False)
    assert login(worker).get(photo_url).status_code == 404
    # Not 403: that would confirm the entry exists.
    assert login(welfare_partner).get(reverse("partners:person_edit", args=[counsellor.pk])).status_code == 404
    for editor in (administrator, debt_partner):
        assert login(editor).get(photo_url).status_code == 200


def test_a_photo_missing_from_storage_is_not_found_not_a_server_error(debt_partner, counsellor, worker):
    """A restored backup or a lost volume can leave the entry naming a file that is gone."""
    photo = SimpleUploadedFile("ik.png", png_bytes(), content_type="image/png")
    login(debt_partner).post(reverse("partners:person_edit", args=[counsellor.pk]),
                             {**entry_data(counsellor), "photo": photo})
    counsellor.refresh_from_db()
    photo_url = reverse("partners:person_photo", args=[counsellor.pk])
    assert login(worker).get(photo_url).status_code == 200
    counsellor.photo.storage.delete(counsellor.photo.name)
    assert login(worker).get(photo_url).status_code == 404


def test_opening_an_entry_is_logged_as_a_read_and_saving_it_as_a_change(debt_partner, counsellor):
    from audit.models import AccessLogEntry

    client = login(debt_partner)
    client.get(reverse("partners:person_edit", args=[counsellor.pk]))
    client.post(reverse("partners:person_edit", args=[counsellor.pk]), entry_data(counsellor))
    actions = list(AccessLogEntry.objects.filter(username="ronald", object_type="partners.person",
                                                 object_id=str(counsellor.pk)).order_by("id")
                   .values_list("action", flat=True))
    assert actions[0] == "view" and actions[-1] == "update"


@hypothesis_settings(max_examples=60, deadline=None)
@given(area=st.sampled_from(["6", "20", "10", "513", "58", "50"]), rest=st.integers(min_value=0, max_value=10**9))
def test_any_valid_dutch_number_round_trips_to_e164_whatever_the_spacing(area, rest):
    import phonenumbers
    from hypothesis import assume

    digits = 9 - len(area)
    national = f"0{area}{rest % 10**digits:0{digits}d}"
    parsed = phonenumbers.parse(national, "NL")
    assume(phonenumbers.is_valid_number(parsed))
    spaced = f"{national[:4]} {national[4:]}"
    expected = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    assert normalise_dutch_phone(spaced) == normalise_dutch_phone(f"+31{national[1:]}") == expected


@pytest.mark.parametrize("typed", ["+32 2 555 12 34", "0800", "06 123", "bel me", "+1 202 555 0143"])
def test_numbers_that_are_not_valid_dutch_numbers_are_refused(typed):
    from django import forms

    with pytest.raises(forms.ValidationError):
        normalise_dutch_phone(typed)


def test_renaming_an_organisation_in_the_admin_refreshes_its_people_in_search(administrator, debt_org, counsellor):
    client = login(administrator)
    assert client.get(reverse("admin:partners_person_changelist")).status_code == 200
    url = reverse("admin:partners_organisation_change", args=[debt_org.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "name": "Geldzaken Meerhoven", "kind": "debt_counselling", "description": "", "phone": "", "email": "",
        "services-TOTAL_FORMS": "0", "services-INITIAL_FORMS": "0",
        "finding_places-TOTAL_FORMS": "0", "finding_places-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Ronald Mulder" in {p.name for p in directory_search(text="geldzaken")}


def test_renaming_a_zone_in_the_admin_refreshes_the_search_of_its_people(administrator, zone, counsellor):
    """Zone names are part of a person's search text; only an organisation change refreshed it."""
    client = login(administrator)
    url = reverse("admin:accounts_zone_change", args=[zone.pk])
    areas = list(zone.postcode_areas.all())
    data = {"name": "Binnenstad", "code": zone.code, "team": zone.team_id, "places": zone.places,
            "postcode_areas-TOTAL_FORMS": str(len(areas)), "postcode_areas-INITIAL_FORMS": str(len(areas))}
    for i, area in enumerate(areas):
        data.update({f"postcode_areas-{i}-id": area.pk, f"postcode_areas-{i}-zone": zone.pk,
                     f"postcode_areas-{i}-prefix": area.prefix})
    assert "Ronald Mulder" in {p.name for p in directory_search(text="centrum")}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Ronald Mulder" in {p.name for p in directory_search(text="binnenstad")}
    assert "Ronald Mulder" not in {p.name for p in directory_search(text="centrum")}
