from __future__ import annotations

import datetime

import phonenumbers
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from accounts.models import Zone
from toegang.forms import DateInput, StyledFormMixin

from .models import Organisation, Person, ReferralStatus, Service, Urgency, Weekday

PHOTO_MAX_BYTES = 2 * 1024 * 1024
# A face in a directory card; well below Pillow's own decompression-bomb limits (see check_photo).
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
CONSENT_MAX_DAYS = 366


def normalise_dutch_phone(value: str) -> str:
    """A Dutch phone number in E.164 ("+31612345678"), for a tel: link that works on any device.
    Raises ValidationError in Dutch for anything that is not a valid Dutch number."""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        raise forms.ValidationError(_("Enter a Dutch phone number, for example 06 12345678 or 0513 123456."),
                                    code="phone") from None
    if number.country_code != 31 or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Enter a Dutch phone number, for example 06 12345678 or 0513 123456."),
                                    code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_photo(photo: UploadedFile) -> str:
    """Size first (cheap), then let Pillow decide what the file really is: the name and the
    browser's content type are the uploader's claims, not facts. Returns the content type."""
    if photo.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(_("The photo is too large: at most 2 MB."), code="too_large")
    # A few bytes can claim 20 000 by 20 000 pixels (a decompression bomb). Pillow refuses that
    # on open only above twice its own limit (~179 MP) and merely warns above ~89 MP, so the
    # limit is ours, checked on the header's size before anything is decoded.
    too_many_pixels = forms.ValidationError(
        _("Upload a photo in JPEG or PNG format of at most %(megapixels)d megapixels."),
        code="too_many_pixels", params={"megapixels": PHOTO_MAX_PIXELS // 1_000_000})
    try:
        with Image.open(photo) as image:
            width, height = image.size
            if width * height > PHOTO_MAX_PIXELS:
                raise too_many_pixels
            image.verify()
            kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # The warning arrives as an exception where warnings are errors (the test suite).
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise forms.ValidationError(_("Upload a photo in JPEG or PNG format."), code="type") from None
    finally:
        photo.seek(0)
    if kind not in PHOTO_TYPES:
        raise forms.ValidationError(_("Upload a photo in JPEG or PNG format."), code="type")
    return PHOTO_TYPES[kind]


class DirectorySearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search by name, expertise, organisation or zone"), required=False,
                        max_length=100)
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.all(), required=False,
                                  empty_label=_("All zones"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(),
                                          required=False, empty_label=_("All organisations"))


class PersonForm(StyledFormMixin, forms.ModelForm):
    expertise = forms.CharField(label=_("Expertise"), required=False, max_length=500,
                                help_text=_("Separate with commas, for example: debts, budgeting, benefits."))
    availability = forms.TypedMultipleChoiceField(label=_("Days present at the service point"),
                                                  choices=Weekday.choices, coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    photo = forms.FileField(label=_("Photo"), required=False,
                            help_text=_("JPEG or PNG, at most 2 MB."),
                            widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}))
    # A plain file input plus this box: Django's ClearableFileInput would link to MEDIA_URL,
    # which is deliberately not served (photos go through the access-checked view).
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = ["name", "job_title", "expertise", "zones", "phone", "email", "availability",
                  "availability_note", "photo", "is_organisation_admin", "active"]
        widgets = {"zones": forms.CheckboxSelectMultiple}

    def __init__(self, *args, may_manage: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        if self.instance.pk:
            self.initial["expertise"] = ", ".join(self.instance.expertise)
            self.initial["version"] = self.instance.version
        if not self.instance.photo:
            del self.fields["remove_photo"]
        if not may_manage:
            del self.fields["is_organisation_admin"]
            del self.fields["active"]

    def clean_expertise(self) -> list[str]:
        raw = self.cleaned_data["expertise"] or ""
        tags = []
        for tag in (t.strip().lower() for t in raw.split(",")):
            if tag and tag not in tags:
                if len(tag) > 60:
                    raise forms.ValidationError(_("Keep each expertise under 60 characters."))
                tags.append(tag)
        return tags

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return normalise_dutch_phone(value) if value else ""

    def clean_photo(self) -> UploadedFile | None:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            self.photo_content_type = check_photo(photo)
            return photo
        return None


class ReferralForm(StyledFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    partner_contact = forms.ModelChoiceField(label=_("Contact at the partner"), queryset=Person.objects.none(),
                                             required=False, empty_label=_("No one in particular"))
    question = forms.CharField(label=_("What is asked of the partner"), widget=forms.Textarea(attrs={"rows": 4}),
                               max_length=4000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL,
                                widget=forms.RadioSelect)
    share_request = forms.BooleanField(label=_("The resident's own question"), required=False)
    share_summary = forms.BooleanField(label=_("The conversation summary (own strength, network, agreements)"),
                                       required=False)
    share_scores = forms.BooleanField(label=_("The self-reliance scores"), required=False)
    share_debts = forms.BooleanField(label=_("The debt screening (arrears, threats, note)"), required=False)
    consent_until = forms.DateField(label=_("Consent valid until"), widget=DateInput,
                                    help_text=_("After this date the partner no longer sees the referral."))
    consent_given = forms.BooleanField(
        label=_("The resident agreed to this referral and to sharing exactly the parts ticked above"),
        error_messages={"required": _("Record the resident's consent before sending the referral.")},
    )

    SHARES = ("share_request", "share_summary", "share_scores", "share_debts")

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["service"].queryset = (Service.objects.filter(active=True).select_related("organisation")
                                           .order_by("organisation__name", "name"))
        self.fields["partner_contact"].queryset = (Person.objects.active().select_related("organisation")
                                                   .order_by("organisation__name", "name"))
        self.fields["partner_contact"].label_from_instance = lambda p: f"{p.name}, {p.organisation.name}"
        self.fields["consent_until"].widget.attrs["min"] = today.isoformat()

    def clean_consent_until(self) -> datetime.date:
        value = self.cleaned_data["consent_until"]
        if value < self.today:
            raise forms.ValidationError(_("Consent must still be valid today."))
        if value > self.today + datetime.timedelta(days=CONSENT_MAX_DAYS):
            raise forms.ValidationError(_("Consent lasts at most a year; ask again after that."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        contact, service = data.get("partner_contact"), data.get("service")
        if contact and service and contact.organisation_id != service.organisation_id:
            self.add_error("partner_contact", _("This person does not work for the organisation of the service."))
        return data

    @property
    def shares(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in self.SHARES}


class PlanReferralForm(ReferralForm):
    """A referral from the household's plan: besides the conversation's parts, the resident may
    consent to sharing the plan's goals and actions."""

    share_goals = forms.BooleanField(label=_("The plan's goals (life domain and goal in the resident's words)"),
                                     required=False)
    share_actions = forms.BooleanField(label=_("The plan's actions (who does what, by when)"), required=False)

    SHARES = (*ReferralForm.SHARES, "share_goals", "share_actions")


class ReferralRespondForm(StyledFormMixin, forms.Form):
    ACTIONS = [(ReferralStatus.ACCEPTED, _("Accept")), (ReferralStatus.DECLINED, _("Decline")),
               (ReferralStatus.STARTED, _("Start")), (ReferralStatus.FINISHED, _("Finish"))]

    to = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    feedback = forms.CharField(label=_("Feedback on the outcome"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("What was done and did it work? The front door learns from it."))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("to") == ReferralStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the referral is declined, so the sender can look further."))
        if data.get("to") == ReferralStatus.FINISHED and not (data.get("feedback") or "").strip():
            self.add_error("feedback", _("Give feedback on the outcome before finishing."))
        return data


def default_consent_until(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=180)
