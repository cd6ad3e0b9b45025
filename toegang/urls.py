from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import home
from intake.urls import public_urlpatterns
from surveys.urls import public_urlpatterns as survey_urlpatterns

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/webauthn/", include("accounts.passkey_urls", namespace="otp_webauthn")),
    path("intake/", include("intake.urls")),
    path("cases/", include("cases.urls")),
    path("mandates/", include("mandates.urls")),
    path("partners/", include("partners.urls")),
    path("reporting/", include("reporting.urls")),
    path("access-log/", include("audit.urls")),
    path("privacy/", include("privacy.urls")),
    path("hulpvraag/", include((public_urlpatterns, "public"))),
    path("surveys/", include("surveys.urls")),
    path("tevredenheid/", include((survey_urlpatterns, "survey"))),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
