"""The decision letter: one template for the browser preview and the PDF (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .models import Decision, DecisionSettings


def letter_context(decision: Decision) -> dict:
    return {"decision": decision, "lines": list(decision.lines.select_related("provision")),
            "settings": DecisionSettings.current(), "resident": decision.resident,
            "household": decision.household}


def _static_only(url: str, *args, **kwargs) -> dict:
    """WeasyPrint may read the app's own static files and nothing else (no network)."""
    if not url.startswith("file://"):
        raise ValueError(f"blocked: {url}")
    static_roots = [Path(p).resolve() for p in finders.searched_locations] + [Path(__file__).parent / "static"]
    path = Path(url.removeprefix("file://")).resolve()
    if not any(path.is_relative_to(root) for root in static_roots):
        raise ValueError(f"blocked: {url}")
    from weasyprint.urls import default_url_fetcher

    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(decision: Decision) -> bytes:
    from weasyprint import CSS, HTML

    with translation.override("nl"):
        html = render_to_string("mandates/letter.html", letter_context(decision))
    stylesheet = finders.find("mandates/letter.css")
    return HTML(string=html, url_fetcher=_static_only).write_pdf(
        stylesheets=[CSS(filename=stylesheet, url_fetcher=_static_only)], pdf_variant="pdf/ua-1")
