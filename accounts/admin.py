from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import PostcodeArea, Team, User, Zone
from .services import account_changed, two_factor_reset

# django-otp's own admin pages show a TOTP secret as a QR code and backup codes in clear text:
# with them an administrator could copy anyone's second factor. The reset action is all they need.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.action(description=_("Reset two-factor authentication (lost phone)"))
def reset_two_factor(modeladmin: admin.ModelAdmin, request, queryset) -> None:
    """The user sets up a new authenticator at their next login; the reset is access-logged."""
    for user in queryset:
        two_factor_reset(actor=request.user, user=user, request=request)
    modeladmin.message_user(request, _("Two-factor authentication reset for %(count)d user(s).")
                            % {"count": len(queryset)}, messages.SUCCESS)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and work area"), {"fields": ("role", "team", "zones", "organisation")}),
    )
    filter_horizontal = ["zones", "groups", "user_permissions"]
    actions = [reset_two_factor]

    def save_model(self, request, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.changed_data or not change:
            account_changed(actor=request.user, user=obj, fields=form.changed_data, request=request,
                            created=not change)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            account_changed(actor=request.user, user=User.objects.get(pk=id), fields=["password"], request=request)
        return response


class PostcodeAreaInline(admin.TabularInline):
    model = PostcodeArea
    extra = 1


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "team", "places"]
    inlines = [PostcodeAreaInline]

    def save_model(self, request, obj: Zone, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Imported here: partners depends on accounts, not the other way round; only this
            # admin action reaches over. A zone's name is part of the directory's search text.
            from partners.services import zone_refresh_search

            zone_refresh_search(zone=obj)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["prefix", "zone"]
    search_fields = ["prefix"]
