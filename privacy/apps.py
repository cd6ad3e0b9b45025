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
