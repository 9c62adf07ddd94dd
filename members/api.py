"""Auth, self and reference data (API.md: "Auth and self", "Reference data")."""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.utils import html
from rest_framework.views import APIView

from config.fields import TextField
from config.permissions import allows
from members.models import (
    ApiToken,
    Network,
    Organisation,
    PortalOrganisationSize,
    PortalOrganisationType,
    User,
    WorkingGroup,
    validate_country,
    validate_transparency_register_id,
)
from members.selectors import (
    network_logo_url,
    organisation_list,
    token_list,
    user_roles,
    working_group_list,
)
from members.services import (
    KEEP,
    network_update,
    second_factor_check,
    token_create,
    token_revoke,
    user_update_preferences,
)
from members.throttle import signin_throttle


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
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp": serializers.CharField(
                    required=False,
                    help_text="The authenticator app's code or a recovery code: required "
                    "when the account has two-factor authentication on.",
                ),
            },
        ),
        responses=inline_serializer(
            "TokenResponse",
            {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
        ),
    )
    def post(self, request):
        # Failed sign-ins: 429 with Retry-After, the web's counters (members/throttle.py).
        username = request.data.get("username", "") if hasattr(request.data, "get") else ""
        if (refused := signin_throttle(request, str(username))) is not None:
            return refused
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        second_factor_check(user=user, otp=request.data.get("otp"), request=request._request)
        token, raw = token_create(user=user, name=_("API sign-in"), request=request)
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
    token = TextField(help_text="The token itself: shown this once.")

    class Meta(TokenOutput.Meta):
        fields = ["id", "name", "token", "created_at", "expires_at", "last_used_at"]


class TokenInput(serializers.Serializer):
    name = TextField(max_length=100)
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
        token, raw = token_create(user=request.user, request=request, **data.validated_data)
        token.token = raw
        return Response(TokenCreatedOutput(token).data, status=status.HTTP_201_CREATED)


class MyTokenApi(APIView):
    """Revoke one of the signed-in user's tokens (another person's: 404)."""

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        token_revoke(user=request.user, token_id=pk, request=request)
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


# --- the network's profile (API.md "Reference data": /network/) ------------------------


class NetworkOutput(serializers.Serializer):
    name = serializers.CharField(help_text="The name in the request's language (else English).")
    names = serializers.DictField(child=serializers.CharField(), help_text="{language: name}")
    address = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    logo_url = serializers.CharField(allow_null=True)
    transparency_register_id = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 two-letter code, as the EU portal asks.")
    organisation_type = serializers.CharField()
    organisation_size = serializers.CharField()


class _NamesField(serializers.DictField):
    """``{lang: name}``; in a multipart request, the same map as a JSON string."""

    def get_value(self, dictionary):
        if html.is_html_input(dictionary) and self.field_name in dictionary:
            return dictionary[self.field_name]
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("not_a_dict", input_type="str")
        return super().to_internal_value(data)


class NetworkInput(serializers.Serializer):
    names = _NamesField(
        child=TextField(max_length=200, allow_blank=True),
        required=False,
        help_text='{"en": …, "fr": …}; English is required. As a JSON string in multipart.',
    )
    address = TextField(required=False, allow_blank=True, max_length=500)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    transparency_register_id = TextField(
        required=False,
        allow_blank=True,
        max_length=32,
        validators=[validate_transparency_register_id],
        help_text="Digits, a hyphen and two digits, e.g. 123456789012-34.",
    )
    country = TextField(
        required=False,
        allow_blank=True,
        max_length=2,
        validators=[validate_country],
        help_text="ISO 3166 two-letter code (BE).",
    )
    organisation_type = serializers.ChoiceField(
        choices=PortalOrganisationType.choices, required=False, allow_blank=True
    )
    organisation_size = serializers.ChoiceField(
        choices=PortalOrganisationSize.choices, required=False, allow_blank=True
    )
    logo = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="PNG, JPEG or SVG, at most 512 KB (multipart); null or empty removes it.",
    )


def network_output(network: Network, request) -> dict:
    return {
        "name": network.name_in(translation.get_language()),
        "names": network.names,
        "address": network.address,
        "email": network.email,
        "website": network.website,
        "logo_url": request.build_absolute_uri(url) if (url := network_logo_url(network)) else None,
        "transparency_register_id": network.transparency_register_id,
        "country": network.country,
        "organisation_type": network.organisation_type,
        "organisation_size": network.organisation_size,
    }


class NetworkApi(APIView):
    """The network's profile (SPEC §12): any signed-in user reads it; the secretariat
    changes it with ``PATCH`` (JSON, or multipart/form-data to upload the logo)."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [allows("members.edit_network")()]
        return super().get_permissions()

    @extend_schema(responses=NetworkOutput)
    def get(self, request):
        return Response(NetworkOutput(network_output(Network.objects.get_solo(), request)).data)

    @extend_schema(
        request={"application/json": NetworkInput, "multipart/form-data": NetworkInput},
        responses=NetworkOutput,
    )
    def patch(self, request):
        self.check_object_permissions(request, None)
        data = NetworkInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        logo = values.pop("logo", KEEP)
        network = network_update(actor=request.user, logo=logo, **values)
        return Response(NetworkOutput(network_output(network, request)).data)
