"""Auth, self and reference data (API.md: "Auth and self", "Reference data")."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from members.models import Organisation, User, WorkingGroup
from members.selectors import organisation_list, user_roles, working_group_list
from members.services import user_update_preferences
from members.throttle import signin_throttle


class TokenApi(ObtainAuthToken):
    """Exchange a username and password for an API token (400 when they are wrong)."""

    #: The project's parsers (bounded JSON), not ObtainAuthToken's own list.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        # Failed sign-ins: 429 with Retry-After, the web's counters (members/throttle.py).
        username = request.data.get("username", "") if hasattr(request.data, "get") else ""
        if (refused := signin_throttle(request, str(username))) is not None:
            return refused
        return super().post(request, *args, **kwargs)


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    language = serializers.CharField()
    timezone = serializers.CharField()
    organisation = inline_serializer(
        "MeOrganisation",
        {
            "id": serializers.IntegerField(),
            "name": serializers.CharField(),
            "country": serializers.CharField(),
        },
        allow_null=True,
    )
    working_groups = inline_serializer(
        "MeWorkingGroup",
        {
            "id": serializers.IntegerField(),
            "name": serializers.CharField(),
            "role": serializers.ChoiceField(choices=["chair", "member"]),
        },
        many=True,
    )
    is_board = serializers.BooleanField()
    is_secretariat = serializers.BooleanField()


class MeInput(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    timezone = serializers.ChoiceField(
        choices=User._meta.get_field("timezone").choices, required=False
    )


class MeApi(APIView):
    """The signed-in user and their roles; PATCH sets language and time zone."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(user_roles(user=request.user)).data)

    @extend_schema(request=MeInput, responses=MeOutput)
    def patch(self, request):
        data = MeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user_update_preferences(user=request.user, **data.validated_data)
        return Response(MeOutput(user_roles(user=request.user)).data)


class OrganisationOutput(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Organisation
        fields = ["id", "name", "country", "weight", "active"]


class OrganisationListApi(generics.ListAPIView):
    serializer_class = OrganisationOutput

    def get_queryset(self):
        return organisation_list()


class UserRefOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class WorkingGroupOutput(serializers.ModelSerializer):
    chair = UserRefOutput()
    members = UserRefOutput(many=True)

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "description", "chair", "members"]


class WorkingGroupListApi(generics.ListAPIView):
    serializer_class = WorkingGroupOutput

    def get_queryset(self):
        return working_group_list()
