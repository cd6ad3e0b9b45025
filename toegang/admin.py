from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ToegangAdminSite(admin.AdminSite):
    """The Django admin is for functional administrators only, whatever their is_staff flag."""

    site_header = _("Toegang: functional administration")
    site_title = _("Toegang administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_administrator", False))
