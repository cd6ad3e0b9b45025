"""Documents on a case: accepted by content, stored outside the web root, served only through the
access-checked download, removed as a tombstone; every step in the access log."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from audit.models import AccessLogEntry
from cases import documents
from cases.access import get_document_for_user
from cases.factories import ConsentFactory
from cases.models import CaseDocument, SharedPart
from intake.selectors import household_story
from tests.conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, fmt)
    return buffer.getvalue()


def _zip(entries: dict[str, str], *, mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<r/>", "word/document.xml": "<w/>"})
ODT = _zip({"content.xml": "<office/>"}, mimetype="application/vnd.oasis.opendocument.text")
ALLOWED = [
    ("getekend-plan.pdf", PDF, "application/pdf"),
    ("foto-brief.png", _image("PNG"), "image/png"),
    ("scan.jpg", _image("JPEG"), "image/jpeg"),
    ("scan.JPEG", _image("JPEG"), "image/jpeg"),
    ("notitie.txt", "Beste mevrouw, de aflossing is € 40 per maand.\n".encode(), "text/plain"),
    ("brief.docx", DOCX, documents.DOCX),
    ("verklaring.odt", ODT, documents.ODT),
]
REJECTED = [
    ("brief.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "type"),
    ("brief.txt", b"  <html><body onload=alert(1)>", "type"),
    ("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 80, "type"),
    ("archief.docx", _zip({"a.txt": "hallo"}), "type"),
    ("plaatje.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "type"),
    ("plaatje.txt", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "type"),
    ("binair.txt", b"\x01\x02\x03\x04binary\x00", "type"),
    ("plan.txt", PDF, "extension"),
    ("plan", PDF, "extension"),
]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test writes into its own directory (a settings change resets Django's storages)."""
    root = tmp_path / "private"
    settings.STORAGES = {**settings.STORAGES, "private": {
        **settings.STORAGES["private"], "OPTIONS": {"location": root, "base_url": None}}}
    return root


def upload(client: Client, case, name: str, content: bytes, description: str = "Brief van de woningcorporatie",
           **extra):
    return client.post(reverse("cases:document_upload", args=[case.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type="application/pdf"),
                        "description": description}, **extra)


def stored(case, worker, name="getekend-plan.pdf", content=PDF) -> CaseDocument:
    return documents.document_upload(user=worker, request=None, case=case, description="Getekend plan",
                                     upload=SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name,content,content_type", ALLOWED)
def test_each_allowed_type_is_accepted_by_its_content(worker, case, private_storage, name, content, content_type):
    response = upload(login(worker), case, name, content)
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=case)
    assert document.content_type == content_type
    assert document.size == len(content)
    assert (private_storage / document.stored_name).read_bytes() == content


@pytest.mark.parametrize("name,content,reason", REJECTED)
def test_a_renamed_page_program_archive_or_svg_is_refused(worker, case, private_storage, name, content, reason):
    response = upload(login(worker), case, name, content, description="Wat ik typte")
    assert response.status_code == 200
    assert not CaseDocument.objects.exists()
    assert not private_storage.exists() or not any(private_storage.iterdir())
    errors = response.context["document_form"].errors["file"]
    assert errors[0] == {
        "type": "Dit soort bestand kan niet worden toegevoegd. Upload een PDF-, PNG-, JPEG-, tekst-, DOCX- of "
                "ODT-bestand.",
        "extension": "De extensie van de bestandsnaam past niet bij de inhoud. Sla het bestand op met de juiste "
                     "extensie en upload het opnieuw."}[reason]
    # The description typed is still there for the second try.
    assert 'value="Wat ik typte"' in response.content.decode()


