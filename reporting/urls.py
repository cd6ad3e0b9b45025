from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("council/", views.council, name="council"),
]
