from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthedHtmxRequest(HttpRequest):
    """The request every logged-in view receives (for type checkers)."""

    user: User
    htmx: HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails
