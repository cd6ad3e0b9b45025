from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_entry, name="my_entry"),
    path("people/<int:person_id>/photo/", views.person_photo, name="person_photo"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:organisation_id>/people/new/", views.person_new, name="person_new"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/new/<int:conversation_id>/", views.referral_new, name="referral_new"),
    path("referrals/new/plan/<int:case_id>/", views.plan_referral_new, name="plan_referral_new"),
    path("referrals/new/plan/<int:case_id>/send/", views.plan_referral_send, name="plan_referral_send"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/respond/", views.referral_respond, name="referral_respond"),
    path("referrals/<int:referral_id>/withdraw-consent/", views.referral_withdraw_consent,
         name="referral_withdraw_consent"),
]
