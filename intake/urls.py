from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("my-work/", views.my_work, name="my_work"),
    path("register/", views.register, name="register"),
    path("register/<int:resident_id>/request/", views.request_new, name="request_new"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/settle/", views.request_settle, name="request_settle"),
    path("requests/<int:request_id>/correct/", views.request_correct, name="request_correct"),
    path("requests/<int:request_id>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:request_id>/link/", views.request_link, name="request_link"),
    path("requests/<int:request_id>/conversation/", views.conversation_start, name="conversation_start"),
    path("conversations/<int:conversation_id>/", views.conversation, name="conversation"),
    path("conversations/<int:conversation_id>/finish/", views.conversation_finish, name="conversation_finish"),
    path("residents/<int:resident_id>/", views.resident_detail, name="resident"),
    path("residents/<int:resident_id>/move/", views.resident_move, name="resident_move"),
    path("residents/<int:resident_id>/export/", views.resident_export, name="resident_export"),
    path("households/<int:household_id>/", views.household_detail, name="household"),
]

public_urlpatterns = [
    path("", views.public_request, name="request"),
    path("thanks/", views.public_thanks, name="thanks"),
]
