from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from toegang.http import AuthedHtmxRequest

from .models import Role


@require_GET
def home(request: AuthedHtmxRequest) -> HttpResponse:
    """Each role starts where its work is."""
    destinations = {
        Role.WORKER: "intake:my_work",
        Role.TEAM_LEADER: "reporting:team",
        Role.COUNCIL_MEMBER: "reporting:council",
        Role.ADMINISTRATOR: "audit:search",
        Role.PARTNER_WORKER: "partners:referrals",
    }
    destination = destinations.get(request.user.role)
    if destination:
        return redirect(destination)
    return render(request, "accounts/home.html")
