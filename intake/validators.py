"""Dutch identifiers, validated with python-stdnum and explained in Dutch (via gettext)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode


def normalise_bsn(value: str) -> str:
    """Strip spaces and dots; an 8-digit BSN (a dropped leading zero) gets its zero back."""
    return stdnum_bsn.compact(value or "")


def validate_bsn(value: str) -> None:
    """Citizen service number: nine digits passing the eleven-test."""
    # Count digits before compacting: stdnum pads any short number with zeros.
    digits = "".join(ch for ch in (value or "") if ch not in " .-")
    compact = normalise_bsn(value)
    if not digits.isdigit() or len(digits) not in (8, 9):
        raise ValidationError(_("A BSN has nine digits."), code="bsn_length")
    try:
        stdnum_bsn.validate(compact)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid BSN: it does not pass the eleven-test. Check the digits."),
            code="bsn_checksum",
        ) from None


def normalise_postcode(value: str) -> str:
    """'8441 ab' -> '8441AB'."""
    return (value or "").replace(" ", "").upper()


def validate_postcode(value: str) -> None:
    """Dutch postcode: four digits (not starting with 0) and two letters, not SA, SD or SS."""
    try:
        stdnum_postcode.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, for example 8441 AB."),
            code="postcode",
        ) from None


def mask_bsn(value: str) -> str:
    """Show only the last four digits (•••••0019) except where the task needs the whole number."""
    if not value:
        return ""
    return "•" * (len(value) - 4) + value[-4:]
