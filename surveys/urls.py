from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("letters/", views.letters, name="letters"),
    path("invitations/<int:invitation_id>/letter/", views.letter, name="letter"),
]

# Public, without login (toegang/urls.py mounts them under /tevredenheid/ as namespace "survey").
public_urlpatterns = [
    path("", views.code_entry, name="code"),
    path("vragen/", views.answer_by_code, name="answer_by_code"),
    path("bedankt/", views.thanks, name="thanks"),
    path("<str:token>/", views.answer, name="answer"),
]
