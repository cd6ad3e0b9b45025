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


@pytest.mark.django_db
def test_a_name_with_an_apostrophe_or_markup_is_shown_escaped(worker, help_request):
    # The factories draw names without such characters (accounts.factories.PlainFaker), so this
    # is where escaping is checked.
    resident = help_request.resident
    resident.surname_prefix, resident.surname = "van 't", "Wel<script>alert(1)</script>"
    resident.save()
    client = login(worker)
    for url in (reverse("intake:resident", args=[resident.pk]),
                reverse("intake:request_detail", args=[help_request.pk]), reverse("intake:my_work")):
        body = client.get(url).content.decode()
        assert "van &#x27;t Wel&lt;script&gt;alert(1)&lt;/script&gt;" in body, url
        assert "<script>alert(1)" not in body, url


def test_the_factories_redraw_a_name_a_page_would_escape(monkeypatch):
    import factory

    from accounts.factories import PlainFaker

    drawn = iter(["van 't Wel", "O<b>", "Jansen"])
    # factory.Faker.evaluate pops the locale from `extra`; every draw must get it again.
    seen_extras = []

    def draw(self, instance, step, extra):
        seen_extras.append(dict(extra))
        extra.pop("locale")
        return next(drawn)

    monkeypatch.setattr(factory.Faker, "evaluate", draw)
    assert PlainFaker("last_name", locale="nl_NL").evaluate(None, None, {"locale": "nl_NL"}) == "Jansen"
    assert seen_extras == [{"locale": "nl_NL"}] * 3
