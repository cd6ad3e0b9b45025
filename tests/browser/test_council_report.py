"""A council member on a tablet opens the published report from the navigation, sees each chart
with its data table and '<5' for small cells, and downloads the PDF; axe WCAG 2.1 AA."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from accounts.models import Role
from reporting import services
from reporting.figures import base
from tests.browser.conftest import assert_accessible, log_in
from tests.reporting.figures_for_tests import costs, requests_by_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_report(meitinker):
    from tests.reporting.conftest import make_requests

    saved = dict(base._registry)
    base._registry.clear()
    base.figure("test-requests", order=1)(requests_by_channel)
    base.figure("test-costs", order=2)(costs)
    zone = meitinker.zones.get()
    make_requests(6, zone=zone, channel="phone")
    make_requests(3, zone=zone, channel="walk_in")
    administrator = UserFactory(username="beheerder", administrator=True)
    UserFactory(username="raadslid", role=Role.COUNCIL_MEMBER)
    report = services.report_request(user=administrator, request=None, period_kind="quarter", year=2026,
                                     quarter=3, zone=None, enqueue=False)
    report = services.report_generate_run(report_id=report.pk)
    yield services.report_publish(user=administrator, request=None, report=report)
    base._registry.clear()
    base._registry.update(saved)


def test_a_council_member_reads_the_published_report_and_downloads_the_pdf(page: Page, live_server,
                                                                           published_report):
    from pypdf import PdfReader

    log_in(page, live_server, "raadslid")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", name="Raadsrapportages")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Q3 2026").click()

    expect(page.get_by_role("heading", name="Raadsrapportage Q3 2026: de hele gemeente")).to_be_visible()
    expect(page.get_by_text("Versie 1 van deze periode")).to_be_visible()
    chart = page.get_by_role("img", name="Hulpvragen per kanaal")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Hulpvragen per kanaal")
    expect(table.get_by_role("row", name="walk_in")).to_contain_text("<5")
    expect(table.get_by_role("row", name="phone")).to_contain_text("6")
    assert page.get_by_role("button", name="Publiceren voor de raad").count() == 0
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als pdf").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Raadsrapportage Q3 2026" in text
