"""Signed-in test clients for the test suite, the benchmark and the load test: both factors done,
as after the login form and the authenticator step, so what they request is the page and not
the second-factor redirect. Not imported by the application."""

from __future__ import annotations

from django.test import Client


def verified_device(user):
    """The confirmed authenticator of the user (one per user, reused)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def log_in(client: Client, user) -> Client:
    """Sign `client` in as `user` with both factors: force_login for the password step, and the
    verified device in the session as django_otp.login leaves it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return client
