import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthedHtmxRequest(HttpRequest):
    """The request every logged-in view receives (for type checkers)."""

    user: User
    htmx: HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for rate limits and the access log.

    Behind reverse proxies REMOTE_ADDR is the nearest proxy's address. Each proxy appends the
    address it received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies
    in front the client is the entry that many places from the right: the address as the
    outermost trusted proxy saw it. Everything left of it was sent by the client and can say
    anything, so it is never read. Without trusted proxies (the default) the header is ignored
    altogether; a header shorter than the chain, or an entry that is no IP address, means the
    request did not come through the proxies as configured, and REMOTE_ADDR is used.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote_addr


def client_network(request: HttpRequest) -> str:
    """The client for a rate limit: its IPv4 address, or its IPv6 /64. One subscriber gets a
    whole /64 and may use any address in it, so counting per IPv6 address counts nothing."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


# A PostgreSQL bigint holds 18 digits whatever they are; a longer id matches no row, and sent to
# the database it would fail instead of finding nothing.
_MAX_ID_DIGITS = 18


def parse_id(value: str | None) -> int | None:
    """A record id read by hand from a query string or form value, or None when it is none. Only
    ASCII digits: str.isdigit() also accepts '²' (and digits of other scripts), which int() then refuses (a 500 from a
    crafted link), or reads as another number."""
    if value and value.isascii() and value.isdecimal() and len(value) <= _MAX_ID_DIGITS:
        return int(value)
    return None
