import functools

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict:
    """The main navigation for the user's role: only links to pages the role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    links = _links(user.role, get_script_prefix())
    # One link is the current page: the one whose address is the longest start of this page's
    # (the intake queue's /intake/ also starts /intake/my-work/).
    current = max((url for url, _label in links if request.path.startswith(url) and url != "/"), key=len,
                  default=None)
    return {"nav_items": [{"url": url, "label": label, "current": url == current} for url, label in links]}


# Every page renders the navigation; its links depend only on the role (and the prefix the site
# is served under), so each process reverses them once per role instead of a dozen times a page.
@functools.cache
def _links(role: str, script_prefix: str) -> tuple[tuple[str, str], ...]:
    from accounts.models import User

    user = User(role=role)  # the role properties below read nothing else
    items = []
    if user.is_worker:
        items.append((reverse("intake:my_work"), _("My work")))
    if user.handles_residents:
        items.append((reverse("cases:my_work"), _("My plans")))
    if user.is_partner_worker:
        items.append((reverse("cases:shared"), _("Plans shared with us")))
    if user.is_team_leader:
        items.append((reverse("reporting:team"), _("Team")))
        items.append((reverse("cases:team"), _("Team plans")))
        items.append((reverse("surveys:overview"), _("Client satisfaction")))
    if user.handles_residents:
        items += [(reverse("intake:queue"), _("Intake queue")), (reverse("intake:register"), _("New request"))]
        items += [(reverse("mandates:approvals"), _("Approvals")), (reverse("mandates:clocks"), _("Decision clocks"))]
        items.append((reverse("surveys:letters"), _("Survey letters")))
    if user.handles_residents or user.is_partner_worker:
        items.append((reverse("partners:referrals"), _("Referrals")))
    if not user.is_council_member:
        items.append((reverse("partners:directory"), _("Partner directory")))
    if user.is_council_member:
        items.append((reverse("reporting:report_list"), _("Figures")))
    if user.is_team_leader or user.is_administrator:
        items.append((reverse("reporting:council"), _("Figures")))
        items.append((reverse("reporting:report_list"), _("Council reports")))
    if user.is_administrator:
        items += [(reverse("audit:search"), _("Access log")), (reverse("admin:index"), _("Administration"))]
        items.append((reverse("privacy:restrictions"), _("Privacy")))
    return tuple(items)
