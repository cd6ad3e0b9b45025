"""The access-request export as a readable PDF (WeasyPrint).

Rendered during the request, like the plan PDF, and for the same reasons: the data is loaded
before rendering in one query per section, and even a long history (thousands of access-log
rows) is a few dozen pages that render in seconds. A bounded pool with a time limit keeps a
pathological export from tying up the web workers; the JSON download is the fallback. It reuses
the plan PDF's static-only URL fetcher, so nothing in a resident's data can make the renderer
fetch another URL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.pdf import PdfTimeout, _write_pdf
from intake.exports import Section
from intake.models import Resident

EXPORT_RENDER_SECONDS = 60
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-pdf")

__all__ = ["PdfTimeout", "render_export_pdf"]


def render_export_pdf(*, resident: Resident, sections: list[Section], base_url: str,
                      seconds: float | None = None) -> bytes:
    seconds = seconds or EXPORT_RENDER_SECONDS
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("privacy/export_pdf.html",
                                {"resident": resident, "sections": sections, "now": timezone.now()})
    future = _pool.submit(_write_pdf, html, base_url)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        future.cancel()
        raise PdfTimeout(f"resident {resident.pk}: export PDF not ready within {seconds} s") from None
