from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandated decisions")

    def ready(self) -> None:
        from intake import timeline

        from .selectors import timeline_events

        timeline.register(timeline_events)

        # A registered melding starts the Wmo investigation clock, a finished conversation with a
        # debt question the debt-help clock, a correction may withdraw a clock started by mistake:
        # intake announces all three through intake.events.
        from intake import events

        events.subscribe_request_changed(_follow_request)


def _follow_request(help_request, *, corrected_by=None, acted_by=None, request=None) -> None:
    from .services import legal_clocks_follow_request

    legal_clocks_follow_request(help_request=help_request, corrected_by=corrected_by, acted_by=acted_by,
                                request=request)


# The navigation labels of this app's pages (toegang.context_processors), listed here so that
# makemessages puts them in this app's catalogue.
NAV_LABELS = (_("Approvals"), _("Decision clocks"))
