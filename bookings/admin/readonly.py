from django.contrib import admin


class ReadOnlyMixin:
    """For records the site writes (emails, history): viewed here, never edited."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    template = "admin/edit_inline/readonly_tabular.html"
    extra = 0
    can_delete = False
    show_change_link = False
