from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

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
