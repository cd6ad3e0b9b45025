"""The plan as a PDF for the resident (WeasyPrint). Rendered synchronously: a plan is a few
pages. The URL fetcher serves only the app's own static files, so nothing in a plan's text can
make the renderer fetch another URL."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Case


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        path = url.split("://", 1)[-1]
        path = path[path.find("/"):] if "/" in path else path
        found = finders.find(path[len(prefix):]) if path.startswith(prefix) else None
        if not found:
            raise ValueError(f"refused to fetch {url}")
        return URLFetcherResponse(url, body=Path(found).read_bytes(),
                                  headers={"Content-Type": "text/css" if found.endswith(".css") else ""})


def render_plan_pdf(*, case: Case, page, base_url: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("cases/plan_pdf.html", {"case": case, "page": page, "today": timezone.localdate()})
    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant="pdf/ua-1")
