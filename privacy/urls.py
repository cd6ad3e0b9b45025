from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("residents/<int:resident_id>/export.pdf", views.export_pdf, name="export_pdf"),
    path("residents/<int:resident_id>/disputes/new/", views.dispute_new, name="dispute_new"),
    path("disputes/<int:dispute_id>/resolve/", views.dispute_resolve, name="dispute_resolve"),
    path("residents/<int:resident_id>/restrict/", views.restrict, name="restrict"),
    path("restrictions/", views.restriction_list, name="restrictions"),
    path("restrictions/<int:restriction_id>/", views.restriction_detail, name="restriction"),
    path("restrictions/<int:restriction_id>/lift/", views.restriction_lift, name="restriction_lift"),
    path("retention/", views.retention_overview, name="retention"),
]
