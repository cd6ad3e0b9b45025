from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Client satisfaction")

    def ready(self) -> None:
        # A sent decision and a closed case each invite the resident; mandates and cases announce
        # both through their events modules, so they never import this app.
        from cases import events as case_events
        from mandates import events as decision_events

        decision_events.subscribe_decision_sent(_invite_after_decision)
        case_events.subscribe_case_closed(_invite_after_closure)


def _invite_after_decision(decision) -> None:
    from .services import invitation_for_decision

    invitation_for_decision(decision=decision)


def _invite_after_closure(case) -> None:
    from .services import invitation_for_closure

    invitation_for_closure(case=case)


# The navigation labels of this app's pages (toegang.context_processors), listed here so that
# makemessages puts them in this app's catalogue.
NAV_LABELS = (_("Client satisfaction"), _("Survey letters"))