def test_an_oversize_file_is_refused_with_a_dutch_message_next_to_the_field(worker, case, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    response = upload(login(worker), case, "groot.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 200
    assert response.context["document_form"].errors["file"] == ["Het bestand is te groot: maximaal 2 MB."]
    assert 'aria-describedby' in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_the_service_refuses_an_unchecked_file_too(worker, case):
    with pytest.raises(documents.DocumentRejected):
        stored(case, worker, name="x.pdf", content=b"<html></html>")
    assert not CaseDocument.objects.exists()


def test_the_configured_store_is_outside_the_web_root_and_has_no_url(settings):
    configured = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    for public in [settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        public = Path(public).resolve()
        assert not configured.is_relative_to(public) and not public.is_relative_to(configured)
    with pytest.raises(ValueError):
        storages["private"].url("anything")


def test_the_file_is_stored_under_a_random_name_without_the_users_file_name(worker, case, private_storage):
    document = stored(case, worker, name="../../etc/Medische verklaring\u202egnp.pdf")
    assert "verklaring" not in document.stored_name and "/" not in document.stored_name
    assert Path(storages["private"].path(document.stored_name)).parent == private_storage
    # Shown without the path and without the right-to-left override that disguises the extension.
    assert document.original_name == "Medische verklaringgnp.pdf"


@pytest.mark.parametrize("persona,status", [
    ("worker", 200), ("colleague", 200), ("team_leader", 200), ("stranger", 404), ("other_team_leader", 404),
    ("council_member", 404), ("partner_worker", 404), ("administrator", 404),
])
def test_the_download_answers_each_role_as_its_relation_allows(request, case, worker, persona, status):
    document = stored(case, worker, name='Brief "schuld" €.pdf')
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == status
    logged = AccessLogEntry.objects.filter(user=user, object_type="cases.casedocument", object_id=str(document.pk),
                                           action="view", purpose="plan: download document")
    assert logged.exists() == (status == 200)
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''Brief%20%22schuld%22%20%E2%82%AC.pdf")


def test_a_partner_with_consent_to_the_whole_plan_still_gets_no_documents(case, worker, debt_partner):
    ConsentFactory(case=case, organisation=debt_partner.organisation, parts=list(SharedPart.values),
                   recorded_by=worker)
    document = stored(case, worker)
    client = login(debt_partner)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 404
    assert "Getekend plan" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(case, worker):
    document = stored(case, worker)
    response = Client().get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_document_of_another_case_is_not_found_through_this_case(case, worker):
    document = stored(case, worker)
    response = login(worker).get(reverse("cases:document_download", args=[case.pk + 1, document.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona,status", [
    ("worker", 302), ("colleague", 302), ("team_leader", 403), ("stranger", 404), ("other_team_leader", 404),
    ("council_member", 404), ("partner_worker", 404), ("administrator", 404),
])
def test_only_those_who_edit_the_plan_upload_and_remove(request, case, worker, persona, status):
    document = stored(case, worker)
    client = login(request.getfixturevalue(persona))
    assert upload(client, case, "brief.pdf", PDF).status_code == status
    assert CaseDocument.objects.count() == (2 if status == 302 else 1)
    response = client.post(reverse("cases:document_remove", args=[case.pk, document.pk]))
    assert response.status_code == status
    document.refresh_from_db()
    assert document.is_removed == (status == 302)


def test_a_get_on_upload_or_remove_is_refused(case, worker):
    document = stored(case, worker)
    client = login(worker)
    assert client.get(reverse("cases:document_upload", args=[case.pk])).status_code == 405
    assert client.get(reverse("cases:document_remove", args=[case.pk, document.pk])).status_code == 405


def test_upload_and_removal_are_logged_and_on_the_household_timeline(case, worker, household,
                                                                     django_capture_on_commit_callbacks):
    client = login(worker)
    upload(client, case, "brief.pdf", PDF, description="Brief van de deurwaarder")
    document = CaseDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:document_remove", args=[case.pk, document.pk]))
    purposes = set(AccessLogEntry.objects.filter(user=worker, object_type="cases.casedocument",
                                                 object_id=str(document.pk)).values_list("action", "purpose"))
    assert purposes == {("create", "plan: upload document"), ("update", "plan: remove document")}
    titles = [(e.title, e.detail) for e in household_story(household=household)["events"] if e.obj == document]
    assert titles == [("Document toegevoegd aan het plan", "Brief van de deurwaarder, door Anna de Boer"),
                      ("Document verwijderd uit het plan", "Brief van de deurwaarder, door Anna de Boer")]


def test_removal_keeps_a_tombstone_and_deletes_the_file_once_committed(case, worker, private_storage,
                                                                       django_capture_on_commit_callbacks):
    document = stored(case, worker)
    path = private_storage / document.stored_name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        documents.document_remove(user=worker, request=None, document=document)
    assert path.exists(), "the file stays until the removal is committed"
    for callback in callbacks:
        callback()
    assert not path.exists()
    tombstone = CaseDocument.objects.get(pk=document.pk)
    assert tombstone.removed_by == worker and tombstone.sha256 and tombstone.original_name == "getekend-plan.pdf"
    assert login(worker).get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 404


def test_two_people_removing_at_once_remove_it_once(case, worker, colleague, rf):
    document = stored(case, worker)
    first, second = CaseDocument.objects.get(pk=document.pk), CaseDocument.objects.get(pk=document.pk)
    documents.document_remove(user=worker, request=None, document=first)
    with pytest.raises(documents.AlreadyRemoved):
        documents.document_remove(user=colleague, request=None, document=second)
    assert CaseDocument.objects.get(pk=document.pk).removed_by == worker


def test_htmx_gets_the_document_list_fragment_with_errors_and_the_typed_description(case, worker):
    response = upload(login(worker), case, "x.pdf", b"<html>", description="Zorgverklaring huisarts",
                      HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="app-card" id="documents"')
    assert "<html" not in html[:200].lower() and 'value="Zorgverklaring huisarts"' in html
    assert "Dit soort bestand kan niet worden toegevoegd" in html
    response = upload(login(worker), case, "x.pdf", PDF, description="Zorgverklaring huisarts",
                      HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Document toegevoegd." in response.content.decode()
    assert CaseDocument.objects.filter(description="Zorgverklaring huisarts").exists()


def test_the_chokepoint_refuses_a_removed_document(case, worker, rf):
    document = stored(case, worker)
    documents.document_remove(user=worker, request=None, document=document)
    request = rf.get("/")
    request.user = worker
    with pytest.raises(Exception) as error:
        get_document_for_user(request, case.pk, document.pk, purpose="test")
    assert error.typename == "Http404"


def _case_page_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_the_case_page_costs_the_same_with_1_and_20_documents(case, worker, django_assert_max_num_queries):
    client = login(worker)
    stored(case, worker)
    small = _case_page_queries(client, case)
    for i in range(19):
        documents.document_upload(user=worker, request=None, case=case, description=f"Brief {i}",
                                  upload=SimpleUploadedFile(f"brief-{i}.pdf", PDF))
    with django_assert_max_num_queries(small):
        response = client.get(reverse("cases:detail", args=[case.pk]))
    assert len(response.context["documents"]) == 20


def test_the_case_page_links_each_present_document_to_its_download(case, worker):
    kept, removed = stored(case, worker), stored(case, worker, name="weg.pdf")
    documents.document_remove(user=worker, request=None, document=removed)
    page = login(worker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:document_download", args=[case.pk, kept.pk]) in page
    assert reverse("cases:document_download", args=[case.pk, removed.pk]) not in page
