from django.urls import path

from . import views

app_name = "mandates"

urlpatterns = [
    path("approvals/", views.approvals, name="approvals"),
    path("clocks/", views.clocks, name="clocks"),
    path("conversations/<int:conversation_id>/decision/", views.decision_new, name="decision_new"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<int:decision_id>/correct/", views.decision_correct, name="decision_correct"),
    path("decisions/<int:decision_id>/revise/", views.decision_revise, name="decision_revise"),
    path("decisions/<int:decision_id>/term/", views.decision_term, name="decision_term"),
    path("decisions/<int:decision_id>/decide/", views.decision_decide, name="decision_decide"),
    path("decisions/<int:decision_id>/submit/", views.decision_submit, name="decision_submit"),
    path("decisions/<int:decision_id>/discard/", views.decision_discard, name="decision_discard"),
    path("decisions/<int:decision_id>/letter/", views.letter_status, name="letter_status"),
    path("decisions/<int:decision_id>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("decisions/<int:decision_id>/wmo301.xml", views.allocation_xml, name="allocation_xml"),
    path("decisions/<int:decision_id>/objection/", views.objection_new, name="objection_new"),
    path("requests/<int:request_id>/clocks/<slug:step>/", views.clock_record, name="clock_record"),
    path("objections/<int:objection_id>/decide/", views.objection_decide, name="objection_decide"),
    path("objections/<int:objection_id>/extend/", views.objection_extend, name="objection_extend"),
]
