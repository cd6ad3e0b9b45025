from django.urls import path

from . import report_views, views

app_name = "reporting"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/list/", views.team_list, name="team_list"),
    path("team/requests/<int:request_id>/reassign/", views.team_reassign_request, name="team_reassign_request"),
    path("team/cases/<int:case_id>/reassign/", views.team_reassign_case, name="team_reassign_case"),
    path("council/", views.council, name="council"),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/generate/", report_views.report_generate, name="report_generate"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/publish/", report_views.report_publish, name="report_publish"),
    path("reports/<int:report_id>/pdf/", report_views.report_pdf, name="report_pdf"),
    path("reports/<int:report_id>/csv/", report_views.report_csv_export, name="report_csv"),
    path("reports/<int:report_id>/json/", report_views.report_json_export, name="report_json"),
    path("reports/examples/", report_views.example_list, name="example_list"),
    path("reports/examples/new/<int:case_id>/", report_views.example_create, name="example_create"),
    path("reports/examples/<int:example_id>/", report_views.example_edit, name="example_edit"),
    path("reports/examples/<int:example_id>/review/", report_views.example_review, name="example_review"),
]
