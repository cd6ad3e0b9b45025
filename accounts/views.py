import json
import textwrap
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import CompleteCredentialRegistrationView

from toegang.http import AuthedHtmxRequest

from . import services
from .forms import EnrolForm, PasskeyNameForm, VerifyForm
from .models import Role, User
from .services import new_totp_key, totp_config_url, totp_key_base32, two_factor_throttled
from .services import two_factor_enrol as two_factor_enrol_device
from .services import two_factor_verify as two_factor_verify_code


@require_GET
def home(request: AuthedHtmxRequest) -> HttpResponse:
    """Each role starts where its work is."""
    destinations = {
        Role.WORKER: "intake:my_work",
        Role.TEAM_LEADER: "reporting:team",
        Role.COUNCIL_MEMBER: "reporting:council",
        Role.ADMINISTRATOR: "audit:search",
        Role.PARTNER_WORKER: "partners:referrals",
    }
    destination = destinations.get(request.user.role)
    if destination:
        return redirect(destination)
    return render(request, "accounts/home.html")


ENROL_KEY_SESSION = "two_factor_enrol_key"


def _next_url(request: HttpRequest) -> str:
    """Where the user was going before the second factor; only ever a URL of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    url = reverse(name)
    target = request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def _record_failure(request: HttpRequest, user: User) -> HttpResponse | None:
    """A wrong code counts as a failed login for django-axes, like a wrong password, so guessing
    codes locks the account from that address too. Returns the lockout page once locked."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return get_lockout_response(request, None, _credentials(user))
    return None


def _locked_out(request: HttpRequest, user: User) -> HttpResponse | None:
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        logout(request)
        return get_lockout_response(request, None, _credentials(user))
    return None


def _reset_failures(request: HttpRequest, user: User) -> None:
    # Both factors passed: this is the successful login that clears earlier failures (the
    # password step no longer does, see AXES_RESET_ON_SUCCESS).
    handler = AxesProxyHandler.get_implementation()
    if hasattr(handler, "reset_user_attempts"):
        AxesProxyHandler.update_request(request)
        handler.reset_user_attempts(request, _credentials(user))


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthedHtmxRequest) -> HttpResponse:
    """Second step of the login: a code from the authenticator app or a backup code."""
    user = request.user
    if user.is_verified():
        if isinstance(getattr(user, "otp_device", None), WebAuthnCredential):
            # Back here after a passkey (django-otp-webauthn's view verified the session): both
            # factors passed, as after a code below.
            _reset_failures(request, user)
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(_with_next("accounts:two_factor_enrol", request))
    if response := _locked_out(request, user):
        return response
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = two_factor_throttled(user=user)
        if two_factor_verify_code(request=request, user=user, token=form.cleaned_data["token"]):
            _reset_failures(request, user)
            return redirect(_next_url(request))
        if throttled:
            form.add_error("token", _("Too many wrong codes in a row. Wait a moment and try again."))
        else:
            form.add_error("token", _("This code is not correct. Check the time on your phone and try the "
                                      "newest code."))
        if response := _record_failure(request, user):
            return response
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": request.POST.get("next") or request.GET.get("next", ""),
                   "has_passkey": services.passkeys(user=user).filter(confirmed=True).exists()})


@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: AuthedHtmxRequest) -> HttpResponse:
    """First login without an authenticator: scan the QR code (or type the secret), confirm with
    a first code, then see the backup codes once."""
    user = request.user
    if user_has_device(user):
        # Adding an authenticator to an account that has one would let a stolen password replace
        # the second factor: only an administrator's reset opens enrolment again.
        return redirect(_next_url(request) if user.is_verified() else _with_next("accounts:two_factor_verify", request))
    if response := _locked_out(request, user):
        return response
    key = request.session.get(ENROL_KEY_SESSION)
    if not key:
        # The secret lives in the session until confirmed, so a reload shows the same QR code.
        key = request.session[ENROL_KEY_SESSION] = new_totp_key()
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_enrol_device(request=request, user=user, key=key, token=form.cleaned_data["token"])
        if codes is not None:
            del request.session[ENROL_KEY_SESSION]
            _reset_failures(request, user)
            return render(request, "accounts/two_factor_backup_codes.html",
                          {"codes": codes, "continue_url": _next_url(request)})
        form.add_error("token", _("This code is not correct. Check the time on your phone and try the newest code."))
        if response := _record_failure(request, user):
            return response
    config_url = totp_config_url(user=user, key=key)
    qr_svg = segno.make(config_url, error="m").svg_inline(
        scale=5, light="white", title=gettext("QR code to scan with your authenticator app"),
        svgclass="app-qr")
    return render(request, "accounts/two_factor_enrol.html",
                  {"form": form, "next": next_url, "qr_svg": mark_safe(qr_svg),  # noqa: S308 (segno's own SVG, no user input)
                   "secret": " ".join(textwrap.wrap(totp_key_base32(key), 4))})


