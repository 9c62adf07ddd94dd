"""Admin plumbing shared by every app."""


class ReadOnlyAdminMixin:
    """An admin (or inline) that shows rows and never adds, changes or deletes them:
    the services write them. Put it before ``admin.ModelAdmin`` (or the inline
    class) in the bases; actions that go through a service still work.

    ``allow_delete = True`` lets whoever holds the delete permission delete
    rows, nothing else.
    """

    allow_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.allow_delete and super().has_delete_permission(request, obj)
