from django.contrib.admin.apps import AdminConfig


class ToegangAdminConfig(AdminConfig):
    default_site = "toegang.admin.ToegangAdminSite"
