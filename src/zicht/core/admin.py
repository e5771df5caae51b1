from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken, AuditEvent, User
from .services import api_token_revoke


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "organisation", "is_api_client", "is_active", "is_staff"]
    list_filter = ["role", "is_api_client", "is_active", "is_staff", "is_superuser"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["organisation", "scope_province", "scope_region", "scope_municipality"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            _("Rol en bereik"),
            {
                "fields": [
                    "role",
                    "organisation",
                    "scope_province",
                    "scope_region",
                    "scope_municipality",
                    "is_api_client",
                ],
                "description": _(
                    "Een provinciale rol heeft een provincie nodig, een regionale rol een regio, een gemeentelijke "
                    "rol een gemeente en een marktpartij een organisatie."
                ),
            },
        ),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Rol en bereik"),
            {"fields": ["role", "organisation", "scope_province", "scope_region", "scope_municipality"]},
        ),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log can be read here, never written: the database refuses changes as well."""

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "object_repr", "client_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_type", "object_id", "object_repr", "detail"]
    date_hierarchy = "at"
    show_full_result_count = False  # counting a large log on every page view is slow

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `zicht token create` (the plaintext is shown once); here they are listed and revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "active"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]
    exclude = ["key_hash"]

    @admin.display(boolean=True, description=_("actief"))
    def active(self, obj: ApiToken) -> bool:
        return obj.is_active

    @admin.action(description=_("Geselecteerde tokens intrekken"), permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user, request=request)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token ingetrokken.", "%(count)d tokens ingetrokken.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request) -> bool:
        # Editing is switched off below, so revoking is tied to the change permission it would otherwise need.
        return request.user.has_perm("core.change_apitoken")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
