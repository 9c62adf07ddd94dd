"""Who: users, member organisations, working groups, the board and the network's profile."""

import io
import re
import zoneinfo

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
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


class IdempotencyKey(models.Model):
    """An API write sent with an ``Idempotency-Key`` header, and how it was answered.

    Claimed in the same transaction as the write (``config.idempotency``): a repeat
    by the same user with the same key within 24 hours is answered with the stored
    response instead of acting again; the unique constraint decides between two
    repeats at the same moment. Pruned after 24 hours (``config.idempotency.prune``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=2000)
    #: SHA-256 of the method, path, query string and body: the same key with another
    #: request is refused.
    request_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_user_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


# --- the network's own profile (SPEC §12) ---------------------------------------------

#: The storage folder of the logo (``papers.render.MEDIA_FOLDERS`` lets papers load it).
LOGO_FOLDER = "network/"
#: The largest logo accepted, in bytes.
LOGO_MAX_BYTES = 512 * 1024
#: Smallest and largest width or height of a PNG/JPEG logo, in pixels.
LOGO_MIN_PIXELS, LOGO_MAX_PIXELS = 16, 4096
#: Elements and attributes an SVG logo may not carry (it is a picture, not a program).
_SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object"}
_SVG_NS = "{http://www.w3.org/2000/svg}"
#: CSS that loads a file (``url(…)`` not pointing inside the SVG, ``@import``).
_CSS_URL = re.compile(rb"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
#: Transparency Register IDs: digits, a hyphen, two digits (``123456789012-34``).
TRANSPARENCY_REGISTER_ID = r"^[0-9]+-[0-9]{2}$"


def _logo_bytes(file) -> bytes:
    if file.size is not None and file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024},
            code="logo_too_large",
        )
    file.seek(0)
    content = file.read(LOGO_MAX_BYTES + 1)
    file.seek(0)
    if len(content) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024},
            code="logo_too_large",
        )
    return content


def _svg_check(content: bytes) -> None:
    from lxml import etree

    bad = ValidationError(_("This SVG file cannot be read as a picture."), code="logo_invalid")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        raise bad from None
    if root.tag != f"{_SVG_NS}svg" or root.getroottree().docinfo.internalDTD is not None:
        raise bad
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if etree.QName(element).localname in _SVG_FORBIDDEN or any(
            etree.QName(name).localname.lower().startswith("on") for name in element.attrib
        ):
            raise ValidationError(
                _("An SVG logo may not contain scripts or embedded content."),
                code="logo_invalid",
            )
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not value.startswith("#"):
                raise ValidationError(
                    _("An SVG logo may not load other files."), code="logo_invalid"
                )
    if _CSS_URL.search(content):
        raise ValidationError(_("An SVG logo may not load other files."), code="logo_invalid")
    if not root.get("viewBox") and not (root.get("width") and root.get("height")):
        raise ValidationError(
            _("An SVG logo needs a viewBox or a width and a height."), code="logo_invalid"
        )


def logo_kind(file) -> str:
    """``"png"``, ``"jpg"`` or ``"svg"``: what the logo file really is, from its
    content (not its name), or raise ``ValidationError`` with what is wrong."""
    from PIL import Image, UnidentifiedImageError

    content = _logo_bytes(file)
    head = content.lstrip()[:512].lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        _svg_check(content)
        return "svg"
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind, (width, height), mode = image.format, image.size, image.mode
            image.verify()
    except Image.DecompressionBombError:
        kind, width, height, mode = "PNG", LOGO_MAX_PIXELS + 1, LOGO_MAX_PIXELS + 1, "RGB"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in {"PNG", "JPEG"}:
        raise ValidationError(_("The logo must be a PNG, JPEG or SVG file."), code="logo_type")
    if not (
        LOGO_MIN_PIXELS <= width <= LOGO_MAX_PIXELS and LOGO_MIN_PIXELS <= height <= LOGO_MAX_PIXELS
    ):
        raise ValidationError(
            _("The logo must be between %(min)s and %(max)s pixels wide and high.")
            % {"min": LOGO_MIN_PIXELS, "max": LOGO_MAX_PIXELS},
            code="logo_dimensions",
        )
    if mode == "CMYK":  # a PDF/A paper declares RGB colours
        raise ValidationError(_("The logo must be in RGB colours, not CMYK."), code="logo_colours")
    return "png" if kind == "PNG" else "jpg"


def validate_logo(file) -> None:
    logo_kind(file)


#: Digits, a hyphen, two digits; the model, the API and the page share it.
validate_transparency_register_id = RegexValidator(
    TRANSPARENCY_REGISTER_ID,
    _(
        "Enter the Transparency Register ID as digits, a hyphen and two digits, "
        "e.g. 123456789012-34."
    ),
    code="transparency_register_id",
)


def validate_country(code: str) -> None:
    """A country's ISO 3166 two-letter code (django-countries' list), as the portal asks."""
    from django_countries import countries

    if code and code.upper() not in dict(countries):
        raise ValidationError(
            _("“%(code)s” is not a country code (two letters, e.g. BE).") % {"code": code},
            code="country",
        )


class PortalOrganisationType(models.TextChoices):
    """The organisation types the EU's “Have your say” portal offers (SPEC §12)."""

    ACADEMIC = "Academic/research institution", _("Academic/research institution")
    BUSINESS_ASSOCIATION = "Business association", _("Business association")
    COMPANY = "Company/business", _("Company/business")
    CONSUMER = "Consumer organisation", _("Consumer organisation")
    ENVIRONMENTAL = "Environmental organisation", _("Environmental organisation")
    NGO = "Non-governmental organisation", _("Non-governmental organisation (NGO)")
    PUBLIC_AUTHORITY = "Public authority", _("Public authority")
    TRADE_UNION = "Trade union", _("Trade union")
    OTHER = "Other", _("Other")


