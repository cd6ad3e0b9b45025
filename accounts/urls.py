from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm,
                                                 redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_enrol, name="two_factor_enrol"),
    path("passkeys/", views.passkeys, name="passkeys"),
    path("passkeys/<int:passkey_id>/remove/", views.passkey_remove, name="passkey_remove"),
    path("passkeys/<int:passkey_id>/rename/", views.passkey_rename, name="passkey_rename"),
]
