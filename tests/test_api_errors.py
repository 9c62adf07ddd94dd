"""Every error body is {"detail", "code"} plus "errors" (400) or "failed_guards" (409)."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from config.conflict import Conflict

pytestmark = pytest.mark.django_db


class _Input(serializers.Serializer):
    title = serializers.CharField()
    weight = serializers.IntegerField(min_value=1)


def _call(exc_or_data, user):
    class View(APIView):
        def post(self, request):
            if isinstance(exc_or_data, dict):
                _Input(data=exc_or_data).is_valid(raise_exception=True)
            raise exc_or_data

    request = APIRequestFactory().post("/x/", {}, format="json")
    force_authenticate(request, user=user)
    return View.as_view()(request)


def test_field_errors_are_400_with_errors_by_field(user):
    response = _call({"weight": 0}, user)
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert set(response.data["errors"]) == {"title", "weight"}
    assert response.data["detail"] == "Invalid input."


def test_django_validation_error_is_400_not_500(user):
    response = _call(DjangoValidationError({"languages": ["Unknown language code(s): xx."]}), user)
    assert response.status_code == 400
    assert response.data["errors"] == {"languages": ["Unknown language code(s): xx."]}


def test_missing_role_is_403(user):
    for exc in (exceptions.PermissionDenied(), DjangoPermissionDenied()):
        response = _call(exc, user)
        assert response.status_code == 403
        assert response.data == {
            "detail": "You do not have permission to perform this action.",
            "code": "permission_denied",
        }


def test_hidden_or_missing_object_is_404(user):
    response = _call(Http404(), user)
    assert response.status_code == 404
    assert response.data["code"] == "not_found"
    assert set(response.data) == {"detail", "code"}


def test_conflict_is_409_with_failed_guards(user):
    response = _call(
        Conflict("Cannot submit.", "transition_refused", failed_guards=["has_summary"]), user
    )
    assert response.status_code == 409
    assert response.data == {
        "detail": "Cannot submit.",
        "code": "transition_refused",
        "failed_guards": ["has_summary"],
    }
