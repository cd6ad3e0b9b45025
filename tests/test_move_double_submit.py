"""'Record the move' clicked twice: the second post used to wait on the first one's lock of the
current membership, find no current membership once the first committed, and insert a second open
one: IntegrityError, a 500 instead of the Dutch 'already lives there since' message. The resident
row is locked first now, so the second reads the first one's move."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import timezone

from intake import services
from intake.models import HouseholdMembership

ADDRESS = services.Address("Kerkstraat", "3", "8441CD", "Meerhoven")


@pytest.mark.django_db(transaction=True)
def test_a_move_posted_twice_at_once_is_recorded_once_without_a_server_error(worker, resident):
    on = timezone.localdate()
    outcome: dict = {}

    def second_post() -> None:
        try:
            services.resident_move(user=worker, request=None, resident=resident, address=ADDRESS,
                                   relation="head", on=on)
            outcome["second"] = "recorded"
        except services.MoveBeforeCurrent:
            outcome["second"] = "refused with the form's message"
        except Exception as error:
            outcome["second"] = type(error).__name__
        finally:
            connections.close_all()

    with transaction.atomic():
        services.resident_move(user=worker, request=None, resident=resident, address=ADDRESS, relation="head",
                               on=on)
        thread = threading.Thread(target=second_post)
        thread.start()
        time.sleep(1.0)  # the second post is now waiting on the membership row lock
    thread.join(timeout=30)
    assert outcome["second"] == "refused with the form's message", outcome
    assert HouseholdMembership.objects.filter(resident=resident, end_date__isnull=True).count() == 1
