from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from intake import timeline

        from .selectors import referral_events

        # Referrals appear on the household's and the resident's timeline.
        timeline.register(referral_events)
