"""The plan as a PDF for the resident (WeasyPrint).

Rendered during the request (a plan is a few pages), but in a small bounded pool with a time
limit: at most PDF_RENDER_THREADS renders run at once and the request gives up after
PDF_RENDER_SECONDS (PdfTimeout), so a pathological plan cannot tie up the web workers. The URL
fetcher serves only the app's own static files, so nothing in a plan's text can make the
renderer fetch another URL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Case

PDF_RENDER_THREADS = 2
PDF_RENDER_SECONDS = 20
_pool = ThreadPoolExecutor(max_workers=PDF_RENDER_THREADS, thread_name_prefix="plan-pdf")


class PdfTimeout(Exception):
    pass


def _static_only_fetcher():
    """WeasyPrint is imported only when a PDF is made: importing it parses its stylesheets, which
    every manage.py command and web process would otherwise pay for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            return _fetch_static(url, URLFetcherResponse)

    return StaticOnlyFetcher()


def _fetch_static(url: str, response_class):
    """Serve /static/... from the app's own static files; refuse every other URL."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else path
    try:
        found = finders.find(path[len(prefix):]) if path.startswith(prefix) else None
    except SuspiciousFileOperation:
        found = None
    if not found:
        raise ValueError(f"refused to fetch {url}")
    return response_class(url, body=Path(found).read_bytes(),
                          headers={"Content-Type": "text/css" if found.endswith(".css") else ""})


def _write_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


def render_plan_pdf(*, case: Case, page, base_url: str, seconds: float | None = None) -> bytes:
    """The page's data is loaded before (no database access in the render thread)."""
    seconds = seconds or PDF_RENDER_SECONDS
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("cases/plan_pdf.html", {"case": case, "page": page, "today": timezone.localdate()})
    future = _pool.submit(_write_pdf, html, base_url)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        future.cancel()
        raise PdfTimeout(f"plan {case.pk}: PDF not ready within {seconds} s") from None
