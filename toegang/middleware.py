from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
