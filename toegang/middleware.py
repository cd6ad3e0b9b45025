import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

RENEWED_AT_KEY = "_renewed_at"


def language_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """Dutch unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a tablet set to
    English would show English to a Dutch municipality's staff and residents. Here only the
    explicit choice (the language cookie set by `set_language`) counts.
    """
    available = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    return middleware


# Sent by elements that poll on their own (hx-headers in the template).
BACKGROUND_POLL_HEADER = "X-Background-Poll"


def session_renewal_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """The sliding idle timeout, written at most once per SESSION_RENEW_SECONDS.

    SESSION_SAVE_EVERY_REQUEST would write the session row on every page, which is the one
    database write of most pages. Marking the session modified when its last renewal is older than
    the interval makes SessionMiddleware (which runs after this on the way out) save it with a new
    expiry; in between, the expiry stands. A request without a signed-in user (anonymous, a stale
    cookie, just logged out) is left alone, so it does not start a session.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        # Only a signed-in user's session is renewed: an expired or unknown cookie on a public
        # page must not start a session (and a row) of its own.
        if session is None or user is None or not user.is_authenticated or session.is_empty():
            return response
        # A poll the page makes by itself (a report's progress, a letter being made) is not the
        # user's activity: it must not keep an unattended session alive.
        if request.headers.get(BACKGROUND_POLL_HEADER) == "1":
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - session.get(RENEWED_AT_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT_KEY] = now
        return response

    return middleware


def no_store_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """Nothing a signed-in user receives is kept by the browser (Cache-Control: no-store).

    Pages, PDFs and exports carry residents' data, often special-category (AVG art. 9), and
    walk-in desks share their computers: without this the browser cache and Back after logging
    out show the last resident's record to the next person at the desk. A response whose view
    chose its own Cache-Control keeps it (a colleague's photo in the directory may be cached
    privately for an hour). Responses to anonymous visitors (the public help form) are left as
    their views made them.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware


@functools.cache
def _sign_in_paths() -> tuple[str, ...]:
    return resolve_url(settings.LOGIN_URL), resolve_url("accounts:two_factor_verify")


def htmx_login_redirect_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """An htmx request whose session ran out (or lacks its second factor) goes to the login page
    as a whole page.

    The browser follows the redirect inside htmx's request and htmx would swap the login page's
    HTML into a part of the page, or, with hx-select, nothing at all: the link the user clicked
    just vanishes. HX-Redirect makes htmx load the login page itself, with `next` back to the
    page the request was for.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (request.headers.get("HX-Request") == "true" and response.status_code in (301, 302)
                and response["Location"].split("?")[0] in _sign_in_paths()):
            return HttpResponseClientRedirect(response["Location"])
        return response

    return middleware
