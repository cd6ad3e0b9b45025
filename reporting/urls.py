from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/list/", views.team_list, name="team_list"),
    path("team/requests/<int:request_id>/reassign/", views.team_reassign_request, name="team_reassign_request"),
    path("team/cases/<int:case_id>/reassign/", views.team_reassign_case, name="team_reassign_case"),
    path("council/", views.council, name="council"),
]
