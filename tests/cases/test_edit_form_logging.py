"""NEN 7513 logs what was done: opening a plan's edit form (GET) is a view, saving it (POST) an
update. Who may open the form is unchanged: as for writing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _edit_forms(case) -> list[tuple[str, str, dict]]:
    goal = case.goals.get(domain__code="financien")
    evaluation = {"version": case.version, "held_on": timezone.localdate().isoformat(), "note": "Goed bezig"}
    for g in case.goals.all():
        evaluation[f"goal_{g.pk}"] = "reached"
        evaluation[f"score_{g.domain_id}"] = "4"
    return [
        (reverse("cases:goal_edit", args=[case.pk, goal.pk]), "plan: edit goal",
         {"version": case.version, "domain": goal.domain_id, "text": "Zelf de rekeningen betalen."}),
        (reverse("cases:evaluate", args=[case.pk]), "plan: evaluation", evaluation),
    ]


def _actions(user, case, purpose) -> list[str]:
    return list(AccessLogEntry.objects.filter(user=user, object_type="cases.case", object_id=str(case.pk),
                                              purpose=purpose).order_by("id").values_list("action", flat=True))


@pytest.mark.parametrize("form", [0, 1], ids=["goal_edit", "evaluate"])
def test_opening_the_edit_form_is_logged_as_a_view_and_saving_it_as_an_update(case, worker, form):
    url, purpose, data = _edit_forms(case)[form]
    client = login(worker)
    assert client.get(url).status_code == 200
    assert _actions(worker, case, purpose) == ["view"]
    assert client.post(url, data).status_code == 302
    first, *after_post = _actions(worker, case, purpose)
    assert first == "view" and after_post and set(after_post) == {"update"}


@pytest.mark.parametrize("form", [0, 1], ids=["goal_edit", "evaluate"])
@pytest.mark.parametrize("persona,status", [("team_leader", 403), ("stranger", 404), ("partner_worker", 404)])
def test_who_may_not_edit_still_cannot_open_the_form(request, case, form, persona, status):
    url, purpose, _data = _edit_forms(case)[form]
    user = request.getfixturevalue(persona)
    assert login(user).get(url).status_code == status
    assert _actions(user, case, purpose) == []
