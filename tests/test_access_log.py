import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AccessLogEntry
from audit.services import access_log_record, access_log_verify
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,arg,object_type", [
    ("intake:request_detail", "help_request", "intake.helprequest"),
    ("intake:conversation", "conversation", "intake.conversation"),
    ("intake:resident", "resident", "intake.resident"),
    ("intake:household", "household", "intake.household"),
])
def test_every_view_of_personal_data_is_logged_with_user_record_action_and_purpose(
        request, worker, name, arg, object_type):
    obj = request.getfixturevalue(arg)
    resident = request.getfixturevalue("resident")
    login(worker).get(reverse(name, args=[obj.pk]), REMOTE_ADDR="10.1.2.3")
    entry = AccessLogEntry.objects.filter(object_type=object_type, object_id=str(obj.pk)).latest("id")
    assert (entry.user, entry.username, entry.role, entry.action) == (worker, "anna", "worker", "view")
    assert entry.resident_id == resident.pk
    assert entry.purpose
    assert entry.ip_address == "10.1.2.3"


def test_lists_are_logged_with_what_they_showed(worker, help_request):
    login(worker).get(reverse("intake:queue"))
    entry = AccessLogEntry.objects.get(action="list", purpose="intake queue")
    assert entry.detail["shown"] == [help_request.pk]


def test_the_log_cannot_be_updated_or_deleted_by_application_code(worker, resident):
    entry = access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="test")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="verborgen")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test"


def test_each_entry_chains_to_the_previous_one(worker, resident):
    first = access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="a")
    second = access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="b")
    assert second.prev_hash == first.entry_hash
    report = access_log_verify()
    assert report.intact and report.checked == AccessLogEntry.objects.count()


def test_tampering_with_the_database_breaks_the_chain_where_it_happened(worker, resident):
    entries = [access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose=p)
               for p in ("a", "b", "c")]
    with connection.cursor() as cursor:
        # What someone with database rights could do: switch the trigger off and edit a row.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_accesslogentry SET purpose = 'niets gezien' WHERE id = %s", [entries[1].pk])
        cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER USER")
    report = access_log_verify()
    assert not report.intact
    assert report.first_broken_id == entries[1].pk


def test_administrators_search_the_log_by_user_and_resident(administrator, worker, resident, household):
    login(worker).get(reverse("intake:resident", args=[resident.pk]))
    response = login(administrator).get(reverse("audit:search"), {"username": "anna", "resident_id": resident.pk})
    entries = list(response.context["page"])
    assert entries and all(e.username == "anna" and e.resident_id == resident.pk for e in entries)
    # The search itself is logged, under the resident it was about, after what it showed.
    search = AccessLogEntry.objects.filter(purpose="access log: search").get()
    assert (search.user, search.resident_id, search.action) == (administrator, resident.pk, "search")
    assert search.detail["shown"] == [e.pk for e in entries] and search.pk not in search.detail["shown"]


@pytest.mark.parametrize("persona", ["worker", "team_leader", "council_member", "partner_worker"])
def test_only_administrators_may_search_the_log(request, persona):
    user = request.getfixturevalue(persona)
    assert login(user).get(reverse("audit:search")).status_code == 403


def test_the_verify_page_reports_an_intact_chain(administrator, worker, resident):
    access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="a")
    response = login(administrator).get(reverse("audit:verify"))
    assert response.context["report"].intact


def test_an_access_request_export_contains_everything_and_is_logged_as_export(team_leader, resident, conversation):
    response = login(team_leader).get(reverse("intake:resident_export", args=[resident.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["resident"]["bsn"] == resident.bsn
    assert len(data["requests_for_help"]) == 1 and len(data["conversations"]) == 1
    assert len(data["conversations"][0]["scores"]) == 13
    assert AccessLogEntry.objects.filter(action="export", resident_id=resident.pk, username="teamleider").exists()


def test_a_worker_who_sees_the_resident_may_not_export_and_a_stranger_gets_404(worker, stranger, resident):
    assert login(worker).get(reverse("intake:resident_export", args=[resident.pk])).status_code == 403
    assert login(stranger).get(reverse("intake:resident_export", args=[resident.pk])).status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_the_nightly_chain_check_task_reports_what_it_checked(worker, resident):
    from audit.tasks import verify_access_log

    access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="a")
    assert verify_access_log.apply().get() == {"checked": 1, "first_broken_id": None}


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from accounts.factories import UserFactory

    user = UserFactory(username="gelijktijdig")

    def append(n: int) -> None:
        try:
            for i in range(10):
                access_log_record(user=user, action="view", object_type="intake.resident", object_id=n * 100 + i,
                                  purpose="parallel")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append, range(4)))
    report = access_log_verify()
    assert report.intact and report.checked == 40
    assert AccessLogEntry.objects.values("prev_hash").distinct().count() == 40