@require_GET
def passkeys(request: AuthedHtmxRequest) -> HttpResponse:
    """The user's passkeys: add one on this device (fingerprint, face or PIN instead of a code at
    the next login), rename or remove one."""
    return _render_passkeys(request)


def _render_passkeys(request: AuthedHtmxRequest, *, invalid: PasskeyNameForm | None = None,
                     invalid_id: int | None = None) -> HttpResponse:
    """The page, with the rename form that was refused (and what was typed) at its passkey."""
    rows = [(p, invalid if p.pk == invalid_id else
             PasskeyNameForm(initial={"name": p.name, "expected_name": p.name}, auto_id=f"passkey{p.pk}_%s"))
            for p in services.passkeys(user=request.user)]
    return render(request, "accounts/passkeys.html", {"passkeys": rows})


@require_POST
def passkey_rename(request: AuthedHtmxRequest, passkey_id: int) -> HttpResponse:
    form = PasskeyNameForm(request.POST, auto_id=f"passkey{passkey_id}_%s")
    if form.is_valid():
        try:
            found = services.passkey_rename(request=request, user=request.user, passkey_id=passkey_id,
                                            name=form.cleaned_data["name"],
                                            expected_name=form.cleaned_data["expected_name"])
        except services.PasskeyChanged:
            current = services.passkeys(user=request.user).filter(pk=passkey_id).first()
            if current is None:
                raise Http404 from None
            # Keep what was typed; the next save starts from the name now stored.
            data = request.POST.copy()
            data["expected_name"] = current.name
            form = PasskeyNameForm(data, auto_id=f"passkey{passkey_id}_%s")
            form.is_valid()
            form.add_error("name", gettext("Someone renamed this passkey meanwhile, to “%(name)s”. "
                                           "Save again to use your name.") % {"name": current.name})
        else:
            if not found:
                raise Http404
            messages.success(request, gettext("The passkey is renamed."))
            return redirect("accounts:passkeys")
    elif not services.passkeys(user=request.user).filter(pk=passkey_id).exists():
        raise Http404
    return _render_passkeys(request, invalid=form, invalid_id=passkey_id)


@require_POST
def passkey_remove(request: AuthedHtmxRequest, passkey_id: int) -> HttpResponse:
    """Remove one of the user's passkeys. If this session was confirmed with it, the session is
    no longer confirmed (django-otp checks the device on every request): the next page asks for
    a code, and the message says why."""
    used_now = getattr(request.user, "otp_device", None)
    in_use = used_now is not None and used_now.persistent_id == f"{services.PASSKEY_DEVICE_ID_PREFIX}/{passkey_id}"
    if not services.passkey_remove(request=request, user=request.user, passkey_id=passkey_id):
        raise Http404
    if in_use:
        messages.success(request, gettext("The passkey is removed. You logged in with it, so confirm your "
                                          "login once more with a code."))
    else:
        messages.success(request, gettext("The passkey is removed."))
    return redirect("accounts:passkeys")


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):
    """django-otp-webauthn's last registration step, in one transaction with its access-log entry
    (routed under the library's own URL name by accounts/passkey_urls.py)."""

    def post(self, *args, **kwargs) -> HttpResponse:
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            credential = services.passkeys(user=self.request.user).get(pk=json.loads(response.content)["id"])
            services.passkey_registered(request=self.request, credential=credential)
        return response
