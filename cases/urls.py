from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("shared/", views.shared, name="shared"),
    path("team/", views.team, name="team"),
    path("open/<int:conversation_id>/", views.case_open, name="open"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/summary/", views.summary_save, name="summary"),
    path("<int:case_id>/goals/", views.goal_add, name="goal_add"),
    path("<int:case_id>/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:case_id>/actions/", views.action_add, name="action_add"),
    path("<int:case_id>/actions/<int:action_id>/status/", views.action_status, name="action_status"),
    path("<int:case_id>/actions/<int:action_id>/feedback/", views.feedback, name="feedback"),
    path("<int:case_id>/complex/", views.complex_decide, name="complex"),
    path("<int:case_id>/reassign/", views.reassign, name="reassign"),
    path("<int:case_id>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/consents/", views.consent_add, name="consent_add"),
    path("<int:case_id>/consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:case_id>/pdf/", views.plan_pdf, name="pdf"),
    path("<int:case_id>/documents/", views.document_upload, name="document_upload"),
    path("<int:case_id>/documents/<int:document_id>/", views.document_download, name="document_download"),
    path("<int:case_id>/documents/<int:document_id>/remove/", views.document_remove, name="document_remove"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up_record, name="follow_up"),
]
