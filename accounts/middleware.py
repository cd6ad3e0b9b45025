"""Second factor for every logged-in user (BIO): until the session is verified with a code, the
only pages open to it are the login, logout, verify and enrolment pages, the language switch and
whatever is public anyway (the views LoginRequiredMiddleware lets through)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

EXEMPT_URL_NAMES = {"accounts:login", "accounts:logout", "accounts:two_factor_verify",
                    "accounts:two_factor_enrol", "set_language",
                    # Verifying with a passkey (registering one needs a verified session).
                    "otp_webauthn:credential-authentication-begin",
                    "otp_webauthn:credential-authentication-complete", "otp_webauthn:js-i18n-catalog"}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs) -> HttpResponse | None:
        if not settings.TWO_FACTOR_REQUIRED or not request.user.is_authenticated:
            return None
        if request.user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))
