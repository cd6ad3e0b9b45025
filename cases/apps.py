from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from intake import timeline

        from .selectors import (
            document_timeline_events,
            evaluation_timeline_events,
            follow_up_timeline_events,
            timeline_events,
        )

        timeline.register(timeline_events)
        timeline.register(evaluation_timeline_events)
        timeline.register(follow_up_timeline_events)
        timeline.register(document_timeline_events)
