import pytest
from django.urls import reverse

from tests.conftest import login


@pytest.mark.django_db
def test_every_worker_page_renders(worker, help_request, conversation, resident, household):
    client = login(worker)
    for url in [
        reverse("intake:my_work"), reverse("intake:queue"), reverse("intake:register"),
        reverse("intake:request_detail", args=[help_request.pk]),
        reverse("intake:conversation", args=[conversation.pk]),
        reverse("intake:resident", args=[resident.pk]), reverse("intake:household", args=[household.pk]),
        reverse("intake:request_new", args=[resident.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
