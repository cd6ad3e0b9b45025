"""django-otp-webauthn's URLs under its own names (its templates and scripts reverse them), with
the last registration step replaced by ours, which access-logs the new passkey."""

from django.urls import path
from django_otp_webauthn import urls as library

from .views import PasskeyRegistrationComplete

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/complete/", PasskeyRegistrationComplete.as_view(), name="credential-registration-complete")
    if pattern.name == "credential-registration-complete" else pattern
    for pattern in library.urlpatterns
]
