"""Users, the append-only audit log and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import SCOPE_OF_ROLE, Role, ScopeKind


class User(AbstractUser):
    """A staff member or an organisation's API client: one role with one scope (DOMAIN §1)."""

    role = models.CharField(_("rol"), max_length=32, choices=Role.choices, default=Role.POLICY_OFFICER)
    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    scope_province = models.ForeignKey(
        "geography.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT
    )
    scope_region = models.ForeignKey(
        "geography.Region", verbose_name=_("regio"), null=True, blank=True, on_delete=models.PROTECT
    )
    scope_municipality = models.ForeignKey(
        "geography.Municipality", verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_api_client = models.BooleanField(_("API-client"), default=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def scope_kind(self) -> str:
        if self.is_superuser:
            return ScopeKind.INSTALLATION
        return SCOPE_OF_ROLE[self.role]

    def clean(self) -> None:
        super().clean()
        required = {
            ScopeKind.PROVINCE: ("scope_province", _("Een provinciale rol heeft een provincie nodig.")),
            ScopeKind.REGION: ("scope_region", _("Een regionale rol heeft een regio nodig.")),
            ScopeKind.MUNICIPALITY: ("scope_municipality", _("Een gemeentelijke rol heeft een gemeente nodig.")),
            ScopeKind.ORGANISATION: ("organisation", _("Een marktpartij hoort bij een organisatie.")),
        }.get(self.scope_kind)
        if required and getattr(self, f"{required[0]}_id") is None:
            raise ValidationError({required[0]: required[1]})


class AuditAction(models.TextChoices):
    READ = "read", _("gelezen")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inloggen mislukt")
    LOGOUT = "logout", _("uitgelogd")
    TOKEN_CREATED = "token_created", _("token aangemaakt")
    TOKEN_REVOKED = "token_revoked", _("token ingetrokken")
    IMPORT = "import", _("geïmporteerd")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")


class AppendOnlyRecord(models.Model):
    """A history row (status changes): added to, never edited or deleted, as Signalen keeps its history."""

    append_only_message = _("Deze geschiedenis wordt aangevuld, nooit gewijzigd.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self._refuse()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self._refuse()

    def _refuse(self) -> Exception:
        return ValidationError(self.append_only_message)


class AuditEvent(models.Model):
    """One entry of the append-only audit log: who did what to which object, when and from where.

    The database refuses UPDATE and DELETE on this table as well (triggers in the migration).
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # PROTECT: a user with audit history is deactivated, never deleted (SET_NULL would rewrite the log).
    actor = models.ForeignKey(
        User, verbose_name=_("wie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("wie (naam)"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_repr = models.CharField(_("omschrijving"), max_length=200, blank=True)
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    client_address = models.GenericIPAddressField(_("adres van de client"), null=True, blank=True)
    municipality = models.ForeignKey(
        "geography.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit log is append-only.")


class ApiToken(models.Model):
    """An organisation's API token. Only a SHA-256 hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, verbose_name=_("API-client"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van de token"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
