"""The client's address behind reverse proxies (toegang.http.client_ip): X-Forwarded-For is read
only when TRUSTED_PROXY_COUNT says proxies append to it, and then from the right, so what a
client writes into the header itself can never choose its address."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import AccessLogEntry
from tests.conftest import login
from toegang.http import client_ip, client_network

PROXY = "10.0.0.2"


def request_from(forwarded_for: str | None = None, remote_addr: str = PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.9")) == PROXY


def test_the_default_trusts_no_proxy():
    assert django_settings.TRUSTED_PROXY_COUNT == 0


def test_behind_one_proxy_the_last_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("203.0.113.9")) == "203.0.113.9"


def test_addresses_the_client_put_in_front_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 198.51.100.1, 192.0.2.66"; the proxy appended what it saw.
    assert client_ip(request_from("198.51.100.1, 192.0.2.66,203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_outer_proxys_view_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # client spoof, client (seen by the outer proxy), outer proxy (seen by the inner proxy)
    assert client_ip(request_from("198.51.100.1, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_ipv6_addresses_are_read_and_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.parametrize("header", [None, "", "  ", "unknown", "203.0.113.9:51234", "203.0.113.9,",
                                    "<script>", "203.0.113.999"])
def test_a_missing_or_malformed_header_falls_back_to_the_connection(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(header)) == PROXY


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("203.0.113.9")) == PROXY


def test_no_address_at_all_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


@pytest.mark.django_db
def test_the_access_log_records_the_forwarded_address_behind_a_proxy(settings, worker, help_request):
    settings.TRUSTED_PROXY_COUNT = 1
    login(worker).get(reverse("intake:request_detail", args=[help_request.pk]), REMOTE_ADDR=PROXY,
                      HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    entry = AccessLogEntry.objects.filter(object_type="intake.helprequest",
                                          object_id=str(help_request.pk)).latest("id")
    assert entry.ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_the_access_log_records_the_connection_without_trusted_proxies(settings, worker, help_request):
    settings.TRUSTED_PROXY_COUNT = 0
    login(worker).get(reverse("intake:request_detail", args=[help_request.pk]), REMOTE_ADDR=PROXY,
                      HTTP_X_FORWARDED_FOR="203.0.113.9")
    entry = AccessLogEntry.objects.filter(object_type="intake.helprequest",
                                          object_id=str(help_request.pk)).latest("id")
    assert entry.ip_address == PROXY


@pytest.mark.django_db
def test_the_survey_code_limit_counts_per_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SURVEY_CODE_RATE_LIMIT = 2
    url = reverse("survey:code")
    first = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    statuses = [first.post(url, {"code": "AAAAAAAA"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Another resident behind the same proxy still gets in; a spoofed left entry changes nothing.
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 203.0.113.10")
    assert other.post(url, {"code": "AAAAAAAA"}).status_code == 200
    spoofing = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert spoofing.post(url, {"code": "AAAAAAAA"}).status_code == 429


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_lock_out_that_client_only(settings, worker):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(url, {"username": worker.username, "password": "fout"})
    assert guesser.post(url, {"username": worker.username, "password": "meitinker-demo-2026"}).status_code == 429
    colleague_desk = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    response = colleague_desk.post(url, {"username": worker.username, "password": "meitinker-demo-2026"})
    assert response.status_code == 302


@pytest.mark.parametrize("remote_addr,network", [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2::abcd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
])
def test_a_rate_limit_counts_an_ipv4_address_or_an_ipv6_64(remote_addr, network):
    assert client_network(request_from(remote_addr=remote_addr)) == network
