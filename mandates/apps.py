from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandated decisions")

    def ready(self) -> None:
        from intake import timeline

        from .selectors import timeline_events

        timeline.register(timeline_events)

        # A melding starts the Wmo investigation clock the moment it is registered. Intake sits
        # upstream and does not import mandates, so the start hangs on the save of the request:
        # a thin adapter over the idempotent service, nothing else is done in a signal.
        from django.db.models.signals import post_save

        from intake.models import HelpRequest

        post_save.connect(_start_clocks, sender=HelpRequest, dispatch_uid="mandates_start_legal_clocks")


def _start_clocks(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from .services import legal_clocks_start

        legal_clocks_start(help_request=instance)


# The navigation labels of this app's pages (toegang.context_processors), listed here so that
# makemessages puts them in this app's catalogue.
NAV_LABELS = (_("Approvals"), _("Decision clocks"))