class PortalOrganisationSize(models.TextChoices):
    """The organisation sizes the portal offers."""

    MICRO = "Micro (1 to 9 employees)", _("Micro (1 to 9 employees)")
    SMALL = "Small (10 to 49 employees)", _("Small (10 to 49 employees)")
    MEDIUM = "Medium (50 to 249 employees)", _("Medium (50 to 249 employees)")
    LARGE = "Large (250 or more)", _("Large (250 or more)")


def validate_network_names(value) -> None:
    """``{lang: name}``: known paper languages, non-empty names, English required."""
    languages = dict(settings.PAPER_LANGUAGES)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(
            _("Give the names as a map of language code to name."), code="names_invalid"
        )
    unknown = sorted(code for code in value if code not in languages)
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="names_language",
        )
    if not value.get("en", "").strip():
        raise ValidationError(_("The English name is required."), code="names_english")
    if any(not v.strip() or len(v) > 200 for v in value.values()):
        raise ValidationError(_("Each name has 1 to 200 characters."), code="names_length")


class NetworkManager(models.Manager):
    def get_solo(self) -> "Network":
        """The one profile, created on first use with the name from the settings."""
        network, _created = self.get_or_create(
            pk=Network.SOLO_PK, defaults={"names": {"en": settings.PLENUM_NETWORK_NAME}}
        )
        return network


class Network(models.Model):
    """The network's own profile (SPEC §12): one row, printed on every paper's cover.

    Edited by the secretariat (``members.edit_network``); read through
    ``Network.objects.get_solo()``, which creates it on first use.
    """

    SOLO_PK = 1

    #: The network's name per language, ``{"en": …, "fr": …}``; English is required
    #: and is the fallback of every other language.
    names = models.JSONField(
        _("names"),
        default=dict,
        validators=[validate_network_names],
        help_text=_("The network's name in each language; English is required."),
    )
    #: Postal address, as printed (several lines).
    address = models.TextField(_("postal address"), blank=True, max_length=500)
    #: Contact email printed on papers.
    email = models.EmailField(_("contact email"), blank=True)
    #: Website printed on papers.
    website = models.URLField(_("website"), blank=True)
    #: PNG, JPEG or SVG, at most ``LOGO_MAX_BYTES``; stored through the default storage.
    logo = models.FileField(
        _("logo"),
        upload_to=LOGO_FOLDER,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or SVG, at most 512 KB."),
    )
    #: ID in the EU Transparency Register (digits, a hyphen, two digits).
    transparency_register_id = models.CharField(
        _("EU Transparency Register ID"),
        max_length=32,
        blank=True,
        validators=[validate_transparency_register_id],
    )
    #: What the EU portal asks of the organisation answering (SPEC §12).
    country = models.CharField(
        _("country"), max_length=2, blank=True, default="BE", validators=[validate_country]
    )
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=100,
        blank=True,
        choices=PortalOrganisationType.choices,
        default=PortalOrganisationType.NGO,
    )
    organisation_size = models.CharField(
        _("organisation size"),
        max_length=50,
        blank=True,
        choices=PortalOrganisationSize.choices,
        default=PortalOrganisationSize.SMALL,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NetworkManager()

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profile")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="network_is_a_singleton")
        ]

    def __str__(self) -> str:
        return self.name_in("en")

    def name_in(self, language: str | None) -> str:
        """The name in ``language`` (``fr``, ``fr-be``), else in English."""
        names = self.names or {}
        code = (language or "en").lower()
        return names.get(code) or names.get(code.split("-")[0]) or names.get("en", "")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("expired")


class Invitation(models.Model):
    """The secretariat's invitation to one email address: a one-time link, valid
    ``PLENUM_INVITATION_DAYS`` days, to choose a username and a password.

    The link carries a random key; the row keeps only its SHA-256
    (``key_hash``), so the database never holds a usable link. Sending it again
    replaces the key (the old link stops working) and the expiry.
    """

    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organisation the person will represent, if any."),
    )
    working_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("working groups"), blank=True, related_name="+"
    )
    board_seat = models.BooleanField(_("board seat"), default=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The account made by accepting it."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label


class AccountEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("failed sign-in")
    INVITATION_SENT = "invitation_sent", _("invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET = "password_reset", _("password reset")
    MFA_ENABLED = "mfa_enabled", _("two-factor authentication turned on")
    MFA_DISABLED = "mfa_disabled", _("two-factor authentication turned off")
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("recovery codes generated")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class AccountEvent(models.Model):
    """One line of the account log (SPEC §13): written by
    ``members.services.account_event_record`` only."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events",
    )
    kind = models.CharField(_("event"), max_length=32, choices=AccountEventKind.choices)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-at"], name="accountevent_user_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user or self.detail}"


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
