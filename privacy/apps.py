from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy (AVG)")

    def ready(self) -> None:
        # Every app contributes its part of an access request in a privacy_exporters module, found
        # here like admin.py modules are: intake (the registry's home) never imports them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("privacy_exporters")


# The navigation label of this app's administrator page, listed here so that makemessages puts it
# in this app's catalogue.
NAV_LABELS = (_("Privacy"),)

# Strings other apps show for this app: the export sections' titles (registered from each app's
# privacy_exporters module) and the resident page's links. Listed here so that they are
# translated in this app's catalogue without rewriting the other apps' catalogues.
FOREIGN_LABELS = (
    _("Personal details"), _("Households"), _("Requests for help"), _("number"), _("life domains"),
    _("Kitchen-table conversations"), _("request for help"), _("self-reliance scores"), _("Plans"), _("goals"),
    _("actions"), _("evaluations"), _("follow-ups"), _("consents"), _("Decisions"), _("decision lines"),
    _("objections"), _("decision letter"), _("Legal terms"), _("Referrals to partners"),
    _("Export all data as JSON"), _("Record disputed data"), _("Restrict processing"),
)
