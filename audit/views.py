from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import require_administrator
from toegang.http import AuthedHtmxRequest

from .forms import AccessLogSearchForm
from .selectors import access_log_search
from .services import access_log_verify


@require_GET
@require_administrator
def search(request: AuthedHtmxRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    entries = access_log_search(**form.cleaned_data) if form.is_valid() else access_log_search()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "audit/search.html#results" if request.htmx else "audit/search.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
@require_administrator
def verify(request: AuthedHtmxRequest) -> HttpResponse:
    return render(request, "audit/verify.html", {"report": access_log_verify()})
