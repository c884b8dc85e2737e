"""Read-only views of the trust records for staff in the Django admin: the audit trail of reads
and exports of member data. Nobody edits or deletes an audit event from here."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor_id", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_type", "target_id")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "action", "actor", "target_type", "target_id", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
