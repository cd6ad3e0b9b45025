"""Sessions for the benchmark and the load test: both factors done, as after the login form and
the authenticator step, so the measured pages are the pages and not the second-factor redirect."""

from __future__ import annotations

from django.test import Client


def log_in(client: Client, user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
