"""Users with their role, the teams they work in and the zones (woonservicezones) they serve."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """A woonservicezone or wijk: the area a worker serves. Postcodes map to it (PostcodeArea)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="zones", verbose_name=_("team"))
    places = models.CharField(_("town and villages"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """Maps a 4-digit postcode area (PC4) or a full postcode (PC6) to a zone.

    A PC6 entry wins over its PC4, so a street on the border of two zones can be placed exactly.
    """

    prefix = models.CharField(_("postcode or postcode area"), max_length=6, unique=True,
                              help_text=_("Four digits (e.g. 8441) or a full postcode without space (8441AB)."))
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="postcode_areas", verbose_name=_("zone"))

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return f"{self.prefix} → {self.zone}"

    @classmethod
    def zone_for(cls, postcode: str) -> Zone | None:
        """The zone of a normalised postcode ("8441AB"), or None when it is not mapped."""
        postcode = postcode.replace(" ", "").upper()
        areas = cls.objects.filter(prefix__in=[postcode, postcode[:4]]).select_related("zone")
        by_prefix = {area.prefix: area.zone for area in areas}
        return by_prefix.get(postcode) or by_prefix.get(postcode[:4])


class Role(models.TextChoices):
    WORKER = "worker", _("Meitinker / intake worker")
    TEAM_LEADER = "team_leader", _("Team leader")
    PARTNER_WORKER = "partner_worker", _("Partner worker")
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADMINISTRATOR = "administrator", _("Functional administrator")


class User(AbstractUser):
    """A member of staff, a partner's worker, a council member or an administrator.

    Being a mandated official (gemandateerde) is not a role: it follows from the mandate register.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
                             verbose_name=_("team"))
    zones = models.ManyToManyField(Zone, blank=True, related_name="workers", verbose_name=_("zones"))
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="accounts", verbose_name=_("partner organisation"))

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="partner_worker") | models.Q(organisation__isnull=False),
                name="partner_worker_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="team_leader") | models.Q(team__isnull=False),
                name="team_leader_has_team",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_worker(self) -> bool:
        return self.role == Role.WORKER

    @property
    def is_team_leader(self) -> bool:
        return self.role == Role.TEAM_LEADER

    @property
    def is_council_member(self) -> bool:
        return self.role == Role.COUNCIL_MEMBER

    @property
    def is_partner_worker(self) -> bool:
        return self.role == Role.PARTNER_WORKER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def handles_residents(self) -> bool:
        """Staff of the municipality's front door: they may register and look up residents."""
        return self.role in (Role.WORKER, Role.TEAM_LEADER)

    @property
    def access_key(self) -> tuple:
        """Everything the access rules (each model's `visible_to`) read from a user; SQL compiled
        from those rules may be reused for the same key (reporting.team_selectors). A rule that
        reads another attribute of the user must add it here."""
        return (self.pk, self.role, self.team_id, self.organisation_id)

    @classmethod
    def from_access_key(cls, key: tuple) -> User:
        """An unsaved stand-in with only what `access_key` holds, to build access-checked SQL."""
        pk, role, team_id, organisation_id = key
        return cls(pk=pk, role=role, team_id=team_id, organisation_id=organisation_id)


def backup_code_digest(code: str) -> str:
    """A backup code as stored: HMAC-SHA256 keyed with SECRET_KEY. Ten digits are too few to
    survive an offline guess against a plain hash, and a slow password hash per code would make
    every check cost ten hashings; without the key a copy of the table reveals nothing usable.
    Rotating SECRET_KEY therefore voids the codes (the administrator's reset issues new ones)."""
    return salted_hmac(BACKUP_CODE_KEY_SALT, code, algorithm="sha256").hexdigest()


BACKUP_CODE_KEY_SALT = "toegang.accounts.backup_code"


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """One-time backup codes for when the phone is not at hand (django-otp device). Replaces
    django-otp's StaticDevice, which keeps the codes in clear text: here only their digests are
    stored, and a code is deleted when used. Guessing is throttled like the authenticator."""

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used, _rows = self.codes.filter(digest=backup_code_digest(str(token))).delete()
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False

    class Meta(Device.Meta):
        verbose_name = _("backup code set")
        verbose_name_plural = _("backup code sets")


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="backup_code_once_per_device")]

    def __str__(self) -> str:
        return f"backup code of {self.device.user}"
