from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandated decisions")

    def ready(self) -> None:
        from intake import timeline

        from .selectors import timeline_events

        timeline.register(timeline_events)


# The navigation labels of this app's pages (toegang.context_processors), listed here so that
# makemessages puts them in this app's catalogue.
NAV_LABELS = (_("Approvals"), _("Decision clocks"))
