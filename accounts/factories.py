"""factory-boy factories shared by the tests and the demo data (`manage.py seed_demo`)."""

import factory
from factory.django import DjangoModelFactory

from .models import PostcodeArea, Role, Team, User, Zone

DEMO_PASSWORD = "meitinker-demo-2026"



_HTML_SPECIAL = frozenset("<>&'\"")


class PlainFaker(factory.Faker):
    """factory.Faker without the characters a page escapes. Faker's Dutch names include
    "van 't Wel": a test looking for such a name in the HTML failed by chance, and one asserting
    its absence passed by chance. Escaping itself is tested with explicit names
    (tests/test_smoke_pages.py)."""

    def evaluate(self, instance, step, extra):
        for _ in range(100):
            value = super().evaluate(instance, step, dict(extra))  # evaluate() pops from extra
            if _HTML_SPECIAL.isdisjoint(str(value)):
                return value
        raise ValueError(f"Faker gave only names with HTML-special characters for {self.provider}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Zone {n}")
    code = factory.Sequence(lambda n: f"zone-{n}")
    team = factory.SubFactory(TeamFactory)


class PostcodeAreaFactory(DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("prefix",)

    prefix = factory.Sequence(lambda n: f"{8000 + n}")
    zone = factory.SubFactory(ZoneFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = PlainFaker("first_name", locale="nl_NL")
    last_name = PlainFaker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@gemeente.example")
    role = Role.WORKER
    password = factory.django.Password(DEMO_PASSWORD)

    class Params:
        team_leader = factory.Trait(role=Role.TEAM_LEADER, team=factory.SubFactory(TeamFactory))
        council_member = factory.Trait(role=Role.COUNCIL_MEMBER)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        partner_worker = factory.Trait(
            role=Role.PARTNER_WORKER,
            organisation=factory.SubFactory("partners.factories.OrganisationFactory"),
        )

    @factory.post_generation
    def zones(self, create, extracted, **kwargs):
        if create and extracted:
            self.zones.set(extracted)


# Demo and tests only: every demo user's authenticator shares this secret, so `make run` users
# (and the browser tests) can compute the second factor. `manage.py demo_logins` prints it.
DEMO_TOTP_KEY = b"toegang-demo-2fa-key".hex()


def demo_totp_device(user: User):
    """Give a user a confirmed authenticator with the demo secret (idempotent); the replay guard
    is cleared so the current code works again."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True, "last_t": -1})
    return device
