from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users, teams and zones")

    def ready(self) -> None:
        # django-otp-webauthn's own view registers a passkey; the access log hears of it here.
        from django.db.models.signals import post_save
        from django_otp_webauthn.models import WebAuthnCredential

        post_save.connect(_passkey_saved, sender=WebAuthnCredential, dispatch_uid="accounts.passkey_registered")


def _passkey_saved(sender, instance, created: bool, **kwargs) -> None:
    if created:
        from .services import passkey_registered

        passkey_registered(instance)
