"""Auth, self and reference data (API.md: "Auth and self", "Reference data")."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from members.models import ApiToken, Organisation, User, WorkingGroup
from members.selectors import organisation_list, token_list, user_roles, working_group_list
from members.services import token_create, token_revoke, user_update_preferences


class TokenApi(APIView):
    """Exchange a username and password for an API token (400 when they are wrong).

    The same message for an unknown user and a wrong password (DRF's
    ``AuthTokenSerializer``); the token lasts ``PLENUM_TOKEN_TTL`` days.
    """

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer(
            "TokenResponse",
            {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
        ),
    )
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        token, raw = token_create(user=credentials.validated_data["user"], name=_("API sign-in"))
        return Response(
            {
                "token": raw,
                "expires_at": serializers.DateTimeField().to_representation(token.expiry),
            }
        )


class TokenOutput(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(source="created")
    expires_at = serializers.DateTimeField(source="expiry")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created_at", "expires_at", "last_used_at"]


class TokenCreatedOutput(TokenOutput):
    token = serializers.CharField(help_text="The token itself: shown this once.")

    class Meta(TokenOutput.Meta):
        fields = ["id", "name", "token", "created_at", "expires_at", "last_used_at"]


class TokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False)


class MyTokenListApi(APIView):
    """The signed-in user's API tokens; POST creates one, shown this once."""

    @extend_schema(responses=TokenOutput(many=True))
    def get(self, request):
        return Response(TokenOutput(token_list(user=request.user), many=True).data)

    @extend_schema(request=TokenInput, responses={201: TokenCreatedOutput})
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = token_create(user=request.user, **data.validated_data)
        token.token = raw
        return Response(TokenCreatedOutput(token).data, status=status.HTTP_201_CREATED)


class MyTokenApi(APIView):
    """Revoke one of the signed-in user's tokens (another person's: 404)."""

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        token_revoke(user=request.user, token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
