"""The API asks the same permissions as the services, the pages and the templates.

``allows("consultations.hide_comment")`` is a DRF permission class that, when a
view calls ``self.check_object_permissions(request, obj)``, enforces that
permission (``members.rules.rules_enforce``): 403 for the role, the action's
409 for the state, before the input is read. The service enforces it again
under its lock, so a state that changed in between is still refused.
"""

from rest_framework.permissions import IsAuthenticated

from members.rules import rules_enforce


def allows(name: str) -> type[IsAuthenticated]:
    class Allows(IsAuthenticated):
        def has_object_permission(self, request, view, obj) -> bool:
            rules_enforce(name, request.user, obj)
            return True

    Allows.__name__ = Allows.__qualname__ = f"Allows[{name}]"
    return Allows
