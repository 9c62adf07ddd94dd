"""Who: users, member organisations, working groups and the board."""

import zoneinfo

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS


class OrganisationQuerySet(models.QuerySet):
    def eligible(self) -> "OrganisationQuerySet":
        """Active organisations with at least one active representative: those that
        may vote when a vote opens and are reminded of a consultation."""
        return self.filter(
            Exists(User.objects.filter(organisation=OuterRef("pk"), is_active=True)),
            active=True,
        )


class Organisation(models.Model):
    """A national member network. Its representatives act for it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"), help_text=_("ISO 3166-1 alpha-2 code."))
    weight = models.PositiveSmallIntegerField(
        _("voting weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How much the organisation's ballot counts; at least 1."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active organisations may vote.")
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="organisation_weight_gte_1"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _timezone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]


class UserQuerySet(models.QuerySet):
    def active_representatives(self) -> "UserQuerySet":
        """Active users who represent an active organisation (the people of
        ``Organisation.objects.eligible()``)."""
        return self.filter(is_active=True, organisation__active=True)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    """A person. Represents at most one organisation; secretariat is ``is_staff``."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        help_text=_("The member organisation this user represents, if any."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=_timezone_choices, default="Europe/Brussels"
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm: str, obj=None) -> bool:
        """Plenum's permissions (each app's ``rules.py``) are answered by their rule
        alone, for superusers too: no one holds a role they were not given (SPEC §1:
        not even a superuser casts an organisation's ballot). So ``{% has_perm %}``,
        the views and the services agree. Django's model permissions (the admin)
        keep their usual answer."""
        if rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class WorkingGroup(models.Model):
    """A group that drafts propositions. It has exactly one chair (also a member)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    chair = models.ForeignKey(
        User, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="chaired_groups"
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), related_name="working_groups", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name


class BoardMembership(models.Model):
    """A seat on the board, which approves adopted positions."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="board_membership"
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__username"]
        verbose_name = _("board membership")
        verbose_name_plural = _("board memberships")

    def __str__(self) -> str:
        return str(self.user)


class FormClaim(models.Model):
    """A web form's one-time token, claimed by the post that acted on it.

    Claimed in the same transaction as the form's action (``config.once.acts_once``),
    so a second post of the same form (a double click) finds it and is sent where
    the first one went instead of acting again; the unique constraint decides
    between two posts at the same moment.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    redirect_to = models.CharField(max_length=2000, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="formclaim_user_token_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.token}"


class ApiTokenManager(AuthTokenManager):
    """``ApiToken.objects``, which knox looks tokens up with: the user's organisation
    comes in the same query (the API needs it on nearly every request)."""

    def get_queryset(self):
        return super().get_queryset().select_related("user__organisation")


class ApiToken(AbstractAuthToken):
    """A personal API token (SPEC §13): knox's hashed, expiring token with a name.

    knox stores only the SHA-512 digest and the first 15 characters
    (``token_key``, to find the row); the token itself is shown once, when created.
    It is knox's token model (``KNOX_TOKEN_MODEL``), with a number as its key for
    the API's ``/me/tokens/{id}/``, a name, and when it was last used.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=100)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    #: The default manager, so related managers (``user.auth_token_set``, which knox
    #: reads on each request to drop expired tokens) make no join.
    plain = AuthTokenManager()
    objects = ApiTokenManager()

    class Meta:
        # No default ordering: knox's two queries a request would sort for nothing.
        default_manager_name = "plain"
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name
