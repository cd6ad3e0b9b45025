"""Role checks for pages that are not about one object (lists, registration forms)."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def require_resident_handler(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages with residents' data are for intake workers and team leaders only; council members,
    partners and administrators get 403 (these pages exist for everyone, so 403 reveals nothing)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.handles_residents:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def require_administrator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_administrator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
