"""Session, cookies and headers (BIO): idle sessions end, production cookies are secure, HSTS,
a strict CSP that the templates can keep (no inline script, style or event handlers), no framing,
no referrer to other sites."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def templates() -> list[Path]:
    return [path for directory in TEMPLATE_DIRS for path in sorted(directory.rglob("*.html"))
            if ".venv" not in path.parts]


def csp_violations(html: str) -> list[str]:
    found = []
    for name, pattern in [("inline <script>", INLINE_SCRIPT), ("style attribute", STYLE_ATTRIBUTE),
                          ("<style> element", STYLE_ELEMENT), ("on* event handler", EVENT_HANDLER),
                          ("javascript: URL", JAVASCRIPT_URL)]:
        found += [f"{name}: {match.group(0)!r}" for match in pattern.finditer(html)]
    return found


def test_the_checker_recognises_what_the_csp_would_block():
    assert csp_violations('<script>alert(1)</script><p style="color:red" onclick="x()">')
    assert csp_violations("<style>p{}</style>")
    assert not csp_violations('<script src="/static/app.js" defer></script><p class="app-style">')


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_handlers(path):
    assert csp_violations(path.read_text()) == []


def test_the_templates_are_found():
    names = {str(path.relative_to(ROOT)) for path in templates()}
    assert "templates/base.html" in names and "accounts/templates/accounts/two_factor_enrol.html" in names


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["intake:my_work", "intake:queue", "accounts:login", "public:request"])
def test_rendered_pages_keep_the_csp_and_carry_the_security_headers(worker, name):
    client = login(worker) if name.startswith("intake") else None
    from django.test import Client

    response = (client or Client()).get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    # Scripts rendered by tags (htmx) come from our origin by src; none is inline.
    assert csp_violations(html) == []
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "style-src 'self'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_enrolment_page_with_its_qr_code_keeps_the_csp(worker):
    from django.test import Client

    client = Client()
    client.post(reverse("accounts:login"), {"username": "anna", "password": "meitinker-demo-2026"})
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert response.status_code == 200 and "<svg" in response.content.decode()
    assert csp_violations(response.content.decode()) == []


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time_but_activity_keeps_it_alive(worker):
    client = login(worker)
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    # The clock is the outside world: move it, the sessions' expiry check reads it.
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=start + idle * 0.9):
        assert client.get(reverse("intake:my_work")).status_code == 200
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=start + idle * 1.8):
        # 0.9 idle period after the last request: still alive, because each request renews it.
        assert client.get(reverse("intake:my_work")).status_code == 200
    with mock.patch("django.contrib.sessions.backends.db.timezone.now",
                    return_value=start + idle * 1.8 + idle + datetime.timedelta(seconds=5)):
        response = client.get(reverse("intake:my_work"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_sessions_end_with_the_browser_and_after_at_most_an_hour_idle():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_RENEW_SECONDS <= settings.SESSION_COOKIE_AGE / 10


def session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith('UPDATE "django_session"'))


@pytest.mark.django_db
def test_the_renewal_is_written_once_per_interval_not_on_every_page(worker):
    client = login(worker)
    url = reverse("intake:my_work")
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        session_writes(client, url)  # renews the session the test helper made
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=1)):
        assert session_writes(client, url) == 0
        assert session_writes(client, url) == 0
    later = start + datetime.timedelta(seconds=settings.SESSION_RENEW_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert session_writes(client, url) == 1
        assert session_writes(client, url) == 0
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry == later + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.mark.django_db
def test_a_page_polling_by_itself_does_not_keep_an_unattended_session_alive(worker):
    """A report's progress and a letter being made are polled every 2 s; that is not the user's
    activity, so it renews nothing. A request the user makes does."""
    client = login(worker)
    url = reverse("intake:my_work")
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        session_writes(client, url)
    later = start + datetime.timedelta(seconds=settings.SESSION_RENEW_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, headers={"X-Background-Poll": "1", "HX-Request": "true"}).status_code == 200
        assert not [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
        assert session_writes(client, url) == 1


def test_the_pages_that_poll_mark_their_polls():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    polling = [p for p in root.glob("*/templates/**/*.html") if 'hx-trigger="every' in p.read_text()]
    polling += [p for p in (root / "templates").glob("**/*.html") if 'hx-trigger="every' in p.read_text()]
    assert polling
    for template in polling:
        assert '"X-Background-Poll": "1"' in template.read_text(), template


def test_the_second_factor_is_required_in_the_test_settings_too():
    assert settings.TWO_FACTOR_REQUIRED
    assert "accounts.middleware.TwoFactorMiddleware" in settings.MIDDLEWARE
    otp = settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware")
    assert settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") < otp
    assert otp < settings.MIDDLEWARE.index("accounts.middleware.TwoFactorMiddleware")


def test_production_settings_secure_cookies_hsts_and_two_factor():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "TWO_FACTOR"))}
    env.update({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "toegang.example",
                "DJANGO_SECURE": "true", "DJANGO_SETTINGS_MODULE": "toegang.settings", "PYTHONPATH": str(ROOT)})
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.LANGUAGE_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS == 'DENY', s.TWO_FACTOR_REQUIRED, "
            "s.AXES_RESET_ON_SUCCESS)")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 8 + ["False"]


@pytest.mark.django_db
def test_an_expired_or_unknown_session_cookie_starts_no_session(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # a session that no longer exists
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert not [q for q in ctx.captured_queries if 'INTO "django_session"' in q["sql"]]
    assert not Session.objects.exists()
