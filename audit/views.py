from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import require_administrator
from toegang.http import AuthedHtmxRequest

from .forms import AccessLogSearchForm
from .models import Action
from .selectors import access_log_search
from .services import access_log_record, access_log_verify


@require_GET
@require_administrator
def search(request: AuthedHtmxRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_log_search(**filters) if filters else access_log_search()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # Reading the log is reading who looked at whom: logged too (NEN 7513), after the entries
    # it shows, so a search does not list its own read.
    access_log_record(user=request.user, action=Action.SEARCH, object_type="audit.accesslogentry",
                      resident_id=filters.get("resident_id"), purpose="access log: search", request=request,
                      detail={"filters": {k: str(v) for k, v in filters.items() if v not in (None, "")},
                              "shown": [entry.pk for entry in page.object_list]})
    template = "audit/search.html#results" if request.htmx else "audit/search.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
@require_administrator
def verify(request: AuthedHtmxRequest) -> HttpResponse:
    return render(request, "audit/verify.html", {"report": access_log_verify()})
